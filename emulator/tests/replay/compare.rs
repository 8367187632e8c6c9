//! The replay suite's comparison engine: a recorded response against the emulator's, with
//! server-generated values (IDs, timestamps, link origins) mapped or checked by format.

use std::collections::BTreeMap;

use serde_json::Value;

/// One difference between the recording and the emulator.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    pub path: String,
    pub recorded: String,
    pub emulator: String,
}

pub fn diff(path: &str, recorded: impl Into<String>, emulator: impl Into<String>) -> Diff {
    Diff {
        path: path.to_string(),
        recorded: recorded.into(),
        emulator: emulator.into(),
    }
}

pub fn show(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 300 {
        format!(
            "{}…",
            &s[..s.char_indices().nth(300).map_or(s.len(), |(i, _)| i)]
        )
    } else {
        s
    }
}

/// Keys whose values the server generates and that are compared by format only.
pub const TIMESTAMP_KEYS: &[&str] = &["created", "lastUpdated"];
/// Keys whose recorded value is mapped to the emulator's value on first sight.
pub const MAPPED_KEYS: &[&str] = &["id", "createdBy", "lastUpdatedBy"];

/// `2025-09-17T18:23:59Z`: seconds precision, UTC designator, nothing else.
pub fn is_okta_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

/// What turns recorded values into the values expected from the emulator.
#[derive(Debug, Default, Clone)]
pub struct Rewrite {
    /// Recorded string → emulator string: origins first, then IDs.
    pub origins: Vec<(String, String)>,
    pub ids: BTreeMap<String, String>,
}

impl Rewrite {
    pub fn apply(&self, s: &str) -> String {
        let mut out = s.to_string();
        for (from, to) in &self.origins {
            out = out.replace(from, to);
        }
        for (from, to) in &self.ids {
            out = out.replace(from, to);
        }
        out
    }
}

pub fn join_key(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

/// Compares a recorded JSON value with the emulator's; appends the differences to `out`.
pub fn compare(rw: &Rewrite, rec: &Value, emu: &Value, path: &str, key: &str, out: &mut Vec<Diff>) {
    match (rec, emu) {
        (Value::Object(r), Value::Object(e)) => {
            for (k, rv) in r {
                let p = join_key(path, k);
                match e.get(k) {
                    None => out.push(diff(&p, show(rv), "absent")),
                    Some(ev) => compare(rw, rv, ev, &p, k, out),
                }
            }
            for (k, ev) in e {
                if !r.contains_key(k) {
                    out.push(diff(&join_key(path, k), "absent", show(ev)));
                }
            }
        }
        (Value::Array(r), Value::Array(e)) => compare_unordered(rw, r, e, path, key, out),
        (Value::String(r), Value::String(e)) if TIMESTAMP_KEYS.contains(&key) => {
            if !is_okta_timestamp(e) {
                out.push(diff(
                    path,
                    format!("timestamp like {r:?} (seconds, Z)"),
                    format!("{e:?}"),
                ));
            }
        }
        (Value::String(r), Value::String(e)) => {
            let want = rw.apply(r);
            if &want != e {
                out.push(diff(path, format!("{want:?}"), format!("{e:?}")));
            }
        }
        (r, e) => {
            // Numbers, booleans, null, or different JSON types.
            if r != e {
                out.push(diff(path, show(r), show(e)));
            }
        }
    }
}

/// Lists are compared as multisets: each recorded element must match one emulator element.
pub fn compare_unordered(
    rw: &Rewrite,
    rec: &[Value],
    emu: &[Value],
    path: &str,
    key: &str,
    out: &mut Vec<Diff>,
) {
    let mut used = vec![false; emu.len()];
    let mut unmatched_rec = Vec::new();
    for (i, rv) in rec.iter().enumerate() {
        let found = (0..emu.len()).find(|&j| {
            if used[j] {
                return false;
            }
            let mut d = Vec::new();
            compare(rw, rv, &emu[j], "", key, &mut d);
            d.is_empty()
        });
        match found {
            Some(j) => used[j] = true,
            None => unmatched_rec.push(i),
        }
    }
    let unmatched_emu: Vec<usize> = (0..emu.len()).filter(|&j| !used[j]).collect();
    if unmatched_rec.len() == unmatched_emu.len() {
        // Same count on both sides: pair them up and show the detailed differences.
        for (&i, &j) in unmatched_rec.iter().zip(&unmatched_emu) {
            compare(rw, &rec[i], &emu[j], &format!("{path}[{i}]"), key, out);
        }
        return;
    }
    for &i in &unmatched_rec {
        out.push(diff(
            &format!("{path}[{i}]"),
            show(&rec[i]),
            "no matching element",
        ));
    }
    for &j in &unmatched_emu {
        out.push(diff(&format!("{path}[{j}]"), "absent", show(&emu[j])));
    }
}

/// Learns the mapping from recorded generated values to the emulator's (top level only).
pub fn learn_ids(rw: &mut Rewrite, rec: &Value, emu: &Value, out: &mut Vec<Diff>) {
    for key in MAPPED_KEYS {
        let (Some(r), Some(e)) = (
            rec.get(*key).and_then(Value::as_str),
            emu.get(*key).and_then(Value::as_str),
        ) else {
            continue;
        };
        if rw.ids.contains_key(r) {
            continue;
        }
        if *key == "id" && rw.ids.iter().any(|(from, to)| to == e && from != r) {
            out.push(diff(
                &format!("$.{key}"),
                format!("a new ID (recorded {r:?} is new)"),
                format!("{e:?}, already given to an earlier object"),
            ));
            continue;
        }
        rw.ids.insert(r.to_string(), e.to_string());
    }
}

/// The last observation of one object (by the emulator's ID) in a scenario.
#[derive(Debug, Clone)]
pub struct Seen {
    step: usize,
    rec_last: String,
    emu_created: String,
    emu_last: String,
}

/// Timestamps across steps, as the recording shows them: `created` never changes, a read
/// does not move `lastUpdated` (the recording shows the same value as the step before), a
/// write never moves it back, and `created <= lastUpdated`. (Seconds precision: a write
/// within the same second may legitimately leave `lastUpdated` unchanged.)
pub fn check_timeline(
    timeline: &mut BTreeMap<String, Seen>,
    step: usize,
    method: &str,
    rec: &Value,
    emu: &Value,
    out: &mut Vec<Diff>,
) {
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let (Some(id), Some(rec_last), Some(emu_created), Some(emu_last)) = (
        s(emu, "id"),
        s(rec, "lastUpdated"),
        s(emu, "created"),
        s(emu, "lastUpdated"),
    ) else {
        return;
    };
    if emu_created > emu_last {
        out.push(diff(
            "$.lastUpdated",
            "not before created",
            format!("{emu_last:?} < created {emu_created:?}"),
        ));
    }
    if let Some(prev) = timeline.get(&id) {
        if emu_created != prev.emu_created {
            out.push(diff(
                "$.created",
                format!(
                    "unchanged since step {} ({:?})",
                    prev.step, prev.emu_created
                ),
                format!("{emu_created:?}"),
            ));
        }
        if method == "GET" && rec_last == prev.rec_last && emu_last != prev.emu_last {
            out.push(diff(
                "$.lastUpdated",
                format!(
                    "unchanged by a read since step {} ({:?})",
                    prev.step, prev.emu_last
                ),
                format!("{emu_last:?}"),
            ));
        }
        if rec_last >= prev.rec_last && emu_last < prev.emu_last {
            out.push(diff(
                "$.lastUpdated",
                format!("not before step {}'s {:?}", prev.step, prev.emu_last),
                format!("{emu_last:?}"),
            ));
        }
    }
    timeline.insert(
        id,
        Seen {
            step,
            rec_last,
            emu_created,
            emu_last,
        },
    );
}

/// Does a deliberate-difference pattern cover this diff path?
/// `[*]` matches any index; a pattern also covers everything below it.
pub fn pattern_covers(pattern: &str, path: &str) -> bool {
    fn matches_at(p: &[u8], s: &[u8]) -> Option<usize> {
        // Returns how much of `s` the whole pattern consumed.
        let (mut i, mut j) = (0, 0);
        while i < p.len() {
            if p[i..].starts_with(b"[*]") {
                if j >= s.len() || s[j] != b'[' {
                    return None;
                }
                let close = s[j..].iter().position(|&c| c == b']')?;
                i += 3;
                j += close + 1;
            } else {
                if j >= s.len() || p[i] != s[j] {
                    return None;
                }
                i += 1;
                j += 1;
            }
        }
        Some(j)
    }
    match matches_at(pattern.as_bytes(), path.as_bytes()) {
        Some(n) if n == path.len() => true,
        Some(n) => matches!(path.as_bytes()[n], b'.' | b'['),
        None => false,
    }
}
