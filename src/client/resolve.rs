//! Name resolution for the HTTP client: names under `.localhost` are loopback addresses
//! (RFC 6761 §6.3, as browsers treat them), whatever the system resolver says; every other name
//! goes to the system resolver. This lets a local oig-emulator stand in for an org with a real
//! host name and its `-admin` twin (`acme.localhost` / `acme-admin.localhost`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Whether `host` is `localhost` or a name under `.localhost` (case-insensitive, an optional
/// trailing dot allowed).
pub fn is_localhost_name(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == "localhost" || (h.ends_with(".localhost") && h.len() > ".localhost".len())
}

/// Whether `host` (a name or an IP literal, IPv6 with or without brackets) is a loopback host.
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    is_localhost_name(h) || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The resolver the client installs.
#[derive(Debug, Default)]
pub struct LocalhostAwareResolver;

impl Resolve for LocalhostAwareResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            if is_localhost_name(&host) && host.trim_end_matches('.') != "localhost" {
                // IPv4 first: local servers (the emulator) usually listen on 127.0.0.1 only.
                let addrs = vec![
                    SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
                    SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 0),
                ];
                return Ok(Box::new(addrs.into_iter()) as Addrs);
            }
            // Plain `localhost` and everything else: the system resolver (/etc/hosts, DNS).
            let addrs = tokio::task::spawn_blocking(move || {
                use std::net::ToSocketAddrs;
                (host.as_str(), 0).to_socket_addrs().map(Vec::from_iter)
            })
            .await??;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::validate::assert_verdict;

    #[test]
    fn localhost_names() {
        assert_verdict(
            is_localhost_name,
            true,
            &[
                "localhost",
                "LOCALHOST",
                "acme.localhost",
                "acme-admin.localhost",
                "a.b.localhost.",
            ],
        );
        assert_verdict(
            is_localhost_name,
            false,
            &[
                ".localhost",
                "localhost.example.com",
                "acme.okta.com",
                "notlocalhost",
                "127.0.0.1",
            ],
        );
        assert_verdict(
            is_loopback_host,
            true,
            &["127.0.0.1", "[::1]", "acme.localhost"],
        );
        assert_verdict(is_loopback_host, false, &["10.0.0.1", "acme.okta.com"]);
    }

    #[tokio::test]
    async fn subdomains_of_localhost_resolve_to_loopback_without_the_system() {
        let name: Name = "acme-admin.localhost".parse().expect("name");
        let addrs: Vec<SocketAddr> = LocalhostAwareResolver
            .resolve(name)
            .await
            .expect("resolves")
            .collect();
        assert!(!addrs.is_empty());
        assert!(addrs.iter().all(|a| a.ip().is_loopback()), "{addrs:?}");
        assert_eq!(addrs[0].ip(), IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
}
