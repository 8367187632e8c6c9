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

/// How an operation is built from the segments its template's `{id}`s matched.
enum Make {
    Plain(Op),
    One(fn(String) -> Op),
    Two(fn(String, String) -> Op),
}

use Make::{One, Plain, Two};

/// Every operation: its method, its path template (`{id}` stands for one path segment) and how
/// it is built. A path that matches a template is `MethodNotAllowed` for every method not
/// listed with it.
const ROUTES: &[(Method, &str, Make)] = &[
    (
        Method::GET,
        "/governance/api/v1/requests",
        Plain(Op::ListRequests),
    ),
    (
        Method::POST,
        "/governance/api/v1/requests",
        Plain(Op::CreateRequest),
    ),
    (
        Method::GET,
        "/governance/api/v1/requests/{id}",
        One(Op::GetRequest),
    ),
    (
        Method::POST,
        "/governance/api/v1/requests/{id}/messages",
        One(Op::CreateMessage),
    ),
    (
        Method::GET,
        "/governance/api/v2/request-settings",
        Plain(Op::GetOrgSettings),
    ),
    (
        Method::PATCH,
        "/governance/api/v2/request-settings",
        Plain(Op::PatchOrgSettings),
    ),
    (
        Method::GET,
        "/governance/api/v2/resources/{id}/request-settings",
        One(Op::GetResourceSettings),
    ),
    (
        Method::PATCH,
        "/governance/api/v2/resources/{id}/request-settings",
        One(Op::PatchResourceSettings),
    ),
    (
        Method::GET,
        "/governance/api/v2/resources/{id}/request-conditions",
        One(Op::ListConditions),
    ),
    (
        Method::POST,
        "/governance/api/v2/resources/{id}/request-conditions",
        One(Op::CreateCondition),
    ),
    (
        Method::GET,
        "/governance/api/v2/resources/{id}/request-conditions/{id}",
        Two(Op::GetCondition),
    ),
    (
        Method::PATCH,
        "/governance/api/v2/resources/{id}/request-conditions/{id}",
        Two(Op::PatchCondition),
    ),
    (
        Method::DELETE,
        "/governance/api/v2/resources/{id}/request-conditions/{id}",
        Two(Op::DeleteCondition),
    ),
    (
        Method::POST,
        "/governance/api/v2/resources/{id}/request-conditions/{id}/activate",
        Two(Op::ActivateCondition),
    ),
    (
        Method::POST,
        "/governance/api/v2/resources/{id}/request-conditions/{id}/deactivate",
        Two(Op::DeactivateCondition),
    ),
    (
        Method::GET,
        "/governance/api/v2/resources/{id}/request-sequences",
        One(Op::ListSequences),
    ),
    (
        Method::GET,
        "/governance/api/v2/resources/{id}/request-sequences/{id}",
        Two(Op::GetSequence),
    ),
    (Method::POST, "/oauth2/v1/token", Plain(Op::Token)),
];

impl Make {
    /// The operation for the segments `p` its template's `{id}`s matched (`None` when their
    /// number is not the one the operation takes).
    fn build(&self, p: &[&str]) -> Option<Op> {
        match (self, p) {
            (Plain(op), []) => Some(op.clone()),
            (One(f), [a]) => Some(f(a.to_string())),
            (Two(f), [a, b]) => Some(f(a.to_string(), b.to_string())),
            _ => None,
        }
    }
}

/// The segments that `template`'s `{id}`s match in `segs`, when `segs` has its shape.
fn params<'a>(template: &str, segs: &[&'a str]) -> Option<Vec<&'a str>> {
    let parts: Vec<&str> = template.split('/').skip(1).collect();
    if parts.len() != segs.len() {
        return None;
    }
    let mut out = Vec::new();
    for (part, seg) in parts.iter().zip(segs) {
        if *part == "{id}" {
            out.push(*seg);
        } else if part != seg {
            return None;
        }
    }
    Some(out)
}

/// Resolves `method path` to an operation and its bucket (`METHOD /template/{id}`).
pub fn route(method: &Method, path: &str) -> (Op, String) {
    let trimmed = path.trim_end_matches('/');
    let segs: Vec<String> = trimmed.split('/').skip(1).map(percent_decode).collect();
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let bucket = |template: &str| format!("{} {}", method.as_str(), template);
    let mut known_path = None;
    for (m, template, make) in ROUTES {
        let Some(p) = params(template, &s) else {
            continue;
        };
        if m == method {
            let op = make.build(&p).unwrap_or(Op::NotFound);
            return (op, bucket(template));
        }
        known_path.get_or_insert(*template);
    }
    match known_path {
        Some(template) => (Op::MethodNotAllowed, bucket(template)),
        None => (Op::NotFound, bucket(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_takes_as_many_ids_as_its_template_has() {
        for (m, template, make) in ROUTES {
            let ids = vec!["x"; template.matches("{id}").count()];
            assert!(make.build(&ids).is_some(), "{m} {template}");
        }
    }

    #[test]
    fn buckets() {
        let with_bucket = [
            (
                Method::GET,
                "/governance/api/v2/resources/0oa1/request-conditions",
                Op::ListConditions("0oa1".into()),
                "GET /governance/api/v2/resources/{id}/request-conditions",
            ),
            (
                Method::POST,
                "/governance/api/v2/resources/orn%3Aokta%3Aidp%3A1%3Aapps%3Ax%3A0oa1/request-conditions/rco1/activate",
                Op::ActivateCondition("orn:okta:idp:1:apps:x:0oa1".into(), "rco1".into()),
                "POST /governance/api/v2/resources/{id}/request-conditions/{id}/activate",
            ),
            (
                Method::GET,
                "/governance/api/v2/resources/0oa1/request-sequences/61eb0f06c462d20007f05101",
                Op::GetSequence("0oa1".into(), "61eb0f06c462d20007f05101".into()),
                "GET /governance/api/v2/resources/{id}/request-sequences/{id}",
            ),
        ];
        for (method, path, op, bucket) in with_bucket {
            assert_eq!(
                route(&method, path),
                (op, bucket.to_string()),
                "{method} {path}"
            );
        }
        let op_only = [
            (
                Method::PUT,
                "/governance/api/v1/requests",
                Op::MethodNotAllowed,
            ),
            (Method::GET, "/nope", Op::NotFound),
            (
                Method::POST,
                "/governance/api/v2/resources/0oa1/request-sequences",
                Op::MethodNotAllowed,
            ),
        ];
        for (method, path, op) in op_only {
            assert_eq!(route(&method, path).0, op, "{method} {path}");
        }
    }
}
