//! Requests v1 list: `filter` (`requestStatus eq`, `lastUpdated gt|ge|lt|le|eq`), `orderBy`,
//! `limit` and `after`, with `Link` headers mirrored in `_links`.

use serde_json::{json, Value};

use crate::errors::{ApiError, Cause};
use crate::records::AccessRequest;
use crate::store::Store;
use crate::util::{encode_query, parse_ts};
use crate::validate::is_hex24;

/// The request statuses.
pub const STATUSES: &[&str] = &["OPEN", "PENDING", "RESOLVED", "LOCKED"];

enum Clause {
    Status(String),
    LastUpdated(String, i64),
}

fn filter_error(msg: impl Into<String>) -> ApiError {
    ApiError::validation(vec![Cause::query("filter", msg, "INVALID_FILTER")])
}

/// Splits on ` and ` (any case) outside double quotes.
fn split_and(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut in_quotes = false;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if !in_quotes && c.is_whitespace() && i + 4 < chars.len() {
            let word: String = chars[i + 1..i + 4].iter().collect();
            if word.eq_ignore_ascii_case("and") && chars[i + 4].is_whitespace() {
                parts.push(cur.trim().to_string());
                cur.clear();
                i += 5;
                continue;
            }
        }
        cur.push(c);
        i += 1;
    }
    parts.push(cur.trim().to_string());
    parts
}

fn parse_filter(s: &str) -> Result<Vec<Clause>, ApiError> {
    let mut out = Vec::new();
    for part in split_and(s) {
        if part.is_empty() {
            return Err(filter_error("empty filter expression"));
        }
        let mut it = part.splitn(3, char::is_whitespace);
        let attr = it.next().unwrap_or("");
        let op = it.next().unwrap_or("").to_ascii_lowercase();
        let raw = it.next().unwrap_or("").trim();
        let value = raw
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .ok_or_else(|| {
                filter_error(format!(
                    "invalid filter expression '{part}': values must be double-quoted"
                ))
            })?;
        match attr {
            "requestStatus" => {
                if op != "eq" {
                    return Err(filter_error(format!(
                        "operator '{op}' is not supported for requestStatus (use eq)"
                    )));
                }
                if !STATUSES.contains(&value) {
                    return Err(filter_error(format!(
                        "requestStatus must be one of {}, got '{value}'",
                        STATUSES.join(", ")
                    )));
                }
                out.push(Clause::Status(value.to_string()));
            }
            "lastUpdated" => {
                if !["gt", "ge", "lt", "le", "eq"].contains(&op.as_str()) {
                    return Err(filter_error(format!(
                        "operator '{op}' is not supported for lastUpdated"
                    )));
                }
                let t = parse_ts(value).ok_or_else(|| {
                    filter_error(format!("'{value}' is not an ISO 8601 date-time"))
                })?;
                out.push(Clause::LastUpdated(op, t));
            }
            _ => {
                return Err(filter_error(format!(
                    "'{attr}' is not a supported filter property (requestStatus, lastUpdated)"
                )))
            }
        }
    }
    Ok(out)
}

fn matches(r: &AccessRequest, clauses: &[Clause]) -> bool {
    clauses.iter().all(|c| match c {
        Clause::Status(s) => &r.request_status == s,
        Clause::LastUpdated(op, t) => {
            let lu = parse_ts(&r.last_updated).unwrap_or(0);
            match op.as_str() {
                "gt" => lu > *t,
                "ge" => lu >= *t,
                "lt" => lu < *t,
                "le" => lu <= *t,
                _ => lu == *t,
            }
        }
    })
}

/// The list response plus the `Link` header values.
pub struct ListResult {
    pub body: Value,
    pub links: Vec<String>,
}

/// `GET /governance/api/v1/requests`
pub fn list(store: &Store, base: &str, query: &[(String, String)]) -> Result<ListResult, ApiError> {
    let get = |k: &str| {
        query
            .iter()
            .rev()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.clone())
    };
    let limit =
        match get("limit") {
            None => 20,
            Some(s) => match s.trim().parse::<i64>() {
                Ok(n) if (1..=200).contains(&n) => n as usize,
                _ => return Err(ApiError::paging(Cause::query(
                    "limit",
                    "The limit parameter is not a valid. It must be an integer between 1 and 200.",
                    "INVALID_DATA_TYPE",
                ))),
            },
        };
    let (order_field, desc) = match get("orderBy") {
        None => ("created".to_string(), false),
        Some(s) => {
            let mut it = s.split_whitespace();
            let f = it.next().unwrap_or("").to_string();
            let dir = it.next().unwrap_or("asc").to_ascii_lowercase();
            if it.next().is_some()
                || !(f == "created" || f == "lastUpdated")
                || !(dir == "asc" || dir == "desc")
            {
                return Err(ApiError::paging(Cause::query(
                    "orderBy",
                    "Invalid orderBy syntax. Use created or lastUpdated, optionally followed by asc or desc.",
                    "STRING_FORMAT_INVALID",
                )));
            }
            (f, dir == "desc")
        }
    };
    let clauses = match get("filter") {
        None => Vec::new(),
        Some(f) if f.trim().is_empty() => Vec::new(),
        Some(f) => parse_filter(&f)?,
    };
    let mut all: Vec<&AccessRequest> = store.requests.iter().collect();
    let key = |r: &AccessRequest| {
        let t = if order_field == "created" {
            &r.created
        } else {
            &r.last_updated
        };
        (parse_ts(t).unwrap_or(0), r.permalink_id)
    };
    all.sort_by_key(|r| key(r));
    if desc {
        all.reverse();
    }
    let start = match get("after") {
        None => 0,
        Some(a) if a.is_empty() => {
            return Err(ApiError::paging(Cause::query(
                "after",
                "Empty value found for query parameter 'after'",
                "EMPTY_PARAMETER",
            )))
        }
        Some(a) => {
            if !is_hex24(&a) {
                return Err(ApiError::paging(Cause::query(
                    "after",
                    "must match pattern \"^[a-fA-F\\d]{24}$\"",
                    "STRING_FORMAT_INVALID",
                )));
            }
            match all.iter().position(|r| r.id == a) {
                Some(i) => i + 1,
                None => {
                    return Err(ApiError::paging(Cause::query(
                        "after",
                        format!("{a} not found"),
                        "IDENTIFIER_NOT_FOUND",
                    )))
                }
            }
        }
    };
    let matching: Vec<&AccessRequest> = all[start.min(all.len())..]
        .iter()
        .copied()
        .filter(|r| matches(r, &clauses))
        .collect();
    let page: Vec<&AccessRequest> = matching.iter().take(limit).copied().collect();
    let more = matching.len() > limit;

    let mut common: Vec<(&str, String)> = Vec::new();
    if let Some(f) = get("filter") {
        common.push(("filter", f));
    }
    if let Some(o) = get("orderBy") {
        common.push(("orderBy", o));
    }
    let url = |extra: Vec<(&str, String)>| {
        let mut pairs: Vec<(&str, &str)> = common.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for (k, v) in &extra {
            pairs.push((k, v.as_str()));
        }
        format!("{base}/governance/api/v1/requests?{}", encode_query(&pairs))
    };
    let mut self_extra = Vec::new();
    if let Some(a) = get("after") {
        self_extra.push(("after", a));
    }
    self_extra.push(("limit", limit.to_string()));
    let self_url = url(self_extra);
    let mut links_json = json!({ "self": { "href": self_url } });
    let mut links = vec![format!("<{self_url}>; rel=\"self\"")];
    if more {
        if let Some(last) = page.last() {
            let next_url = url(vec![
                ("after", last.id.clone()),
                ("limit", limit.to_string()),
            ]);
            links.push(format!("<{next_url}>; rel=\"next\""));
            if let Some(m) = links_json.as_object_mut() {
                m.insert("next".into(), json!({ "href": next_url }));
            }
        }
    }
    Ok(ListResult {
        body: json!({
            "data": page.iter().map(|r| r.to_sparse(base)).collect::<Vec<_>>(),
            "_links": links_json,
        }),
        links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split() {
        assert_eq!(
            split_and("requestStatus eq \"OPEN\" AND lastUpdated gt \"x and y\""),
            vec!["requestStatus eq \"OPEN\"", "lastUpdated gt \"x and y\""]
        );
        assert!(parse_filter(
            "requestStatus eq \"OPEN\" and lastUpdated gt \"2024-01-01T00:00:00Z\""
        )
        .is_ok());
        assert!(parse_filter("requestStatus eq OPEN").is_err());
        assert!(parse_filter("foo eq \"x\"").is_err());
        assert!(parse_filter("requestStatus eq \"NOPE\"").is_err());
    }
}
