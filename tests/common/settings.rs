//! Resource request settings: the emulator's copy, a configuration of them, and an org whose one
//! app has risk settings it cannot remove, shared by the settings tests.

use serde_json::{json, Value};

use super::conditions::SEQ_1;
use super::Emulator;

/// The one app of [`without_risk_settings`].
pub const SEEDED_APP: &str = "0oaseeded00000000001";

/// The API path of `resource`'s request settings.
pub fn settings_path(resource: &str) -> String {
    format!("/governance/api/v2/resources/{resource}/request-settings")
}

/// The emulator's request settings of `resource` (a GET that must succeed).
pub fn settings(emu: &Emulator, resource: &str) -> Value {
    let (st, body) = emu.api("GET", &settings_path(resource), None);
    assert_eq!(st, 200, "{body}");
    body
}

/// Changes `resource`'s request settings by `patch`, as another client would (a PATCH that must
/// succeed).
pub fn patch_settings(emu: &Emulator, resource: &str, patch: Value) {
    let (st, body) = emu.api("PATCH", &settings_path(resource), Some(patch));
    assert_eq!(st, 200, "{body}");
}

/// A configuration with the provider and one `oig_resource_request_settings` of `resource`
/// holding `blocks`.
pub fn settings_hcl(resource: &str, blocks: &str) -> String {
    format!("provider \"oig\" {{}}\n\nresource \"oig_resource_request_settings\" \"s\" {{\n  resource_id = \"{resource}\"\n{blocks}\n}}\n")
}

/// Fixtures of an org whose one app ([`SEEDED_APP`]) supports risk settings but has none: no
/// demo app does, and once set Okta's API cannot remove them.
pub fn without_risk_settings() -> Value {
    json!({
        "resources": [{
            "id": SEEDED_APP,
            "requestSettings": {
                "validAccessScopeSettings": [{"type": "RESOURCE_DEFAULT"}],
                "validRequesterSettings": [{"type": "EVERYONE"}],
                "validAccessDurationSettings": {"required": false, "maximumDays": 90, "maximumHours": 72, "maximumWeeks": 12, "supportedTypes": [{"type": "ADMIN_FIXED_DURATION"}]},
                "validRiskSettings": {"supportedTypes": [{"type": "DEFAULT_SETTING"}]},
                "validRequestOnBehalfOfSettings": [{"type": "EVERYONE"}]
            }
        }],
        "approvalSequences": [SEQ_1],
        "users": ["00uemu00000000000001"]
    })
}
