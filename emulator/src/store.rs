//! The in-memory store, its JSON shape (fixtures and state file) and persistence.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};

use crate::errors::ApiError;
use crate::records::{
    AccessRequest, ApprovalSequence, Condition, Message, OrgSettings, RequestType, Resource,
};
use crate::util::now_ms;

/// Accepts a list of IDs given either as strings or as objects with an `id`.
fn id_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let raw: Vec<Value> = Vec::deserialize(d)?;
    let mut out = Vec::with_capacity(raw.len());
    for v in raw {
        match v {
            Value::String(s) => out.push(s),
            Value::Object(m) => match m.get("id") {
                Some(Value::String(s)) => out.push(s.clone()),
                _ => {
                    return Err(serde::de::Error::custom(
                        "id list entry without a string id",
                    ))
                }
            },
            _ => {
                return Err(serde::de::Error::custom(
                    "id list entries must be strings or {\"id\": …}",
                ))
            }
        }
    }
    Ok(out)
}

/// A list of IDs, accepted in JSON as strings or as objects with an `id` (written as strings).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Ids(pub Vec<String>);

impl<'de> Deserialize<'de> for Ids {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        id_list(d).map(Ids)
    }
}

impl std::ops::Deref for Ids {
    type Target = Vec<String>;

    fn deref(&self) -> &Vec<String> {
        &self.0
    }
}

/// Accepts approval sequences given as plain IDs or as objects.
fn sequence_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ApprovalSequence>, D::Error> {
    let raw: Vec<Value> = Vec::deserialize(d)?;
    raw.iter()
        .map(|v| match v {
            Value::String(id) => Ok(ApprovalSequence::from_id(id)),
            other => ApprovalSequence::from_json(other).map_err(serde::de::Error::custom),
        })
        .collect()
}

/// The whole store. Its JSON form is both the fixture format and the state file.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct Store {
    pub org: OrgSettings,
    pub resources: Vec<Resource>,
    #[serde(deserialize_with = "sequence_list")]
    pub approval_sequences: Vec<ApprovalSequence>,
    pub groups: Ids,
    pub entitlement_bundles: Ids,
    pub users: Ids,
    /// Teams (20-character IDs) that TEAMS requester settings may name.
    pub teams: Ids,
    pub request_types: Vec<RequestType>,
    pub conditions: Vec<Condition>,
    pub requests: Vec<AccessRequest>,
    pub messages: Vec<Message>,
}

impl Store {
    /// Fills in defaults so that every resource's settings have the required keys.
    pub fn normalize(&mut self) {
        for r in &mut self.resources {
            if !r.request_settings.is_object() {
                r.request_settings = json!({});
            }
            if let Some(m) = r.request_settings.as_object_mut() {
                for key in ["validAccessScopeSettings", "validRequesterSettings"] {
                    if !m.get(key).is_some_and(Value::is_array) {
                        m.insert(key.into(), json!([]));
                    }
                }
                if !m
                    .get("validAccessDurationSettings")
                    .is_some_and(Value::is_object)
                {
                    m.insert("validAccessDurationSettings".into(), json!({}));
                }
                if !m.get("validRiskSettings").is_some_and(Value::is_object) {
                    m.insert("validRiskSettings".into(), json!({ "supportedTypes": [] }));
                }
                if !m
                    .get("validRequestOnBehalfOfSettings")
                    .is_some_and(Value::is_array)
                {
                    m.insert("validRequestOnBehalfOfSettings".into(), json!([]));
                }
            }
        }
    }

    /// The user behind the configured token: the first `users` entry.
    pub fn token_user(&self) -> String {
        self.users
            .first()
            .cloned()
            .unwrap_or_else(|| "00u00000000000000000".to_string())
    }

    /// Finds a resource by Okta ID or by an ORN whose last segment is a known ID.
    pub fn resolve_resource(&self, raw: &str) -> Option<&Resource> {
        if let Some(r) = self.resources.iter().find(|r| r.id == raw) {
            return Some(r);
        }
        if raw.starts_with("orn:") {
            let last = raw.rsplit(':').next().unwrap_or("");
            return self.resources.iter().find(|r| r.id == last);
        }
        None
    }

    /// A resource by Okta ID or ORN, or the API's 404.
    pub fn resource(&self, raw: &str) -> Result<&Resource, ApiError> {
        self.resolve_resource(raw)
            .ok_or_else(|| ApiError::not_found(raw, "Resource"))
    }

    /// The approval sequence with this ID.
    pub fn approval_sequence(&self, id: &str) -> Option<&ApprovalSequence> {
        self.approval_sequences.iter().find(|s| s.id == id)
    }

    /// The state file / `/__emulator/state` representation at `now`.
    pub fn to_json(&self, now: i64) -> Value {
        let mut copy = self.clone();
        copy.org.settle(now);
        serde_json::to_value(&copy).unwrap_or_else(|_| json!({}))
    }

    pub fn next_permalink(&self) -> i64 {
        self.requests
            .iter()
            .map(|r| r.permalink_id)
            .max()
            .unwrap_or(0)
            .saturating_add(1)
    }
}

/// The store behind a mutex, persisted to the state file after every mutation.
pub struct Db {
    inner: Mutex<Store>,
    state_file: Option<PathBuf>,
    initial: Store,
}

impl Db {
    pub fn new(store: Store, initial: Store, state_file: Option<PathBuf>) -> Self {
        Db {
            inner: Mutex::new(store),
            state_file,
            initial,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Store> {
        // A poisoned lock only means a thread panicked while holding it; every
        // mutation is applied to a copy first, so the store itself is consistent.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs a read-only closure against the store.
    pub fn read<R>(&self, f: impl FnOnce(&Store) -> R) -> R {
        let guard = self.lock();
        f(&guard)
    }

    /// Runs a mutation on a copy of the store; on success the copy replaces the
    /// store and is written to the state file before this returns.
    pub fn write<R>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let mut guard = self.lock();
        let mut copy = guard.clone();
        let out = f(&mut copy)?;
        if let Some(path) = &self.state_file {
            if let Err(e) = save(path, &copy) {
                tracing::error!("cannot write state file {}: {e}", path.display());
                return Err(ApiError::internal());
            }
        }
        *guard = copy;
        Ok(out)
    }

    /// Back to the initial store.
    pub fn reset(&self) -> Result<(), ApiError> {
        let initial = self.initial.clone();
        self.write(move |s| {
            *s = initial;
            Ok(())
        })
    }
}

/// Writes the store atomically: temp file in the same directory, fsync, rename.
pub fn save(path: &Path, store: &Store) -> std::io::Result<()> {
    use std::io::Write;
    let bytes = serde_json::to_vec_pretty(&store.to_json(now_ms()))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state.json".to_string());
    let tmp = dir.join(format!(".{file_name}.tmp"));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// Loads a store from a JSON file (fixtures or state).
pub fn load(path: &Path) -> Result<Store, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut store: Store = serde_json::from_slice(&bytes)
        .map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
    store.normalize();
    Ok(store)
}
