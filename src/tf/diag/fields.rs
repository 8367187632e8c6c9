//! Okta's names for the fields of a request body, and the attributes they are configured with.

use tf_provider::AttributePath;

use crate::client::error::ErrorCause;

/// Okta's field (JSON names joined with `.`, without list indices) → the attribute
/// configured with it, for every resource. In the attribute, `[0]` steps into a zero-or-one
/// block (left out of the text: users write the block, not an index) and `[]` carries the
/// list index of Okta's field. A cause on a field below a row (`requesterSettings.groups[0].id`)
/// belongs to the row (`requester_settings.group_ids`); the longest matching row wins.
const FIELDS: &[(&str, &str)] = &[
    // request conditions
    ("name", "name"),
    ("description", "description"),
    ("approvalSequenceId", "approval_sequence_id"),
    ("priority", "priority"),
    ("status", "status"),
    ("requesterSettings", "requester_settings"),
    ("requesterSettings.type", "requester_settings.type"),
    ("requesterSettings.groups", "requester_settings.group_ids"),
    ("requesterSettings.teams", "requester_settings.team_ids"),
    ("accessScopeSettings", "access_scope_settings"),
    ("accessScopeSettings.type", "access_scope_settings.type"),
    (
        "accessScopeSettings.groups",
        "access_scope_settings.group_ids",
    ),
    (
        "accessScopeSettings.entitlementBundles",
        "access_scope_settings.entitlement_bundle_ids",
    ),
    ("accessDurationSettings", "access_duration_settings[0]"),
    (
        "accessDurationSettings.type",
        "access_duration_settings[0].type",
    ),
    (
        "accessDurationSettings.duration",
        "access_duration_settings[0].duration",
    ),
    (
        "accessDurationSettings.maximumDuration",
        "access_duration_settings[0].duration",
    ),
    // resource request settings
    (
        "requestOnBehalfOfSettings",
        "request_on_behalf_of_settings[0]",
    ),
    (
        "requestOnBehalfOfSettings.allowed",
        "request_on_behalf_of_settings[0].allowed",
    ),
    (
        "requestOnBehalfOfSettings.onlyFor",
        "request_on_behalf_of_settings[0].only_for",
    ),
    ("riskSettings", "risk_settings[0]"),
    (
        "riskSettings.defaultSetting",
        "risk_settings[0].default_setting[0]",
    ),
    (
        "riskSettings.defaultSetting.requestSubmissionType",
        "risk_settings[0].default_setting[0].request_submission_type",
    ),
    (
        "riskSettings.defaultSetting.approvalSequenceId",
        "risk_settings[0].default_setting[0].approval_sequence_id",
    ),
    (
        "riskSettings.defaultSetting.accessDurationSettings",
        "risk_settings[0].default_setting[0].access_duration_settings[0]",
    ),
    (
        "riskSettings.defaultSetting.accessDurationSettings.type",
        "risk_settings[0].default_setting[0].access_duration_settings[0].type",
    ),
    (
        "riskSettings.defaultSetting.accessDurationSettings.duration",
        "risk_settings[0].default_setting[0].access_duration_settings[0].duration",
    ),
    (
        "riskSettings.defaultSetting.accessDurationSettings.maximumDuration",
        "risk_settings[0].default_setting[0].access_duration_settings[0].duration",
    ),
    // org request settings
    ("subprocessorsAcknowledged", "subprocessors_acknowledged"),
    // requests and their messages
    ("requestTypeId", "request_type_id"),
    ("subject", "subject"),
    ("requesterUserIds", "requester_user_ids"),
    ("requesterFieldValues", "requester_field_values[]"),
    ("requesterFieldValues.id", "requester_field_values[].id"),
    (
        "requesterFieldValues.value",
        "requester_field_values[].value",
    ),
    ("message", "message"),
];

/// A cause reported on an attribute.
pub struct Mapped {
    /// The attribute as the user writes it: `requester_settings.group_ids`.
    pub hcl: String,
    pub path: AttributePath,
    /// Okta's field as Okta names it: `requesterSettings.groups[0].id`.
    pub api_field: String,
    /// What is wrong, without the field's name.
    pub message: String,
}

/// A field as segments: each name with the list indices that follow it.
type Segments = Vec<(String, Vec<i64>)>;

/// The causes that name a known field of the request body, on their attributes, and the rest.
pub fn split(causes: &[ErrorCause]) -> (Vec<Mapped>, Vec<&ErrorCause>) {
    let mut mapped = Vec::new();
    let mut rest = Vec::new();
    for cause in causes {
        match map(cause) {
            Some(m) => mapped.push(m),
            None => rest.push(cause),
        }
    }
    (mapped, rest)
}

fn map(cause: &ErrorCause) -> Option<Mapped> {
    let (segments, api_field, message) = field_of(cause)?;
    let (hcl, path) = lookup(&segments)?;
    Some(Mapped {
        hcl,
        path,
        api_field,
        message,
    })
}

/// The field a cause names and its message without the field: from `location` (a JSON
/// pointer into the body, as the governance API reports it), else from a `field: message`
/// summary (as other Okta APIs do). Causes in the query or the path name no attribute.
fn field_of(cause: &ErrorCause) -> Option<(Segments, String, String)> {
    let summary = cause.error_summary.trim();
    let in_body = cause
        .location_type
        .as_deref()
        .is_none_or(|t| t.eq_ignore_ascii_case("body"));
    if !in_body {
        return None;
    }
    if let Some(pointer) = cause.location.as_deref().filter(|l| l.starts_with('/')) {
        let segments = from_pointer(pointer)?;
        let api_field = dotted(&segments);
        let message = [
            format!("{api_field}:"),
            format!("{pointer}:"),
            pointer.to_string(),
        ]
        .iter()
        .find_map(|p| summary.strip_prefix(p.as_str()))
        .unwrap_or(summary)
        .trim()
        .to_string();
        return Some((segments, api_field, message));
    }
    let (field, message) = summary.split_once(": ")?;
    let segments = from_dotted(field)?;
    Some((segments, field.to_string(), message.trim().to_string()))
}

/// `/requesterSettings/groups/0/id` → `requesterSettings`, `groups[0]`, `id`.
fn from_pointer(pointer: &str) -> Option<Segments> {
    let mut out: Segments = Vec::new();
    for part in pointer.split('/').skip(1) {
        match (part.parse::<i64>(), out.last_mut()) {
            (Ok(i), Some(last)) => last.1.push(i),
            (Ok(_), None) => return None,
            (Err(_), _) if is_name(part) => out.push((part.to_string(), Vec::new())),
            (Err(_), _) => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `requesterSettings.groups[0].id` → `requesterSettings`, `groups[0]`, `id`.
fn from_dotted(field: &str) -> Option<Segments> {
    let mut out: Segments = Vec::new();
    for part in field.split('.') {
        let (name, mut tail) = part.split_once('[').map_or((part, ""), |(n, t)| (n, t));
        if !is_name(name) {
            return None;
        }
        let mut indices = Vec::new();
        while !tail.is_empty() {
            let (i, after) = tail.split_once(']')?;
            indices.push(i.parse().ok()?);
            tail = after.strip_prefix('[').unwrap_or(after);
            if !after.is_empty() && !after.starts_with('[') {
                return None;
            }
        }
        out.push((name.to_string(), indices));
    }
    Some(out)
}

fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn dotted(segments: &Segments) -> String {
    let parts: Vec<String> = segments
        .iter()
        .map(|(name, indices)| {
            let idx: String = indices.iter().map(|i| format!("[{i}]")).collect();
            format!("{name}{idx}")
        })
        .collect();
    parts.join(".")
}

/// The attribute of the longest row of [`FIELDS`] that the field starts with.
fn lookup(segments: &Segments) -> Option<(String, AttributePath)> {
    let (key_len, template) = FIELDS
        .iter()
        .filter_map(|(key, template)| {
            let key: Vec<&str> = key.split('.').collect();
            let matches = key.len() <= segments.len()
                && key.iter().zip(segments).all(|(k, (name, _))| k == name);
            matches.then_some((key.len(), *template))
        })
        .max_by_key(|(len, _)| *len)?;
    let mut carried = segments[..key_len]
        .iter()
        .flat_map(|(_, idx)| idx.iter().copied());
    let mut text: Vec<String> = Vec::new();
    let mut path: Option<AttributePath> = None;
    for part in template.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((name, "]")) => (name, carried.next().map(|i| (i, true))),
            Some((name, fixed)) => (
                name,
                fixed.trim_end_matches(']').parse().ok().map(|i| (i, false)),
            ),
            None => (part, None),
        };
        let mut step = path.take().map_or_else(
            || AttributePath::new(name.to_string()),
            |p| p.attribute(name.to_string()),
        );
        let mut shown = name.to_string();
        if let Some((i, carried)) = index {
            step = step.index(i);
            if carried {
                shown.push_str(&format!("[{i}]"));
            }
        }
        path = Some(step);
        text.push(shown);
    }
    Some((text.join("."), path?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cause(summary: &str, location: Option<&str>, location_type: Option<&str>) -> ErrorCause {
        ErrorCause {
            error_summary: summary.into(),
            reason: None,
            location: location.map(Into::into),
            location_type: location_type.map(Into::into),
        }
    }

    fn mapped(c: &ErrorCause) -> Option<(String, String)> {
        map(c).map(|m| (m.hcl, m.message))
    }

    #[test]
    fn governance_causes_map_by_location() {
        // The governance API's shape: a bare summary and a JSON pointer.
        let c = cause(
            "00gx not found",
            Some("/requesterSettings/groups/0/id"),
            Some("body"),
        );
        let m = map(&c).expect("mapped");
        assert_eq!(m.hcl, "requester_settings.group_ids");
        assert_eq!(m.message, "00gx not found");
        assert_eq!(m.api_field, "requesterSettings.groups[0].id");
        assert_eq!(
            m.path,
            AttributePath::new("requester_settings").attribute("group_ids")
        );
        // The field repeated in front of the summary is not said twice.
        let c = cause(
            "requesterSettings.groups[0].id: 00gx not found",
            Some("/requesterSettings/groups/0/id"),
            Some("body"),
        );
        assert_eq!(mapped(&c).map(|m| m.1).as_deref(), Some("00gx not found"));
    }

    #[test]
    fn field_prefixed_summaries_map_too() {
        let cases = [
            (
                "accessDurationSettings.maximumDuration: must be at most P90D",
                "access_duration_settings.duration",
                AttributePath::new("access_duration_settings")
                    .index(0)
                    .attribute("duration"),
            ),
            (
                "requesterFieldValues[1].value: must not be blank",
                "requester_field_values[1].value",
                AttributePath::new("requester_field_values")
                    .index(1)
                    .attribute("value"),
            ),
        ];
        for (summary, hcl, path) in cases {
            let m = map(&cause(summary, None, None)).expect("mapped");
            assert_eq!((m.hcl.as_str(), &m.path), (hcl, &path), "{summary}");
        }
        let c = cause(
            "riskSettings.defaultSetting.approvalSequenceId: 61eb not found",
            None,
            Some("body"),
        );
        assert_eq!(
            mapped(&c).map(|m| m.0).as_deref(),
            Some("risk_settings.default_setting.approval_sequence_id")
        );
    }

    #[test]
    fn causes_without_a_known_body_field_stay_on_the_block() {
        for c in [
            cause(
                "Only Request Condition with status=INACTIVE may be activated",
                None,
                None,
            ),
            cause(
                "Authenticator Enrollment Policies: Default Policy",
                None,
                None,
            ),
            cause("entityType: The field entityType is not valid.", None, None),
            cause(
                "must NOT have fewer than 24 characters",
                Some("/after"),
                Some("query"),
            ),
            cause("after: bad", None, Some("query")),
            cause("x", Some("/0"), Some("body")),
        ] {
            assert!(map(&c).is_none(), "{c:?}");
        }
    }
}
