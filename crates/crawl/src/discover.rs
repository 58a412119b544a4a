//! Finding article URLs: RSS / Atom feeds (`feed-rs`) and sitemaps
//! (`urlset`, Google News `news:news`, `sitemapindex`; gzip-compressed too).
//!
//! XML safety: a document with a DTD internal subset (`<!DOCTYPE x [ … ]>`)
//! or any `<!ENTITY` declaration is refused before parsing, so entity
//! expansion ("billion laughs") and external entities never happen. (Neither
//! parser expands user-defined entities anyway; the check makes the refusal
//! explicit and reported.) A plain `<!DOCTYPE rss PUBLIC …>` is accepted and
//! never fetched.

use chrono::{DateTime, Utc};
use quick_xml::events::Event;
use std::io::Read;
use url::Url;

/// Feed items read at most per feed.
pub const MAX_FEED_ITEMS: usize = 5000;
/// URLs read at most per sitemap (the protocol's own limit).
pub const MAX_SITEMAP_URLS: usize = 50_000;

/// A page URL found in a feed or sitemap, with what the listing says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovered {
    /// Absolute URL.
    pub url: String,
    /// The listing's title.
    pub title: Option<String>,
    /// The listing's publication (or update) time.
    pub published: Option<DateTime<Utc>>,
}

/// Why a feed or sitemap could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoverError {
    /// A DTD internal subset or entity declaration.
    #[error("XML with a DTD internal subset or entity declarations is refused (entity expansion)")]
    UnsafeXml,
    /// Not a feed / sitemap, or broken XML.
    #[error("malformed: {0}")]
    Malformed(String),
    /// Decompressed past the cap.
    #[error("decompressed body over the {0}-byte limit")]
    TooLarge(u64),
}

impl DiscoverError {
    /// A short label (`unsafe_xml`, `malformed`, `too_large`).
    pub fn kind(&self) -> &'static str {
        match self {
            DiscoverError::UnsafeXml => "unsafe_xml",
            DiscoverError::Malformed(_) => "malformed",
            DiscoverError::TooLarge(_) => "too_large",
        }
    }
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// Refuse DTD internal subsets and entity declarations.
pub fn check_xml_safe(bytes: &[u8]) -> Result<(), DiscoverError> {
    if find_ci(bytes, b"<!ENTITY").is_some() {
        return Err(DiscoverError::UnsafeXml);
    }
    let mut rest = bytes;
    while let Some(p) = find_ci(rest, b"<!DOCTYPE") {
        let after = &rest[p + 9..];
        let end = after.iter().position(|&b| b == b'>').unwrap_or(after.len());
        if after[..end].contains(&b'[') {
            return Err(DiscoverError::UnsafeXml);
        }
        rest = &after[end..];
    }
    Ok(())
}

/// Gunzip a body that starts with the gzip magic, up to `cap` bytes.
pub fn maybe_gunzip(bytes: Vec<u8>, cap: u64) -> Result<Vec<u8>, DiscoverError> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| DiscoverError::Malformed(format!("gzip: {e}")))?;
    if out.len() as u64 > cap {
        return Err(DiscoverError::TooLarge(cap));
    }
    Ok(out)
}

fn absolute(base: &Url, href: &str) -> Option<String> {
    let u = base.join(href.trim()).ok()?;
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

/// The items of an RSS / Atom / JSON feed.
pub fn parse_feed(bytes: &[u8], base: &Url) -> Result<Vec<Discovered>, DiscoverError> {
    check_xml_safe(bytes)?;
    let feed = feed_rs::parser::parse(bytes).map_err(|e| DiscoverError::Malformed(e.to_string()))?;
    let mut out = Vec::new();
    for e in feed.entries.into_iter().take(MAX_FEED_ITEMS) {
        let link = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(e.links.first())
            .map(|l| l.href.clone())
            // RSS items whose <guid isPermaLink> is the only URL.
            .or_else(|| (e.id.starts_with("http://") || e.id.starts_with("https://")).then(|| e.id.clone()));
        let Some(url) = link.and_then(|l| absolute(base, &l)) else { continue };
        out.push(Discovered {
            url,
            title: e.title.map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty()),
            published: e.published.or(e.updated),
        });
    }
    Ok(out)
}

/// A sitemap's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Sitemap {
    /// `<urlset>`: pages.
    Urls(Vec<Discovered>),
    /// `<sitemapindex>`: more sitemaps.
    Index(Vec<String>),
}

fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    // W3C datetime without seconds (`2025-04-03T10:00+03:00`) or a bare date.
    if let Ok(t) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%:z") {
        return Some(t.with_timezone(&Utc));
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc())
}

/// Read a sitemap (`urlset` or `sitemapindex`).
pub fn parse_sitemap(bytes: &[u8], base: &Url) -> Result<Sitemap, DiscoverError> {
    check_xml_safe(bytes)?;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let bad = |e: &dyn std::fmt::Display| DiscoverError::Malformed(format!("XML: {e}"));
    let mut buf = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut root: Option<String> = None;
    let mut text = String::new();
    let (mut loc, mut title, mut date, mut lastmod) = (None::<String>, None::<String>, None::<String>, None::<String>);
    let mut urls: Vec<Discovered> = Vec::new();
    let mut children: Vec<String> = Vec::new();
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        match ev {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if root.is_none() {
                    root = Some(name.clone());
                }
                if name == "url" || name == "sitemap" {
                    (loc, title, date, lastmod) = (None, None, None, None);
                }
                stack.push(name);
                text.clear();
            }
            Event::Empty(e) if root.is_none() => {
                root = Some(String::from_utf8_lossy(e.local_name().as_ref()).into_owned());
            }
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| bad(&e))?),
            Event::CData(t) => text.push_str(&t.decode().map_err(|e| bad(&e))?),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| bad(&e))? {
                    text.push(c);
                } else {
                    let name = r.decode().map_err(|e| bad(&e))?;
                    let v = quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| DiscoverError::Malformed(format!("unknown entity &{name};")))?;
                    text.push_str(v);
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let value = std::mem::take(&mut text).trim().to_string();
                match name.as_str() {
                    "loc" => loc = Some(value),
                    "publication_date" => date = Some(value),
                    "title" => title = Some(value),
                    "lastmod" => lastmod = Some(value),
                    "url" => {
                        if let Some(u) = loc.take().and_then(|l| absolute(base, &l)) {
                            if urls.len() < MAX_SITEMAP_URLS {
                                let published = date.take().or(lastmod.take()).as_deref().and_then(parse_date);
                                urls.push(Discovered {
                                    url: u,
                                    title: title.take().filter(|t| !t.is_empty()),
                                    published,
                                });
                            }
                        }
                    }
                    "sitemap" => {
                        if let Some(u) = loc.take().and_then(|l| absolute(base, &l)) {
                            if children.len() < MAX_SITEMAP_URLS {
                                children.push(u);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::DocType(_) => {}
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err(DiscoverError::Malformed(format!(
            "XML ends inside <{}>",
            stack.last().cloned().unwrap_or_default()
        )));
    }
    match root.as_deref() {
        Some("urlset") => Ok(Sitemap::Urls(urls)),
        Some("sitemapindex") => Ok(Sitemap::Index(children)),
        Some(other) => Err(DiscoverError::Malformed(format!("not a sitemap: root element <{other}>"))),
        None => Err(DiscoverError::Malformed("not a sitemap: no root element".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://news.example/feeds/").unwrap()
    }

    #[test]
    fn rss_items() {
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>أخبار</title>
<item><title>افتتاح معرض الكتاب</title><link>/a/1?utm_source=rss</link><pubDate>Thu, 03 Apr 2025 10:00:00 +0300</pubDate></item>
<item><title>بلا رابط</title></item>
<item><title>دليل</title><guid isPermaLink="true">https://news.example/a/2</guid></item>
</channel></rss>"#;
        let items = parse_feed(rss.as_bytes(), &base()).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].url, "https://news.example/a/1?utm_source=rss");
        assert_eq!(items[0].title.as_deref(), Some("افتتاح معرض الكتاب"));
        assert_eq!(items[0].published.unwrap().to_rfc3339(), "2025-04-03T07:00:00+00:00");
        assert_eq!(items[1].url, "https://news.example/a/2");
    }

    #[test]
    fn atom_items() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><updated>2025-04-03T10:00:00Z</updated>
<entry><title>خبر</title><id>urn:1</id><link rel="alternate" href="https://news.example/b"/><updated>2025-04-03T10:00:00Z</updated></entry></feed>"#;
        let items = parse_feed(atom.as_bytes(), &base()).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].url, "https://news.example/b");
    }

    #[test]
    fn entity_expansion_refused() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
<rss version="2.0"><channel><title>&lol2;</title></channel></rss>"#;
        assert_eq!(parse_feed(laughs.as_bytes(), &base()), Err(DiscoverError::UnsafeXml));
        assert!(matches!(parse_sitemap(laughs.as_bytes(), &base()), Err(DiscoverError::UnsafeXml)));
        let xxe = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset><url><loc>&x;</loc></url></urlset>"#;
        assert!(matches!(parse_sitemap(xxe.as_bytes(), &base()), Err(DiscoverError::UnsafeXml)));
        // A plain public DOCTYPE is fine.
        let ok = r#"<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>t</title><link>https://news.example/</link><description>d</description></channel></rss>"#;
        assert!(parse_feed(ok.as_bytes(), &base()).is_ok());
    }

    #[test]
    fn news_sitemap_and_index() {
        let sm = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/a?x=1&amp;y=2</loc><news:news><news:publication><news:name>م</news:name><news:language>ar</news:language></news:publication>
<news:publication_date>2025-04-03T10:00:00+03:00</news:publication_date><news:title>عنوان</news:title></news:news></url>
<url><loc>https://news.example/b</loc><lastmod>2025-04-02</lastmod></url>
</urlset>"#;
        let Sitemap::Urls(u) = parse_sitemap(sm.as_bytes(), &base()).unwrap() else { panic!() };
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].url, "https://news.example/a?x=1&y=2");
        assert_eq!(u[0].title.as_deref(), Some("عنوان"));
        assert_eq!(u[0].published.unwrap().to_rfc3339(), "2025-04-03T07:00:00+00:00");
        assert_eq!(u[1].published.unwrap().to_rfc3339(), "2025-04-02T00:00:00+00:00");
        let idx = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/s1.xml</loc></sitemap></sitemapindex>"#;
        assert_eq!(
            parse_sitemap(idx.as_bytes(), &base()).unwrap(),
            Sitemap::Index(vec!["https://news.example/s1.xml".into()])
        );
        assert!(parse_sitemap(b"<urlset><url><loc>x</loc>", &base()).is_err());
        assert!(parse_sitemap(b"<html></html>", &base()).is_err());
    }

    #[test]
    fn gzip_capped() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&vec![b'a'; 100_000]).unwrap();
        let gz = e.finish().unwrap();
        assert_eq!(maybe_gunzip(gz.clone(), 200_000).unwrap().len(), 100_000);
        assert_eq!(maybe_gunzip(gz, 1000), Err(DiscoverError::TooLarge(1000)));
    }
}
