//! Live-API behaviour (issue 12): what Okta's live API does, as recorded by
//! okta/terraform-provider-okta's VCR cassettes and reported by its maintainers, with a
//! switch for each behaviour so that a test needing determinism can turn one off.
//!
//! The switches are set by command-line flags / [`crate::Config`], by the fixtures file's
//! `"behaviour"` key, and at run time by `PATCH /__emulator/behaviour`.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use serde_json::{Map, Value};

/// The current switches. JSON keys are those of the fixtures' `"behaviour"` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Behaviour {
    /// `valid*` lists of resource request settings come back in a new order on every response.
    pub shuffle_lists: bool,
    /// Seed of the random choices (shuffles, conflicts); `None` = from the OS.
    pub seed: Option<u64>,
    /// The list of conditions returns the sparse representation.
    pub sparse_lists: bool,
    /// Forces the origin of every link (`_links`, `Location`, `Link`).
    pub link_origin: Option<String>,
    /// Links use the org's `-admin` twin of the host the client called.
    pub admin_twin_links: bool,
    /// A create/PATCH of a condition answers `priority: 0` whatever was stored.
    pub priority_zero_echo: bool,
    /// Share (0.0..=1.0) of overlapping condition writes on one resource answered 409.
    pub conflict_rate: f64,
    /// DELETE of a condition answers 500 although the condition is deleted.
    #[serde(rename = "delete500")]
    pub delete_500: bool,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            shuffle_lists: true,
            seed: None,
            sparse_lists: true,
            link_origin: None,
            admin_twin_links: true,
            priority_zero_echo: false,
            conflict_rate: 0.0,
            delete_500: false,
        }
    }
}

/// Checks an origin (`scheme://host[:port]`, no path) and drops a trailing `/`.
pub fn check_origin(s: &str) -> Result<String, String> {
    let trimmed = s.trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("http://")
        .or_else(|| trimmed.strip_prefix("https://"))
        .ok_or_else(|| format!("link origin {s:?} must start with http:// or https://"))?;
    let ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    if !ok {
        return Err(format!(
            "link origin {s:?} must be scheme://host[:port] without a path"
        ));
    }
    Ok(trimmed.to_string())
}

impl Behaviour {
    /// Merges the keys of a JSON object; unknown keys and wrong types are errors.
    pub fn merge(&mut self, patch: &Value) -> Result<(), String> {
        let m = patch.as_object().ok_or("behaviour must be a JSON object")?;
        let mut next = self.clone();
        for (k, v) in m {
            let want_bool = || {
                v.as_bool()
                    .ok_or_else(|| format!("behaviour.{k} must be a boolean"))
            };
            match k.as_str() {
                "shuffleLists" => next.shuffle_lists = want_bool()?,
                "sparseLists" => next.sparse_lists = want_bool()?,
                "adminTwinLinks" => next.admin_twin_links = want_bool()?,
                "priorityZeroEcho" => next.priority_zero_echo = want_bool()?,
                "delete500" => next.delete_500 = want_bool()?,
                "seed" => {
                    next.seed = match v {
                        Value::Null => None,
                        _ => Some(v.as_u64().ok_or("behaviour.seed must be a u64 or null")?),
                    }
                }
                "linkOrigin" => {
                    next.link_origin = match v {
                        Value::Null => None,
                        Value::String(s) => Some(check_origin(s)?),
                        _ => return Err("behaviour.linkOrigin must be a string or null".into()),
                    }
                }
                "conflictRate" => {
                    let r = v
                        .as_f64()
                        .filter(|r| (0.0..=1.0).contains(r))
                        .ok_or("behaviour.conflictRate must be a number from 0.0 to 1.0")?;
                    next.conflict_rate = r;
                }
                other => return Err(format!("unknown behaviour key {other:?}")),
            }
        }
        *self = next;
        Ok(())
    }
}

/// The org's `-admin` twin of `host[:port]`: `acme.okta.com` → `acme-admin.okta.com`,
/// `acme.localhost:8080` → `acme-admin.localhost:8080`. IP literals, plain `localhost`,
/// single-label names and hosts already on `-admin` are returned as they are.
pub fn admin_twin(host_port: &str) -> String {
    if host_port.starts_with('[') {
        return host_port.to_string();
    }
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => (h, Some(p)),
        _ => (host_port, None),
    };
    if host.parse::<std::net::Ipv4Addr>().is_ok() || host.eq_ignore_ascii_case("localhost") {
        return host_port.to_string();
    }
    let Some((first, rest)) = host.split_once('.') else {
        return host_port.to_string();
    };
    if first.is_empty() || first.to_ascii_lowercase().ends_with("-admin") {
        return host_port.to_string();
    }
    match port {
        Some(p) => format!("{first}-admin.{rest}:{p}"),
        None => format!("{first}-admin.{rest}"),
    }
}

struct State {
    behaviour: Behaviour,
    rng: StdRng,
}

fn rng_for(seed: Option<u64>) -> StdRng {
    match seed {
        Some(s) => StdRng::seed_from_u64(s),
        None => StdRng::from_entropy(),
    }
}

/// The switches at run time, their random source and the condition writes in flight.
pub struct Live {
    state: Mutex<State>,
    initial: Behaviour,
    in_flight: Mutex<HashMap<String, usize>>,
}

/// A condition write in flight on one resource; dropping it ends the write.
pub struct WriteGuard<'a> {
    live: &'a Live,
    key: String,
}

impl Drop for WriteGuard<'_> {
    fn drop(&mut self) {
        let mut m = self.live.in_flight();
        if let Some(n) = m.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                m.remove(&self.key);
            }
        }
    }
}

/// The `valid*` lists of resource request settings (paths of object keys to an array).
const VALID_LISTS: &[&[&str]] = &[
    &["validAccessScopeSettings"],
    &["validRequesterSettings"],
    &["validAccessDurationSettings", "supportedTypes"],
    &["validRiskSettings", "supportedTypes"],
    &["validRequestOnBehalfOfSettings"],
];

impl Live {
    pub fn new(behaviour: Behaviour) -> Self {
        Live {
            state: Mutex::new(State {
                rng: rng_for(behaviour.seed),
                behaviour: behaviour.clone(),
            }),
            initial: behaviour,
            in_flight: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn in_flight(&self) -> MutexGuard<'_, HashMap<String, usize>> {
        self.in_flight.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The current switches.
    pub fn get(&self) -> Behaviour {
        self.lock().behaviour.clone()
    }

    /// Merges `patch` (see [`Behaviour::merge`]); a `seed` key restarts the random source.
    pub fn patch(&self, patch: &Value) -> Result<Behaviour, String> {
        let mut st = self.lock();
        st.behaviour.merge(patch)?;
        if patch.get("seed").is_some() {
            st.rng = rng_for(st.behaviour.seed);
        }
        Ok(st.behaviour.clone())
    }

    /// Back to the switches the emulator started with (and their seed).
    pub fn reset(&self) {
        let mut st = self.lock();
        st.behaviour = self.initial.clone();
        st.rng = rng_for(self.initial.seed);
    }

    /// Shuffles the arrays at `paths` (keys from `v`) when the switch is on.
    fn shuffle_at(&self, v: &mut Value, paths: &[&[&str]]) {
        let mut st = self.lock();
        if !st.behaviour.shuffle_lists {
            return;
        }
        for path in paths {
            let mut cur = Some(&mut *v);
            for k in path.iter() {
                cur = cur.and_then(|v| v.get_mut(*k));
            }
            if let Some(Value::Array(a)) = cur {
                a.shuffle(&mut st.rng);
            }
        }
    }

    /// Shuffles the `valid*` lists of a resource's request settings when the switch is on.
    pub fn shuffle_settings(&self, settings: &mut Value) {
        self.shuffle_at(settings, VALID_LISTS);
    }

    /// Shuffles `compatibleResourceTypes` of a sequence, or of each sequence of a list
    /// (`{"data": […]}`), when the switch is on (TestAccDataSourceOktaRequestSequence_read:
    /// `["APP","GROUP"]` and `["GROUP","APP"]` for the same sequence).
    pub fn shuffle_sequences(&self, v: &mut Value) {
        const TYPES: &[&[&str]] = &[&["compatibleResourceTypes"]];
        match v.get_mut("data").and_then(Value::as_array_mut) {
            Some(items) => items.iter_mut().for_each(|s| self.shuffle_at(s, TYPES)),
            None => self.shuffle_at(v, TYPES),
        }
    }

    /// Starts a write on the conditions of resource `key`. `None` means "answer 409": another
    /// write on that resource is in flight and the conflict rate says this one loses.
    pub fn begin_write(&self, key: &str) -> Option<WriteGuard<'_>> {
        let mut m = self.in_flight();
        let busy = m.get(key).copied().unwrap_or(0) > 0;
        if busy {
            let mut st = self.lock();
            let rate = st.behaviour.conflict_rate;
            if rate > 0.0 && st.rng.gen::<f64>() < rate {
                return None;
            }
        }
        *m.entry(key.to_string()).or_insert(0) += 1;
        Some(WriteGuard {
            live: self,
            key: key.to_string(),
        })
    }

    /// The origin links are built on, for a request that named `host` (its `Host` header,
    /// already checked) or, without one, for the bound address `fallback`.
    pub fn link_base(&self, host: Option<&str>, fallback: &str) -> String {
        let b = self.get();
        if let Some(o) = b.link_origin {
            return o;
        }
        match host {
            Some(h) if b.admin_twin_links => format!("http://{}", admin_twin(h)),
            Some(h) => format!("http://{h}"),
            None => fallback.to_string(),
        }
    }
}

/// The sparse representation of a condition (list operation): requester and access-scope
/// settings carry their `type` only.
pub fn sparse_condition(full: &Value) -> Value {
    let mut v = full.clone();
    if let Some(m) = v.as_object_mut() {
        for k in ["requesterSettings", "accessScopeSettings"] {
            if let Some(t) = m.get(k).and_then(|s| s.get("type")).cloned() {
                let mut only = Map::new();
                only.insert("type".into(), t);
                m.insert(k.into(), Value::Object(only));
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn twins() {
        assert_eq!(admin_twin("acme.okta.com"), "acme-admin.okta.com");
        assert_eq!(
            admin_twin("acme.localhost:8080"),
            "acme-admin.localhost:8080"
        );
        assert_eq!(admin_twin("acme-admin.okta.com"), "acme-admin.okta.com");
        assert_eq!(admin_twin("127.0.0.1:8080"), "127.0.0.1:8080");
        assert_eq!(admin_twin("[::1]:8080"), "[::1]:8080");
        assert_eq!(admin_twin("localhost:8080"), "localhost:8080");
        assert_eq!(admin_twin("LOCALHOST"), "LOCALHOST");
        assert_eq!(admin_twin("myhost:80"), "myhost:80");
    }

    #[test]
    fn merge_checks_keys_and_types() {
        let mut b = Behaviour::default();
        b.merge(&json!({ "shuffleLists": false, "seed": 3, "conflictRate": 0.5 }))
            .unwrap();
        assert!(!b.shuffle_lists);
        assert_eq!(b.seed, Some(3));
        assert!(b.merge(&json!({ "conflictRate": 1.5 })).is_err());
        assert!(b.merge(&json!({ "nope": true })).is_err());
        assert!(b.merge(&json!({ "linkOrigin": "ftp://x" })).is_err());
        assert!(b.merge(&json!({ "linkOrigin": "http://x/path" })).is_err());
        b.merge(&json!({ "linkOrigin": "http://evil.localhost:1234/" }))
            .unwrap();
        assert_eq!(b.link_origin.as_deref(), Some("http://evil.localhost:1234"));
        // A failed merge changes nothing.
        assert!(b.merge(&json!({ "delete500": true, "seed": "x" })).is_err());
        assert!(!b.delete_500);
        let v = serde_json::to_value(&b).unwrap();
        assert_eq!(v["delete500"], false);
        assert_eq!(v["adminTwinLinks"], true);
    }

    #[test]
    fn sparse_keeps_only_types() {
        let full = json!({ "id": "rco1", "requesterSettings": { "type": "GROUPS", "groups": [{ "id": "00g1" }] },
                           "accessScopeSettings": { "type": "RESOURCE_DEFAULT" }, "priority": 2 });
        let s = sparse_condition(&full);
        assert_eq!(s["requesterSettings"], json!({ "type": "GROUPS" }));
        assert_eq!(s["priority"], 2);
    }
}
