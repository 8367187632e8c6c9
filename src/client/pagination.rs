//! Pagination: Okta lists carry `Link: <…>; rel="next"` headers (and, in v2 bodies, `_links.next`)
//! whose URL holds the `after` cursor. Only links to the org's own origin are followed, so a
//! credential is never sent to another host.

use reqwest::header::HeaderMap;
use url::Url;

use super::error::ApiError;

/// The `rel="next"` URL from the response's `Link` headers, if any.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|part| {
            let mut pieces = part.split(';');
            let target = pieces.next()?.trim();
            let is_next = pieces.any(|p| {
                let p = p.trim();
                p == "rel=\"next\"" || p == "rel=next"
            });
            let url = target.strip_prefix('<')?.strip_suffix('>')?;
            is_next.then(|| url.to_string())
        })
}

/// Splits a next-page URL into the path and query pairs to request, checking that it points at
/// the org itself.
pub fn next_call_target(
    org_url: &str,
    link: &str,
) -> Result<(String, Vec<(String, String)>), ApiError> {
    let base = Url::parse(org_url).map_err(|e| ApiError::Invalid(format!("bad org URL: {e}")))?;
    let next = base.join(link).map_err(|e| {
        ApiError::Invalid(format!("the API returned an unusable next-page link ({e})"))
    })?;
    if next.origin() != base.origin() {
        return Err(ApiError::Invalid(format!(
            "the API returned a next-page link to another host ({}); it was not followed",
            next.origin().ascii_serialization()
        )));
    }
    let query = next
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Ok((next.path().to_string(), query))
}

/// The `after` cursor of a next-page link (`…?after=abc&limit=20` → `abc`).
pub fn after_cursor(link: &str) -> Option<String> {
    let url = Url::parse(link)
        .or_else(|_| Url::parse("http://x/").and_then(|b| b.join(link)))
        .ok()?;
    url.query_pairs()
        .find(|(k, _)| k == "after")
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn map(values: &[&'static str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("link", HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn finds_next_among_links() {
        let h = map(&[
            "<https://acme.okta.com/api/v1/x?limit=2>; rel=\"self\"",
            "<https://acme.okta.com/api/v1/x?after=abc&limit=2>; rel=\"next\"",
        ]);
        assert_eq!(
            next_link(&h).as_deref(),
            Some("https://acme.okta.com/api/v1/x?after=abc&limit=2")
        );
        let joined =
            map(&["<https://a/x?limit=2>; rel=\"self\", <https://a/x?after=b%22c>; rel=\"next\""]);
        assert_eq!(
            next_link(&joined).as_deref(),
            Some("https://a/x?after=b%22c")
        );
        assert_eq!(next_link(&map(&["<https://a/x>; rel=\"self\""])), None);
    }

    #[test]
    fn next_target_stays_on_the_org() {
        let (path, query) = next_call_target(
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/governance/api/v1/requests?after=a%3Ab&limit=200",
        )
        .unwrap_or_default();
        assert_eq!(path, "/governance/api/v1/requests");
        assert_eq!(
            query,
            vec![
                ("after".to_string(), "a:b".to_string()),
                ("limit".to_string(), "200".to_string())
            ]
        );
        assert!(next_call_target(
            "https://acme.okta.com",
            "https://evil.example.com/x?after=1"
        )
        .is_err());
        assert_eq!(
            after_cursor("/x?after=a%3Ab&limit=2").as_deref(),
            Some("a:b")
        );
    }
}
