//! Where the crawler may connect (SSRF rules).
//!
//! Only `http` and `https` URLs are fetched. Every address a request would
//! reach is checked — the URL's host when it is an IP literal, and every
//! address DNS gives for a name (inside the HTTP client's resolver, so the
//! address checked is the address connected to) — on the first request and
//! again on every redirect hop. Refused unless the source says
//! `allow_private = true`: loopback, private (RFC 1918, unique-local),
//! link-local, shared (CGNAT), unspecified, broadcast, documentation,
//! benchmark and reserved ranges, and IPv4-mapped or NAT64 forms of them.
//! Cloud metadata addresses (`169.254.169.254`, `fd00:ec2::254`,
//! `100.100.100.200`) are refused always.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

/// Why a URL or address was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// True for cloud metadata endpoints (refused even when private addresses are allowed).
pub fn is_metadata(ip: IpAddr) -> bool {
    match canonical_ip(ip) {
        IpAddr::V4(v4) => v4 == Ipv4Addr::new(169, 254, 169, 254) || v4 == Ipv4Addr::new(100, 100, 100, 200),
        IpAddr::V6(v6) => v6 == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254),
    }
}

/// IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible and NAT64 (`64:ff9b::/96`)
/// IPv6 addresses, as the IPv4 address they carry.
fn canonical_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return IpAddr::V4(v4);
            }
            let s = v6.segments();
            if s[0] == 0x64 && s[1] == 0xff9b && s[2..6].iter().all(|&x| x == 0) {
                let o = v6.octets();
                return IpAddr::V4(Ipv4Addr::new(o[12], o[13], o[14], o[15]));
            }
            IpAddr::V6(v6)
        }
        v4 => v4,
    }
}

/// True when the address is not on the public internet.
pub fn is_non_public(ip: IpAddr) -> bool {
    match canonical_ip(ip) {
        IpAddr::V4(a) => {
            let o = a.octets();
            a.is_loopback()
                || a.is_private()
                || a.is_link_local()
                || a.is_unspecified()
                || a.is_broadcast()
                || a.is_documentation()
                || a.is_multicast()
                || o[0] == 0
                || (o[0] == 100 && (o[1] & 0xc0) == 64) // 100.64/10 shared
                || (o[0] == 192 && o[1] == 0 && o[2] == 0) // 192.0.0/24 protocol assignments
                || (o[0] == 198 && (o[1] & 0xfe) == 18) // 198.18/15 benchmarking
                || o[0] >= 240 // reserved
        }
        IpAddr::V6(a) => {
            let s = a.segments();
            a.is_loopback()
                || a.is_unspecified()
                || a.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0x2001 && s[1] == 0xdb8) // documentation
                || (s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] == 0 && s[4] == 0 && s[5] == 0)
            // v4-compatible
        }
    }
}

/// Check one resolved address.
pub fn check_ip(ip: IpAddr, allow_private: bool) -> Result<(), Refused> {
    if is_metadata(ip) {
        return Err(Refused(format!("{ip} is a cloud metadata address")));
    }
    if !allow_private && is_non_public(ip) {
        return Err(Refused(format!("{ip} is a private, loopback or link-local address")));
    }
    Ok(())
}

/// Check a URL before any request: scheme, credentials, and the host when it
/// is an IP literal (names are checked when they resolve).
pub fn check_url(url: &Url, allow_private: bool) -> Result<(), Refused> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refused(format!("{url}: only http and https URLs are fetched")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refused(format!("{url}: URLs with credentials are not fetched")));
    }
    match url.host() {
        None => Err(Refused(format!("{url}: no host"))),
        Some(Host::Ipv4(v4)) => check_ip(IpAddr::V4(v4), allow_private),
        Some(Host::Ipv6(v6)) => check_ip(IpAddr::V6(v6), allow_private),
        Some(Host::Domain(d)) => {
            let d = d.trim_end_matches('.');
            if !allow_private && (d == "localhost" || d.ends_with(".localhost")) {
                return Err(Refused(format!("{url}: localhost is not fetched")));
            }
            Ok(())
        }
    }
}

/// The DNS resolver of the HTTP clients: resolves with the system resolver,
/// then keeps only allowed addresses; none left → the request fails with
/// [`Refused`] in its error chain.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GuardedResolver {
    pub allow_private: bool,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let mut last = None;
            let ok: Vec<std::net::SocketAddr> = addrs
                .into_iter()
                .filter(|a| match check_ip(a.ip(), allow) {
                    Ok(()) => true,
                    Err(e) => {
                        last = Some(e);
                        false
                    }
                })
                .collect();
            if ok.is_empty() {
                let why = last.map_or_else(|| "no address".to_string(), |e| e.0);
                let err: Box<dyn std::error::Error + Send + Sync> =
                    Box::new(Refused(format!("{host} resolves to {why}")));
                return Err(err);
            }
            let it: reqwest::dns::Addrs = Box::new(ok.into_iter());
            Ok(it)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn private_ranges_refused_public_allowed() {
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.1.1",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fc00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "255.255.255.255",
            "224.0.0.1",
        ] {
            assert!(check_ip(ip(bad), false).is_err(), "{bad}");
            assert!(check_ip(ip(bad), true).is_ok(), "{bad} allowed when private is allowed");
        }
        for good in ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "93.184.216.34"] {
            assert!(check_ip(ip(good), false).is_ok(), "{good}");
        }
    }

    #[test]
    fn metadata_always_refused() {
        for m in ["169.254.169.254", "::ffff:169.254.169.254", "fd00:ec2::254", "100.100.100.200"] {
            assert!(check_ip(ip(m), true).is_err(), "{m}");
        }
    }

    #[test]
    fn urls() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(check_url(&u("https://example.com/a"), false).is_ok());
        assert!(check_url(&u("ftp://example.com/a"), true).is_err());
        assert!(check_url(&u("file:///etc/passwd"), true).is_err());
        assert!(check_url(&u("http://user:pw@example.com/"), false).is_err());
        assert!(check_url(&u("http://127.0.0.1:8080/"), false).is_err());
        assert!(check_url(&u("http://127.0.0.1:8080/"), true).is_ok());
        assert!(check_url(&u("http://0x7f.1/"), false).is_err(), "odd IPv4 spellings are parsed as IPs");
        assert!(check_url(&u("http://2130706433/"), false).is_err());
        assert!(check_url(&u("http://[::1]/"), false).is_err());
        assert!(check_url(&u("http://localhost./"), false).is_err());
        assert!(check_url(&u("http://169.254.169.254/latest/meta-data/"), true).is_err());
    }
}
