//! The built-in demo org, used when neither `--state` nor `--fixtures` provides one.
//!
//! The IDs are documented in the emulator's README; keep them stable.

use serde_json::json;

use crate::records::{ApprovalSequence, OrgSettings, RequestType, RequesterField, Resource};
use crate::store::{Ids, Store};

/// App allowing everything: resource default, groups and entitlement bundles, any duration type.
pub const APP_FULL: &str = "0oaemufull0000000001";
/// App whose requesters and access scopes can only be groups.
pub const APP_GROUPS_ONLY: &str = "0oaemugroups00000002";
/// App that requires a requester-specified duration of at most 30 days.
pub const APP_DURATION: &str = "0oaemuduration000003";
/// App without access-request support (every condition is rejected).
pub const APP_UNSUPPORTED: &str = "0oaemunone0000000004";

pub const SEQ_1: &str = "61eb0f06c462d20007f05101";
pub const SEQ_2: &str = "61eb0f06c462d20007f05102";
pub const SEQ_3: &str = "61eb0f06c462d20007f05103";
/// Names of the demo org's approval sequences (unique, so a lookup by name finds one).
pub const SEQ_1_NAME: &str = "Manager approval";
pub const SEQ_2_NAME: &str = "Manager and app owner approval";
pub const SEQ_3_NAME: &str = "Business justification and security review";

pub const GROUP_1: &str = "00gemu00000000000001";
pub const GROUP_2: &str = "00gemu00000000000002";
pub const GROUP_3: &str = "00gemu00000000000003";

pub const BUNDLE_1: &str = "enbemu00000000000001";
pub const BUNDLE_2: &str = "enbemu00000000000002";

pub const USER_ADMIN: &str = "00uemu00000000000001";
pub const USER_2: &str = "00uemu00000000000002";
pub const USER_3: &str = "00uemu00000000000003";

/// Request type with TEXT (required), SELECT and DATE-TIME requester fields.
pub const RT_FIELDS: &str = "61eb2db568c7c300079fe001";
/// Request type without requester fields.
pub const RT_PLAIN: &str = "61eb2db568c7c300079fe002";
/// Request type that is not published (DRAFT).
pub const RT_DRAFT: &str = "61eb2db568c7c300079fe003";

pub const FIELD_TEXT: &str = "05c87fe9-11f6-4d40-a033-b155b39dcdbe";
pub const FIELD_SELECT: &str = "1c5ef673-8dbb-4b9c-ac76-0b4180116e43";
pub const FIELD_DATE: &str = "ec9da40d-9c1b-41c6-8016-edfd010b02d2";

fn sequence(id: &str, name: &str, description: &str) -> ApprovalSequence {
    ApprovalSequence {
        name: name.into(),
        description: description.into(),
        ..ApprovalSequence::from_id(id)
    }
}

/// The demo org.
pub fn demo() -> Store {
    let mut store = Store {
        org: OrgSettings::default(),
        resources: vec![
            Resource {
                id: APP_FULL.into(),
                name: Some("Salesforce (everything allowed)".into()),
                request_settings: json!({
                    "validAccessScopeSettings": [
                        { "type": "RESOURCE_DEFAULT" },
                        { "type": "ENTITLEMENT_BUNDLES" },
                        { "type": "GROUPS" }
                    ],
                    "validRequesterSettings": [ { "type": "EVERYONE" }, { "type": "GROUPS" } ],
                    "validAccessDurationSettings": {
                        "required": false,
                        "maximumDays": 90,
                        "maximumHours": 72,
                        "maximumWeeks": 12,
                        "supportedTypes": [
                            { "type": "ADMIN_FIXED_DURATION" },
                            { "type": "REQUESTER_SPECIFIED_DURATION" }
                        ]
                    },
                    "validRiskSettings": { "supportedTypes": [ { "type": "DEFAULT_SETTING" } ] },
                    "riskSettings": { "defaultSetting": { "requestSubmissionType": "RESTRICTED" } },
                    "validRequestOnBehalfOfSettings": [ { "type": "EVERYONE" }, { "type": "DIRECT_REPORT" } ]
                }),
            },
            Resource {
                id: APP_GROUPS_ONLY.into(),
                name: Some("Okta Admin Console (groups only)".into()),
                request_settings: json!({
                    "validAccessScopeSettings": [ { "type": "GROUPS" } ],
                    "validRequesterSettings": [ { "type": "GROUPS" } ],
                    "validAccessDurationSettings": {
                        "required": false,
                        "maximumDays": 90,
                        "maximumHours": 72,
                        "maximumWeeks": 12,
                        "supportedTypes": [ { "type": "ADMIN_FIXED_DURATION" } ]
                    },
                    "validRiskSettings": { "supportedTypes": [] },
                    "validRequestOnBehalfOfSettings": []
                }),
            },
            Resource {
                id: APP_DURATION.into(),
                name: Some("Workday (time-bound access required)".into()),
                request_settings: json!({
                    "validAccessScopeSettings": [ { "type": "RESOURCE_DEFAULT" } ],
                    "validRequesterSettings": [ { "type": "EVERYONE" }, { "type": "GROUPS" } ],
                    "validAccessDurationSettings": {
                        "required": true,
                        "maximumDays": 30,
                        "maximumHours": 72,
                        "maximumWeeks": 4,
                        "supportedTypes": [ { "type": "REQUESTER_SPECIFIED_DURATION" } ]
                    },
                    "validRiskSettings": { "supportedTypes": [] },
                    "validRequestOnBehalfOfSettings": [ { "type": "EVERYONE" } ]
                }),
            },
            Resource {
                id: APP_UNSUPPORTED.into(),
                name: Some("Legacy app (access requests not supported)".into()),
                request_settings: json!({
                    "validAccessScopeSettings": [],
                    "validRequesterSettings": [],
                    "validAccessDurationSettings": {},
                    "validRiskSettings": { "supportedTypes": [] },
                    "validRequestOnBehalfOfSettings": []
                }),
            },
        ],
        approval_sequences: vec![
            sequence(
                SEQ_1,
                SEQ_1_NAME,
                "The requester's manager approves or denies the request.",
            ),
            sequence(
                SEQ_2,
                SEQ_2_NAME,
                "The requester's manager approves, then the app owner approves.",
            ),
            sequence(
                SEQ_3,
                SEQ_3_NAME,
                "The requester gives a business justification; the security team approves.",
            ),
        ],
        groups: Ids(vec![GROUP_1.into(), GROUP_2.into(), GROUP_3.into()]),
        entitlement_bundles: Ids(vec![BUNDLE_1.into(), BUNDLE_2.into()]),
        teams: Ids::default(),
        users: Ids(vec![USER_ADMIN.into(), USER_2.into(), USER_3.into()]),
        request_types: vec![
            RequestType {
                id: RT_FIELDS.into(),
                name: Some("Salesforce access with justification".into()),
                status: "ACTIVE".into(),
                requester_fields: vec![
                    RequesterField {
                        id: FIELD_TEXT.into(),
                        prompt: "What is the business justification for the request?".into(),
                        kind: "TEXT".into(),
                        required: true,
                        options: None,
                    },
                    RequesterField {
                        id: FIELD_SELECT.into(),
                        prompt: "Which environment?".into(),
                        kind: "SELECT".into(),
                        required: false,
                        options: Some(vec!["Production".into(), "Sandbox".into()]),
                    },
                    RequesterField {
                        id: FIELD_DATE.into(),
                        prompt: "When do you need access by?".into(),
                        kind: "DATE-TIME".into(),
                        required: false,
                        options: None,
                    },
                ],
            },
            RequestType {
                id: RT_PLAIN.into(),
                name: Some("Workday access".into()),
                status: "ACTIVE".into(),
                requester_fields: vec![],
            },
            RequestType {
                id: RT_DRAFT.into(),
                name: Some("Draft request type".into()),
                status: "DRAFT".into(),
                requester_fields: vec![],
            },
        ],
        conditions: vec![],
        requests: vec![],
        messages: vec![],
    };
    store.normalize();
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_ids_have_okta_shapes() {
        for id in [APP_FULL, APP_GROUPS_ONLY, APP_DURATION, APP_UNSUPPORTED] {
            assert_eq!(id.len(), 20, "{id}");
            assert!(id.starts_with("0oa"));
        }
        for id in [
            GROUP_1, GROUP_2, GROUP_3, BUNDLE_1, BUNDLE_2, USER_ADMIN, USER_2, USER_3,
        ] {
            assert_eq!(id.len(), 20, "{id}");
        }
        for id in [SEQ_1, SEQ_2, SEQ_3, RT_FIELDS, RT_PLAIN, RT_DRAFT] {
            assert_eq!(id.len(), 24, "{id}");
            assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
        }
        let s = demo();
        assert_eq!(s.token_user(), USER_ADMIN);
    }
}
