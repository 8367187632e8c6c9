//! Property tests of everything that reads what a server sends: any body either parses into the
//! typed models or yields a typed error, and no header, link or timestamp makes the client
//! panic. Inputs are mutations of real API bodies plus random bytes, from a fixed seed.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{json, Value};
use terraform_provider_oig::client::conditions::RequestCondition;
use terraform_provider_oig::client::pagination::{next_call_target, next_link};
use terraform_provider_oig::client::ratelimit::RateInfo;
use terraform_provider_oig::client::requests::{parse_rfc3339, Request, RequestMessage};
use terraform_provider_oig::client::settings::{OrgRequestSettings, ResourceRequestSettings};
use terraform_provider_oig::client::ApiError;
use terraform_provider_oig::tf::validate::IsoDuration;

#[path = "../emulator/tests/common/fuzz.rs"]
mod fuzz;

use fuzz::{Rng, Vocabulary};

/// Numbers and short strings of URL, header and ISO 8601 punctuation.
const MODELS: Vocabulary = Vocabulary {
    scalar: |rng| match rng.below(3) {
        0 => json!(-((rng.next() % 1000) as f64) / 3.0),
        1 => {
            let n = rng.below(40) as usize;
            json!(rng.text(n))
        }
        _ => json!(""),
    },
    key: |rng| {
        let n = rng.below(8) as usize;
        rng.text(n)
    },
    leaf_odds: 6,
    unknown_key_odds: 0,
};

/// Real bodies, as the API reference shows them.
fn seeds() -> Vec<Value> {
    vec![
        json!({"id": "rcob0oNGTSWTBKOLGLNR", "name": "n", "description": "d", "approvalSequenceId": "61eb0f06c462d20007f051ac",
               "requesterSettings": {"type": "GROUPS", "groups": [{"id": "00g1"}]}, "accessScopeSettings": {"type": "RESOURCE_DEFAULT"},
               "accessDurationSettings": {"type": "ADMIN_FIXED_DURATION", "duration": "P2W"}, "priority": 0, "status": "ACTIVE",
               "created": "2019-08-24T14:15:22Z", "createdBy": "00u1", "lastUpdated": "2019-08-24T14:15:22Z", "lastUpdatedBy": "00u1",
               "_links": {"self": {"href": "https://x/y"}}}),
        json!({"validAccessScopeSettings": [{"type": "RESOURCE_DEFAULT"}], "validRequesterSettings": [{"type": "EVERYONE"}],
               "validAccessDurationSettings": {"required": true, "maximumDays": 90, "maximumHours": 72, "maximumWeeks": 12, "supportedTypes": [{"type": "ADMIN_FIXED_DURATION"}]},
               "validRiskSettings": {"supportedTypes": [{"type": "DEFAULT_SETTING"}]},
               "riskSettings": {"defaultSetting": {"requestSubmissionType": "ALLOWED_WITH_NO_OVERRIDES", "error": ["INVALID_SEQUENCE"]}},
               "requestOnBehalfOfSettings": {"allowed": true, "onlyFor": ["DIRECT_REPORT"]}, "validRequestOnBehalfOfSettings": [{"type": "EVERYONE"}]}),
        json!({"subprocessorsAcknowledged": true, "provisioningStatus": "PROVISIONED", "requestExperiences": ["ADMIN_ROLES"], "longTimePastProvisioned": false}),
        json!({"id": "61eb2db568c7c300079fe001", "requestTypeId": "61eb2db568c7c300079fe002", "subject": "s", "status": "PENDING",
               "requestStatus": "OPEN", "created": "2019-08-24T14:15:22.000Z", "createdBy": "00u1", "lastUpdated": "2019-08-24T14:15:22Z",
               "requesterFieldValues": [{"id": "f", "type": "SELECT", "value": ["a"]}],
               "approvals": [{"approverType": "USER", "status": "APPROVED"}], "actions": [{"status": "COMPLETED", "action": "GRANT"}]}),
        json!({"errorCode": "E0000001", "errorSummary": "Api validation failed", "errorLink": "E0000001", "errorId": "oae1",
               "errorCauses": [{"errorSummary": "name: too long"}]}),
    ]
}

fn parse_everything(bytes: &[u8]) {
    let _ = serde_json::from_slice::<RequestCondition>(bytes);
    let _ = serde_json::from_slice::<ResourceRequestSettings>(bytes);
    let _ = serde_json::from_slice::<OrgRequestSettings>(bytes);
    let _ = serde_json::from_slice::<Request>(bytes);
    let _ = serde_json::from_slice::<RequestMessage>(bytes);
    for status in [400, 401, 404, 409, 429, 500, 502] {
        let e = ApiError::from_body(status, bytes, None);
        assert_eq!(e.status(), Some(status));
        let _ = terraform_provider_oig::tf::diag::api_error_detail(&e);
    }
}

#[test]
fn any_body_parses_or_is_a_typed_error() {
    let mut rng = Rng(0x0dd_ba11_5eed_0001);
    let mut tried = 0;
    for seed in seeds() {
        let text = seed.to_string();
        // The body as it is must parse into at least one model.
        parse_everything(text.as_bytes());
        for _ in 0..2_000 {
            let mutated = MODELS.mutate(&mut rng, &seed, 0).to_string();
            parse_everything(mutated.as_bytes());
            // Truncated and corrupted bytes, as a dropped or garbled response would give.
            let cut = rng.below(text.len() as u64) as usize;
            parse_everything(&text.as_bytes()[..cut]);
            let mut corrupt = text.clone().into_bytes();
            let at = rng.below(corrupt.len() as u64) as usize;
            corrupt[at] = rng.next() as u8;
            parse_everything(&corrupt);
            tried += 3;
        }
    }
    for _ in 0..2_000 {
        let n = rng.below(300) as usize;
        parse_everything(&rng.bytes(n));
        tried += 1;
    }
    assert!(tried > 30_000);
}

#[test]
fn headers_links_and_timestamps_never_panic() {
    let mut rng = Rng(0xfeed_face_cafe_0002);
    for _ in 0..20_000 {
        let mut h = HeaderMap::new();
        for name in [
            "x-rate-limit-limit",
            "x-rate-limit-remaining",
            "x-rate-limit-reset",
            "date",
            "link",
        ] {
            let n = rng.below(60) as usize;
            let value = match rng.below(4) {
                0 => rng.below(u64::MAX).to_string(),
                1 => format!("<http://127.0.0.1:1/x?after={}>; rel=\"next\"", rng.text(n)),
                _ => rng.text(n),
            };
            if let Ok(v) = HeaderValue::from_str(&value) {
                h.append(HeaderName::from_static(name), v);
            }
        }
        let _ = RateInfo::from_headers(&h);
        if let Some(link) = next_link(&h) {
            let _ = next_call_target("http://127.0.0.1:1", &link);
        }
        let n = rng.below(40) as usize;
        let t = rng.text(n);
        let _ = parse_rfc3339(&t);
        let _ = IsoDuration::parse(&t);
        let _ = next_call_target("https://acme.okta.com", &t);
    }
}
