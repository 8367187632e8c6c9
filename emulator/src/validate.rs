//! Field-level checks shared by the handlers: IDs, lengths, settings shapes.

use serde_json::{Map, Value};

use crate::errors::{ApiError, Cause};
use crate::store::Store;

/// Collects validation causes.
#[derive(Default)]
pub struct Checker {
    pub causes: Vec<Cause>,
}

impl Checker {
    pub fn fail(
        &mut self,
        field: impl Into<String>,
        message: impl Into<String>,
        reason: &'static str,
    ) {
        self.causes.push(Cause::body(field, message, reason));
    }

    /// The value of required property `key` of `m` (`null` counts as missing); a missing
    /// one is recorded as `must have required property '<key>'`.
    pub fn required<'a>(&mut self, m: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
        self.required_in("", m, key)
    }

    /// [`Checker::required`] for an object found at `path` (the cause names `path.key`).
    pub fn required_in<'a>(
        &mut self,
        path: &str,
        m: &'a Map<String, Value>,
        key: &str,
    ) -> Option<&'a Value> {
        self.present(path, key, given(m, key))
    }

    /// `v`, the value found for property `key` of the object at `path` (`m.get(key)` where a
    /// `null` counts as given and its own check refuses it); a missing one is recorded as in
    /// [`Checker::required_in`].
    pub fn present<'a>(
        &mut self,
        path: &str,
        key: &str,
        v: Option<&'a Value>,
    ) -> Option<&'a Value> {
        if v.is_none() {
            let field = if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            };
            self.fail(
                field,
                format!("must have required property '{key}'"),
                "REQUIRED_PROPERTY_MISSING",
            );
        }
        v
    }

    pub fn ok(&self) -> bool {
        self.causes.is_empty()
    }

    /// A string of `min..=max` characters.
    pub fn string(&mut self, field: &str, v: &Value, min: usize, max: usize) -> Option<String> {
        match v.as_str() {
            None => {
                self.fail(field, "must be a string", "INVALID_DATA_TYPE");
                None
            }
            Some(s) => {
                let n = s.chars().count();
                if n < min {
                    self.fail(
                        field,
                        format!("must NOT have fewer than {min} characters"),
                        "INVALID_STRING_LENGTH_UNDER_MIN",
                    );
                    None
                } else if n > max {
                    self.fail(
                        field,
                        format!("must NOT have more than {max} characters"),
                        "INVALID_STRING_LENGTH_OVER_MAX",
                    );
                    None
                } else {
                    Some(s.to_string())
                }
            }
        }
    }

    /// An object; reports keys outside `allowed`.
    pub fn object<'a>(
        &mut self,
        field: &str,
        v: &'a Value,
        allowed: &[&str],
    ) -> Option<&'a Map<String, Value>> {
        match v.as_object() {
            None => {
                self.fail(field, "must be an object", "INVALID_DATA_TYPE");
                None
            }
            Some(m) => {
                let mut good = true;
                for k in m.keys() {
                    if !allowed.contains(&k.as_str()) {
                        self.fail(
                            format!("{field}.{k}"),
                            "unknown property (additional properties are not allowed)",
                            "UNKNOWN_PROPERTY",
                        );
                        good = false;
                    }
                }
                if good {
                    Some(m)
                } else {
                    None
                }
            }
        }
    }

    /// A 24-character approval sequence ID that exists.
    pub fn approval_sequence(&mut self, store: &Store, field: &str, v: &Value) -> Option<String> {
        let s = self.string(field, v, 24, 24)?;
        if store.approval_sequence(&s).is_some() {
            Some(s)
        } else {
            self.fail(field, format!("{s} not found"), "IDENTIFIER_NOT_FOUND");
            None
        }
    }

    /// A non-empty list of `{ "id": … }` objects whose IDs exist in `known`.
    pub fn id_objects(
        &mut self,
        field: &str,
        v: Option<&Value>,
        known: &[String],
        prefix: &str,
        kind: &str,
    ) -> Option<Value> {
        let Some(v) = v else {
            self.fail(
                field,
                "must have required property",
                "REQUIRED_PROPERTY_MISSING",
            );
            return None;
        };
        let Some(items) = v.as_array() else {
            self.fail(field, "must be an array", "INVALID_DATA_TYPE");
            return None;
        };
        if items.is_empty() {
            self.fail(
                field,
                "must NOT have fewer than 1 items",
                "INVALID_ARRAY_LENGTH_UNDER_MIN",
            );
            return None;
        }
        if items.len() > 100 {
            self.fail(
                field,
                "must NOT have more than 100 items",
                "INVALID_ARRAY_LENGTH_OVER_MAX",
            );
            return None;
        }
        let before = self.causes.len();
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let f = format!("{field}[{i}]");
            let Some(m) = self.object(&f, item, &["id"]) else {
                continue;
            };
            let Some(idv) = self.present(&f, "id", m.get("id")) else {
                continue;
            };
            let Some(id) = self.string(&format!("{f}.id"), idv, 1, 20) else {
                continue;
            };
            if id.len() != 20
                || !id.starts_with(prefix)
                || !id.chars().all(|c| c.is_ascii_alphanumeric())
            {
                self.fail(
                    format!("{f}.id"),
                    format!("must be a 20-character {kind} id starting with {prefix}"),
                    "STRING_FORMAT_INVALID",
                );
                continue;
            }
            if !known.contains(&id) {
                self.fail(
                    format!("{f}.id"),
                    format!("{id} not found"),
                    "IDENTIFIER_NOT_FOUND",
                );
                continue;
            }
            if seen.contains(&id) {
                self.fail(
                    format!("{f}.id"),
                    format!("duplicate {kind} id {id}"),
                    "DUPLICATE_VALUE",
                );
                continue;
            }
            seen.push(id.clone());
            out.push(serde_json::json!({ "id": id }));
        }
        if self.causes.len() == before {
            Some(Value::Array(out))
        } else {
            None
        }
    }
}

/// Property `key` of `m` unless it is absent or `null` (which means "not given").
pub fn given<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    m.get(key).filter(|v| !v.is_null())
}

/// A request body that must be a JSON object.
pub fn body_object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.as_object()
        .ok_or_else(|| ApiError::invalid("body", "must be a JSON object", "INVALID_DATA_TYPE"))
}

/// The `type` values of a list of `{type: …}` settings under `key`.
pub fn setting_types(settings: &Value, key: &str) -> Vec<String> {
    settings
        .get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.get("type").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// `true` for a lowercase or uppercase UUID v4 string.
pub fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 36 {
        return false;
    }
    for (i, c) in b.iter().enumerate() {
        let dash = matches!(i, 8 | 13 | 18 | 23);
        if dash != (*c == b'-') {
            return false;
        }
        if !dash && !c.is_ascii_hexdigit() {
            return false;
        }
    }
    b[14] == b'4' && matches!(b[19], b'8' | b'9' | b'a' | b'b' | b'A' | b'B')
}

/// `true` for 24 hex digits.
pub fn is_hex24(s: &str) -> bool {
    s.len() == 24 && s.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids() {
        assert!(is_uuid_v4("05c87fe9-11f6-4d40-a033-b155b39dcdbe"));
        assert!(!is_uuid_v4("05c87fe9-11f6-3d40-a033-b155b39dcdbe"));
        assert!(!is_uuid_v4("not-a-uuid"));
    }
}
