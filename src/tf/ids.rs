//! The shapes of the IDs that go into URL paths, checked at plan time (and on import) so that no
//! value can name another endpoint: `.`, `..`, an empty ID, `/`, `?`, `#`, `%` or whitespace
//! are errors that name the attribute and the shape expected. The rules accept every ID live
//! Okta can hand out and nothing more is demanded: Okta IDs are letters and digits (`0oa…`,
//! `rco…`, 24-hex request IDs); a resource may also be named by an app ORN,
//! `orn:okta:idp:<orgId>:apps:<appName>:<appId>`.

use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use super::diag;

pub const RESOURCE_SHAPE: &str = "an Okta app ID (letters and digits, such as \"0oa1b2c3d4e5f6g7h8i9\") or an app ORN (\"orn:okta:idp:<orgId>:apps:<appName>:<appId>\")";
pub const CONDITION_SHAPE: &str =
    "a request condition ID (letters and digits, such as \"rcob0oNGTSWTBKOLGLNR\")";
pub const REQUEST_SHAPE: &str =
    "a request ID (24 letters and digits, such as \"61eb06a3c462d20007f0235c\")";

/// Why `value` can never be an ID in a URL path, if it cannot.
fn path_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("it is empty".into());
    }
    if value == "." || value == ".." {
        return Some(format!("\"{value}\" is a relative path step"));
    }
    if let Some(c) = value
        .chars()
        .find(|c| matches!(c, '/' | '?' | '#' | '%' | '\\'))
    {
        return Some(format!("it contains \"{c}\""));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it contains whitespace".into());
    }
    None
}

/// An Okta ID: letters and digits only.
pub fn is_okta_id(value: &str) -> bool {
    !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric())
}

/// An Okta app ID, or an ORN: `orn:` followed by `:`-separated segments of letters, digits,
/// `-`, `_` and `.` (none of them `.` or `..`), ending in an Okta ID.
pub fn is_resource_id(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("orn:") else {
        return is_okta_id(value);
    };
    let segments: Vec<&str> = rest.split(':').collect();
    segments.len() >= 2
        && segments.iter().all(|s| {
            !s.is_empty()
                && *s != "."
                && *s != ".."
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
        && segments.last().is_some_and(|s| is_okta_id(s))
}

/// A request ID: 24 letters and digits.
pub fn is_request_id(value: &str) -> bool {
    value.chars().count() == 24 && is_okta_id(value)
}

/// Checks `value` against `shape` (one of the `is_*` functions above, described by `expected`);
/// the error names the attribute, the shape, the value and what is wrong with it.
pub fn check(
    diags: &mut Diagnostics,
    path: AttributePath,
    name: &str,
    value: &str,
    shape: fn(&str) -> bool,
    expected: &str,
) -> bool {
    if shape(value) {
        return true;
    }
    diag::error(
        diags,
        format!("Invalid {name}"),
        message(name, value, expected),
        path,
    );
    false
}

/// The text of an ID error: what the attribute must be, what it is, and why it cannot be.
pub fn message(name: &str, value: &str, expected: &str) -> String {
    let why = path_problem(value)
        .map(|w| format!(": {w}"))
        .unwrap_or_default();
    format!(
        "{name} must be {expected}; got \"{}\"{why}.",
        value.escape_debug()
    )
}

pub fn resource_id(diags: &mut Diagnostics, path: AttributePath, value: &str) -> bool {
    check(
        diags,
        path,
        "resource_id",
        value,
        is_resource_id,
        RESOURCE_SHAPE,
    )
}

/// A `resource_id` argument, when known, has the shape of a resource ID (an error on it
/// otherwise); an unknown or null one is left to plan or apply.
pub fn resource_id_argument(diags: &mut Diagnostics, value: &Value<String>) {
    if let Some(r) = value.as_ref_option() {
        resource_id(diags, AttributePath::new("resource_id"), r);
    }
}

/// An ID argument `name`, when known, has an Okta ID's shape (described by `expected`, an error
/// on `name` otherwise); an unknown or null one is left to plan or apply.
pub fn okta_id_argument(
    diags: &mut Diagnostics,
    name: &'static str,
    value: &Value<String>,
    expected: &str,
) {
    if let Some(id) = value.as_ref_option() {
        check(
            diags,
            AttributePath::new(name),
            name,
            id,
            is_okta_id,
            expected,
        );
    }
}

/// A request ID argument `name`, when known: exactly 24 characters, then the shape of a request
/// ID (an error on `name` otherwise); an unknown or null one is left to plan or apply.
pub fn request_id_argument(diags: &mut Diagnostics, name: &'static str, value: &Value<String>) {
    if let Some(id) = value.as_ref_option() {
        if super::validate::exact_length(diags, AttributePath::new(name), name, id, 24) {
            check(
                diags,
                AttributePath::new(name),
                name,
                id,
                is_request_id,
                REQUEST_SHAPE,
            );
        }
    }
}

/// The Okta user and group IDs a configuration lists: 20 characters, a type prefix, letters and
/// digits.
pub enum OktaKind {
    User,
    Group,
}

impl OktaKind {
    /// The prefix, the noun for messages, and an example.
    fn shape(&self) -> (&'static str, &'static str, &'static str) {
        match self {
            OktaKind::User => ("00u", "user", "00ub0oNGTSWTBKOLGLNR"),
            OktaKind::Group => ("00g", "group", "00g1a2b3c4d5e6f7g8h9"),
        }
    }
}

/// Every known ID of the set `ids` (attribute `name` at `path`) has the shape of an Okta user or
/// group ID; an error on the attribute for each one that does not.
pub fn okta_id_set(
    diags: &mut Diagnostics,
    path: AttributePath,
    name: &str,
    ids: &super::value::StringSet,
    kind: OktaKind,
) {
    if super::value::set_unknown(ids) {
        return;
    }
    let (prefix, noun, example) = kind.shape();
    for id in super::value::set_strings(ids) {
        let ok = id.len() == 20
            && id.starts_with(prefix)
            && id.chars().all(|c| c.is_ascii_alphanumeric());
        if !ok {
            diag::error(
                diags,
                format!("Invalid ID in {name}"),
                format!("{name} holds Okta {noun} IDs: 20 characters starting with \"{prefix}\" (such as \"{example}\"); got \"{id}\"."),
                path.clone(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::validate::assert_verdict;
    use crate::tf::value::id_set;

    /// User and group ID sets: each malformed ID is an error naming the attribute, the prefix
    /// and the ID; well-formed ones and unknown sets pass.
    #[test]
    fn okta_id_sets_hold_user_or_group_ids() {
        let errors = |ids: &[&str], kind: OktaKind| {
            let mut diags = Diagnostics::default();
            okta_id_set(
                &mut diags,
                AttributePath::new("x"),
                "x_ids",
                &id_set(ids.iter().copied()),
                kind,
            );
            diags
                .errors
                .into_iter()
                .map(|e| e.detail)
                .collect::<Vec<_>>()
        };
        assert!(errors(&["00ub0oNGTSWTBKOLGLNR"], OktaKind::User).is_empty());
        assert!(errors(&["00g1a2b3c4d5e6f7g8h9"], OktaKind::Group).is_empty());
        let wrong = errors(&["00g1a2b3c4d5e6f7g8h9", "00ushort"], OktaKind::User);
        assert_eq!(wrong.len(), 2, "{wrong:?}");
        assert!(
            wrong[0].starts_with("x_ids holds Okta user IDs: 20 characters starting with \"00u\""),
            "{wrong:?}"
        );
        assert!(
            wrong.iter().any(|d| d.ends_with("got \"00ushort\".")),
            "{wrong:?}"
        );
        assert_eq!(errors(&["00u1a2b3c4d5e6f7g8h9"], OktaKind::Group).len(), 1);
        let mut diags = Diagnostics::default();
        okta_id_set(
            &mut diags,
            AttributePath::new("x"),
            "x_ids",
            &Value::Unknown,
            OktaKind::Group,
        );
        assert!(diags.errors.is_empty());
    }

    #[test]
    fn shapes_accept_what_okta_hands_out_and_refuse_path_tricks() {
        assert_verdict(
            is_resource_id,
            true,
            &[
                "0oaemufull0000000001",
                "0oa1",
                "orn:okta:idp:00o5rb5mt2H3d1TJd1d7:apps:salesforce:0oa1b2c3d4e5f6g7h8i9",
                "orn:okta:idp:1:apps:oidc_client:0oa1",
                "orn:okta:idp:1:apps:x:0oa1",
            ],
        );
        assert_verdict(
            is_resource_id,
            false,
            &[
                "",
                ".",
                "..",
                "0oa/..",
                "0oa?x",
                "0oa#x",
                "0oa x",
                " 0oa",
                "0oa%2F",
                "orn:",
                "orn:..",
                "orn:okta:idp:1:apps:..:0oa1",
                "orn:okta:idp:1:apps:x:",
                "0oa\n",
            ],
        );
        assert!(is_request_id("61eb06a3c462d20007f0235c"));
        assert_verdict(
            is_request_id,
            false,
            &[
                "61eb06a3c462d20007f0235",
                "61eb06a3c462d20007f0/..",
                "61eb06a3c462d20007f023 c",
            ],
        );
        assert!(is_okta_id("rcob0oNGTSWTBKOLGLNR"));
        assert!(!is_okta_id("."));
        assert_eq!(
            message("id", ".", CONDITION_SHAPE),
            "id must be a request condition ID (letters and digits, such as \"rcob0oNGTSWTBKOLGLNR\"); got \".\": \".\" is a relative path step."
        );
    }
}
