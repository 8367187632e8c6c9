//! Maps a method and path to an API operation and its rate-limit bucket.

use axum::http::Method;

use crate::util::percent_decode;

/// An API operation with its path parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    ListRequests,
    CreateRequest,
    GetRequest(String),
    CreateMessage(String),
    GetOrgSettings,
    PatchOrgSettings,
    GetResourceSettings(String),
    PatchResourceSettings(String),
    ListConditions(String),
    CreateCondition(String),
    GetCondition(String, String),
    PatchCondition(String, String),
    DeleteCondition(String, String),
    ActivateCondition(String, String),
    DeactivateCondition(String, String),
    ListSequences(String),
    GetSequence(String, String),
    Token,
    MethodNotAllowed,
    NotFound,
}

impl Op {
    /// The resource (as named in the path) whose conditions this operation writes.
    pub fn condition_write_resource(&self) -> Option<&str> {
        match self {
            Op::CreateCondition(r)
            | Op::PatchCondition(r, _)
            | Op::DeleteCondition(r, _)
            | Op::ActivateCondition(r, _)
            | Op::DeactivateCondition(r, _) => Some(r),
            _ => None,
        }
    }

    /// Whether the operation reads a JSON body.
    pub fn has_json_body(&self) -> bool {
        matches!(
            self,
            Op::CreateRequest
                | Op::CreateMessage(_)
                | Op::PatchOrgSettings
                | Op::PatchResourceSettings(_)
                | Op::CreateCondition(_)
                | Op::PatchCondition(_, _)
        )
    }
}

/// Resolves `method path` to an operation and its bucket (`METHOD /template/{id}`).
pub fn route(method: &Method, path: &str) -> (Op, String) {
    let trimmed = path.trim_end_matches('/');
    let segs: Vec<String> = trimmed.split('/').skip(1).map(percent_decode).collect();
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let m = method.clone();
    let (op, template): (Op, String) = match s.as_slice() {
        ["governance", "api", "v1", "requests"] => (
            match m {
                Method::GET => Op::ListRequests,
                Method::POST => Op::CreateRequest,
                _ => Op::MethodNotAllowed,
            },
            "/governance/api/v1/requests".into(),
        ),
        ["governance", "api", "v1", "requests", id] => (
            match m {
                Method::GET => Op::GetRequest(id.to_string()),
                _ => Op::MethodNotAllowed,
            },
            "/governance/api/v1/requests/{id}".into(),
        ),
        ["governance", "api", "v1", "requests", id, "messages"] => (
            match m {
                Method::POST => Op::CreateMessage(id.to_string()),
                _ => Op::MethodNotAllowed,
            },
            "/governance/api/v1/requests/{id}/messages".into(),
        ),
        ["governance", "api", "v2", "request-settings"] => (
            match m {
                Method::GET => Op::GetOrgSettings,
                Method::PATCH => Op::PatchOrgSettings,
                _ => Op::MethodNotAllowed,
            },
            "/governance/api/v2/request-settings".into(),
        ),
        ["governance", "api", "v2", "resources", r, "request-settings"] => (
            match m {
                Method::GET => Op::GetResourceSettings(r.to_string()),
                Method::PATCH => Op::PatchResourceSettings(r.to_string()),
                _ => Op::MethodNotAllowed,
            },
            "/governance/api/v2/resources/{id}/request-settings".into(),
        ),
        ["governance", "api", "v2", "resources", r, "request-conditions"] => (
            match m {
                Method::GET => Op::ListConditions(r.to_string()),
                Method::POST => Op::CreateCondition(r.to_string()),
                _ => Op::MethodNotAllowed,
            },
            "/governance/api/v2/resources/{id}/request-conditions".into(),
        ),
        ["governance", "api", "v2", "resources", r, "request-conditions", c] => (
            match m {
                Method::GET => Op::GetCondition(r.to_string(), c.to_string()),
                Method::PATCH => Op::PatchCondition(r.to_string(), c.to_string()),
                Method::DELETE => Op::DeleteCondition(r.to_string(), c.to_string()),
                _ => Op::MethodNotAllowed,
            },
            "/governance/api/v2/resources/{id}/request-conditions/{id}".into(),
        ),
        ["governance", "api", "v2", "resources", r, "request-conditions", c, action @ ("activate" | "deactivate")] => {
            (
                match m {
                    Method::POST if *action == "activate" => {
                        Op::ActivateCondition(r.to_string(), c.to_string())
                    }
                    Method::POST => Op::DeactivateCondition(r.to_string(), c.to_string()),
                    _ => Op::MethodNotAllowed,
                },
                format!("/governance/api/v2/resources/{{id}}/request-conditions/{{id}}/{action}"),
            )
        }
        ["governance", "api", "v2", "resources", r, "request-sequences"] => (
            match m {
                Method::GET => Op::ListSequences(r.to_string()),
                _ => Op::MethodNotAllowed,
            },
            "/governance/api/v2/resources/{id}/request-sequences".into(),
        ),
        ["governance", "api", "v2", "resources", r, "request-sequences", q] => (
            match m {
                Method::GET => Op::GetSequence(r.to_string(), q.to_string()),
                _ => Op::MethodNotAllowed,
            },
            "/governance/api/v2/resources/{id}/request-sequences/{id}".into(),
        ),
        ["oauth2", "v1", "token"] => (
            match m {
                Method::POST => Op::Token,
                _ => Op::MethodNotAllowed,
            },
            "/oauth2/v1/token".into(),
        ),
        _ => (Op::NotFound, path.to_string()),
    };
    (op, format!("{} {}", method.as_str(), template))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets() {
        let (op, b) = route(
            &Method::GET,
            "/governance/api/v2/resources/0oa1/request-conditions",
        );
        assert_eq!(op, Op::ListConditions("0oa1".into()));
        assert_eq!(
            b,
            "GET /governance/api/v2/resources/{id}/request-conditions"
        );
        let (op, b) = route(
            &Method::POST,
            "/governance/api/v2/resources/orn%3Aokta%3Aidp%3A1%3Aapps%3Ax%3A0oa1/request-conditions/rco1/activate",
        );
        assert_eq!(
            op,
            Op::ActivateCondition("orn:okta:idp:1:apps:x:0oa1".into(), "rco1".into())
        );
        assert_eq!(
            b,
            "POST /governance/api/v2/resources/{id}/request-conditions/{id}/activate"
        );
        assert_eq!(
            route(&Method::PUT, "/governance/api/v1/requests").0,
            Op::MethodNotAllowed
        );
        assert_eq!(route(&Method::GET, "/nope").0, Op::NotFound);
        let (op, b) = route(
            &Method::GET,
            "/governance/api/v2/resources/0oa1/request-sequences/61eb0f06c462d20007f05101",
        );
        assert_eq!(
            op,
            Op::GetSequence("0oa1".into(), "61eb0f06c462d20007f05101".into())
        );
        assert_eq!(
            b,
            "GET /governance/api/v2/resources/{id}/request-sequences/{id}"
        );
        assert_eq!(
            route(
                &Method::POST,
                "/governance/api/v2/resources/0oa1/request-sequences"
            )
            .0,
            Op::MethodNotAllowed
        );
    }
}
