//! Canonical URLs and stable article ids.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::fmt;

/// Why a URL could not be canonicalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlError {
    /// The input, shortened.
    pub input: String,
    /// What was wrong.
    pub reason: String,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid URL {:?}: {}", self.input, self.reason)
    }
}

impl std::error::Error for UrlError {}

/// Query parameters that only track the reader, never select content.
fn is_tracking_param(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("utm_")
        || matches!(
            n.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "msclkid"
                | "yclid"
                | "mc_cid"
                | "mc_eid"
                | "igshid"
                | "ref_src"
                | "_ga"
                | "amp"
                | "ocid"
                | "cmpid"
                | "smid"
        )
}

/// The canonical form of a URL, used for identity.
///
/// Scheme and host are lower-cased (the `url` crate also applies IDNA and
/// drops default ports); the fragment and tracking parameters (`utm_*`,
/// `fbclid`, `gclid`, …) are removed; percent-encoding is normalised: raw
/// non-ASCII (SaudiNewsNet URLs carry raw Arabic) is UTF-8 percent-encoded,
/// escapes of unreserved ASCII characters are decoded, and every remaining
/// escape uses upper-case hex. Only `http` and `https` URLs are accepted.
pub fn canonical_url(input: &str) -> Result<String, UrlError> {
    let trimmed = input.trim().trim_matches(|c: char| c == '\u{200f}' || c == '\u{200e}' || c == '\u{feff}');
    let err = |reason: &str| UrlError { input: trimmed.chars().take(200).collect(), reason: reason.to_string() };
    if trimmed.is_empty() {
        return Err(err("empty"));
    }
    if trimmed.len() > 8192 {
        return Err(err("longer than 8192 bytes"));
    }
    let mut url = url::Url::parse(trimmed).map_err(|e| err(&e.to_string()))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(err("not an http(s) URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(err("no host"));
    }
    url.set_fragment(None);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !is_tracking_param(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    let path = normalise_escapes(url.path());
    url.set_path(&path);
    Ok(url.to_string())
}

/// Decode escapes of unreserved ASCII and upper-case the hex of the rest.
/// A `%` that starts no escape is written `%25`: left bare, it could meet
/// a decoded letter and make a new escape (`%2%44` → `%2D`), and a second
/// pass would decode that too — the canonical form must be a fixed point.
fn normalise_escapes(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let h = (hex(b[i + 1]), hex(b[i + 2]));
            if let (Some(h1), Some(h2)) = h {
                let v = h1 * 16 + h2;
                if v.is_ascii_alphanumeric() || matches!(v, b'-' | b'.' | b'_' | b'~') {
                    out.push(v as char);
                } else {
                    out.push('%');
                    out.push(b[i + 1].to_ascii_uppercase() as char);
                    out.push(b[i + 2].to_ascii_uppercase() as char);
                }
                i += 3;
                continue;
            }
        }
        if b[i] == b'%' {
            out.push_str("%25");
            i += 1;
            continue;
        }
        // `s` comes from `Url::path`, which is ASCII; copy byte-wise.
        out.push(b[i] as char);
        i += 1;
    }
    out
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn short_hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0u8]);
        }
        h.update(p);
    }
    let d = h.finalize();
    d[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The id of an article with this canonical URL: 16 hex digits of SHA-256.
pub fn article_id(canonical: &str) -> String {
    short_hash(&[b"url", canonical.as_bytes()])
}

/// The id of an article without a usable URL: from source, title
/// (whitespace collapsed) and day.
pub fn fallback_id(source: &str, title: &str, day: Option<NaiveDate>) -> String {
    let title: Vec<&str> = title.split_whitespace().collect();
    let day = day.map(|d| d.to_string()).unwrap_or_default();
    short_hash(&[b"doc", source.trim().as_bytes(), title.join(" ").as_bytes(), day.as_bytes()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_and_encoded_arabic_meet() {
        let raw = canonical_url("http://www.alweeam.com.sa/351290/أمير-عسير/").unwrap();
        let enc = canonical_url("http://www.alweeam.com.sa/351290/%d8%a3%d9%85%d9%8a%d8%b1-%d8%b9%d8%b3%d9%8a%d8%b1/")
            .unwrap();
        assert_eq!(raw, enc);
        assert!(raw.contains("%D8%A3"));
    }

    #[test]
    fn tracking_fragment_case_and_port() {
        let a = canonical_url("HTTPS://News.Example.com:443/a/b?utm_source=tw&id=5&fbclid=zz#comments").unwrap();
        assert_eq!(a, "https://news.example.com/a/b?id=5");
        let b = canonical_url("https://news.example.com/a/b?id=5").unwrap();
        assert_eq!(a, b);
        assert_eq!(canonical_url("http://e.com/x?utm_campaign=1").unwrap(), "http://e.com/x");
    }

    #[test]
    fn unreserved_escapes_decoded() {
        assert_eq!(canonical_url("http://e.com/%7Euser/%41b").unwrap(), "http://e.com/~user/Ab");
        // A bare `%` is escaped, so a decoded letter cannot complete it into a
        // new escape (`%2` + `%44` must not become `%2D`, then `-`).
        let c = canonical_url("http://example.com/%2%44_").unwrap();
        assert_eq!(c, "http://example.com/%252D_");
        assert_eq!(canonical_url(&c).unwrap(), c);
        assert_eq!(canonical_url("http://e.com/100%").unwrap(), "http://e.com/100%25");
    }

    #[test]
    fn hostile_urls_are_errors() {
        for u in ["", "javascript:alert(1)", "file:///etc/passwd", "http://", "not a url", "mailto:a@b.c"] {
            assert!(canonical_url(u).is_err(), "{u}");
        }
        let long = format!("http://e.com/{}", "a".repeat(10_000));
        assert!(canonical_url(&long).is_err());
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(article_id("http://e.com/a"), article_id("http://e.com/a"));
        assert_ne!(article_id("http://e.com/a"), article_id("http://e.com/b"));
        assert_eq!(fallback_id("s", " عنوان  الخبر ", None), fallback_id("s", "عنوان الخبر", None));
    }

    proptest::proptest! {
        #[test]
        fn canonical_is_idempotent(path in "[a-zA-Z0-9ا-ي%/._~-]{0,40}", q in "[a-z0-9=&_]{0,20}") {
            let u = format!("http://Example.com/{path}?{q}");
            if let Ok(c) = canonical_url(&u) {
                proptest::prop_assert_eq!(canonical_url(&c).unwrap(), c);
            }
        }
    }
}
