//! Pagination: Okta lists carry `Link: <…>; rel="next"` headers (and, in v2 bodies, `_links.next`)
//! whose URL holds the `after` cursor. Live Okta writes its links on the org's `-admin` host
//! (`https://acme-admin.okta.com/…` for calls to `https://acme.okta.com`), so links to the org's
//! origin or to its `-admin` twin are followed; any other host is refused. Either way only the
//! path and query of a link are used: the next page is requested from the configured org, so a
//! credential never goes anywhere else.

use std::collections::HashSet;

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use url::Url;

use super::error::ApiError;
use super::{Call, Client, ResourceCollection};

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
    if next.origin() != base.origin() && !is_admin_twin(&base, &next) {
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

/// Whether `other` is `org`'s `-admin` twin or the other way round: same scheme and port, and
/// hosts that differ only by `-admin` at the end of the first label
/// (`acme.okta.com` ↔ `acme-admin.okta.com`, `acme.localhost` ↔ `acme-admin.localhost`).
pub fn is_admin_twin(org: &Url, other: &Url) -> bool {
    if org.scheme() != other.scheme()
        || org.port_or_known_default() != other.port_or_known_default()
    {
        return false;
    }
    let (Some(url::Host::Domain(a)), Some(url::Host::Domain(b))) = (org.host(), other.host())
    else {
        return false;
    };
    let twin = |plain: &str, admin: &str| {
        let (Some((p_first, p_rest)), Some((a_first, a_rest))) =
            (plain.split_once('.'), admin.split_once('.'))
        else {
            return false;
        };
        !p_first.is_empty()
            && p_rest.eq_ignore_ascii_case(a_rest)
            && a_first
                .strip_suffix("-admin")
                .is_some_and(|stem| stem.eq_ignore_ascii_case(p_first))
    };
    twin(a, b) || twin(b, a)
}

/// One page of a v1/v2 governance list: `{"data": […], "_links": {"next": {"href": …}}}`.
#[derive(Debug, Deserialize)]
struct Page<T> {
    #[serde(default = "Vec::new")]
    data: Vec<T>,
    #[serde(default, rename = "_links")]
    links: Option<PageLinks>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PageLinks {
    next: Option<Href>,
}

#[derive(Debug, Deserialize)]
struct Href {
    #[serde(default)]
    href: String,
}

/// The pages of one list, read one at a time: each page's next-page link (`_links.next` in the
/// body, else `Link: rel="next"`) becomes the next call, on the configured org only. A link that
/// leads back to a page already read (same path and query, `limit` aside) is an error at once.
pub struct Pages {
    next: Option<Call>,
    seen: HashSet<(String, Vec<(String, String)>)>,
    read: usize,
    max_pages: usize,
    what: &'static str,
}

impl Pages {
    /// The pages starting with `first`; `what` names the list in errors ("request-condition").
    pub fn new(first: Call, what: &'static str, max_pages: usize) -> Pages {
        let mut seen = HashSet::new();
        seen.insert(page_key(&first));
        Pages {
            next: Some(first),
            seen,
            read: 0,
            max_pages,
            what,
        }
    }

    /// The call for the next page, to adjust (its `limit`) before it is sent.
    pub fn next_call(&mut self) -> Option<&mut Call> {
        self.next.as_mut()
    }

    /// The items of the next page; `None` after the last one.
    pub async fn next<T: DeserializeOwned>(
        &mut self,
        client: &Client,
    ) -> Result<Option<Vec<T>>, ApiError> {
        let Some(call) = self.next.take() else {
            return Ok(None);
        };
        if self.read >= self.max_pages {
            return Err(ApiError::Invalid(format!(
                "the {} list did not end after {} pages",
                self.what, self.max_pages
            )));
        }
        let resp = client.send::<Page<T>>(&call).await?;
        self.read += 1;
        let link = resp
            .body
            .links
            .and_then(|l| l.next)
            .map(|h| h.href)
            .filter(|h| !h.is_empty())
            .or_else(|| next_link(&resp.headers));
        if let Some(link) = link {
            let (path, query) = next_call_target(client.org_url(), &link)?;
            let mut next = call;
            next.path = path;
            next.query = query;
            if !self.seen.insert(page_key(&next)) {
                return Err(ApiError::Invalid(format!(
                    "the {} list's next-page link ({link}) leads back to a page already read; \
                     the list was not followed further",
                    self.what
                )));
            }
            self.next = Some(next);
        }
        Ok(Some(resp.body.data))
    }
}

/// What identifies a page: its path and query, without the page size.
fn page_key(call: &Call) -> (String, Vec<(String, String)>) {
    let mut query: Vec<(String, String)> = call
        .query
        .iter()
        .filter(|(k, _)| k != "limit")
        .cloned()
        .collect();
    query.sort();
    (call.path.clone(), query)
}

impl Client {
    /// Every item of a resource's collection, following every page (see [`Pages`]).
    pub async fn list_all<T: DeserializeOwned>(
        &self,
        collection: &ResourceCollection,
        resource_id: &str,
    ) -> Result<Vec<T>, ApiError> {
        let first = Call::get(collection.list_bucket, collection.path(resource_id)?);
        let mut pages = Pages::new(first, collection.item_name, collection.max_pages);
        let mut all = Vec::new();
        while let Some(items) = pages.next::<T>(self).await? {
            all.extend(items);
        }
        Ok(all)
    }
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
        // Live Okta's links are on the -admin twin: followed, and requested from the org itself.
        let (path, query) = next_call_target(
            "https://acme.okta.com",
            "https://acme-admin.okta.com/governance/api/v2/resources/0oa1/request-conditions?after=c1",
        )
        .unwrap_or_default();
        assert_eq!(path, "/governance/api/v2/resources/0oa1/request-conditions");
        assert_eq!(query, vec![("after".to_string(), "c1".to_string())]);
        assert!(next_call_target(
            "http://acme.localhost:8080",
            "http://acme-admin.localhost:8080/x?after=1"
        )
        .is_ok());
        // An org configured on its admin host accepts links on the plain host.
        assert!(next_call_target("https://acme-admin.okta.com", "https://acme.okta.com/x").is_ok());
        for other in [
            "https://evil-admin.okta.com/x",
            "https://acme-admin.evil.com/x",
            "http://acme-admin.okta.com/x",
            "https://acme-admin.okta.com:8443/x",
            "https://acme-admin-admin.okta.com/x",
            "https://x.acme-admin.okta.com/x",
            "https://acmeadmin.okta.com/x",
        ] {
            assert!(
                next_call_target("https://acme.okta.com", other).is_err(),
                "{other}"
            );
        }
        assert!(next_call_target(
            "http://acme.localhost:8080",
            "http://acme-admin.localhost:9090/x"
        )
        .is_err());
        assert!(
            next_call_target("http://127.0.0.1:8080", "http://127.0.0.1-admin:8080/x").is_err()
        );
    }
}
