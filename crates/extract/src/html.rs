//! HTML article pages → [`Article`].
//!
//! Bytes are decoded ([`crate::encoding`]), parsed with a real HTML parser
//! (html5ever, through `scraper`), and read in three steps:
//!
//! 1. **Metadata**: JSON-LD (`NewsArticle` and kin: `headline`,
//!    `datePublished`, `dateModified`, `author`, `image`, `keywords`,
//!    `articleSection`, `articleBody`), OpenGraph and `article:*` meta tags,
//!    `<meta name=author|keywords|news_keywords>`, `<link rel=canonical>`,
//!    `<time datetime>`, and visible Arabic dates (`نشر في: الأحد 10 أغسطس
//!    2015`, `آخر تحديث: …`).
//! 2. **Main text**: every paragraph-like block scores for its parent and
//!    grandparent (length, commas — Arabic `،` and `؛` included — and link
//!    density), class and id names push a block up (`article`, `content`,
//!    `entry`, `story`…) or down (`share`, `related`, `comment`, `ads`,
//!    `sidebar`, `tags`…); the best block and its worthy siblings are the
//!    article. Arabic pages that separate paragraphs with `<br>` instead of
//!    `<p>` are read the same way.
//! 3. **Cleanup inside the text**: share bars, related-article widgets, ads,
//!    captions, comment blocks and link lists inside the article are cut out
//!    and recorded in `removed` with their kind; "اقرأ أيضاً" blocks become
//!    [`Link`]s in `read_also`; visible tag lists become `publisher_tags`;
//!    then the text cleanup of [`crate::clean`] runs (datelines, bylines, end
//!    markers, source credits …). The page around the article (navigation,
//!    header, footer, sidebars, comments) is recorded in `removed` too, one
//!    entry per block, so nothing is silently lost.
//!
//! Bad input never panics and stays bounded: pages over [`MAX_HTML_BYTES`]
//! are refused with a clear error; nesting deeper than [`MAX_DEPTH`] is
//! flattened before parsing (html5ever's tree building is quadratic in
//! depth); every walk over the tree is iterative.

use crate::clean::clean_article;
use crate::dates::parse_publication_date;
use crate::encoding::{decode_html, CharsetSource};
use crate::lexicon;
use crate::text::{collapse_spaces, is_trim_char};
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use marsad_model::{Article, Boilerplate, DatePrecision, Link, Paragraph, ParagraphKind};
use scraper::{Html, Node};
use std::collections::{HashMap, HashSet};

/// Largest page accepted (bytes).
pub const MAX_HTML_BYTES: usize = 64 << 20;
/// Deepest element nesting kept; deeper tags are dropped (their text stays).
pub const MAX_DEPTH: usize = 512;

/// Options for one page.
#[derive(Debug, Clone, Default)]
pub struct HtmlOptions {
    /// The page's URL (used for relative links, the article's id and source).
    pub url: Option<String>,
    /// Source name; default: the URL's host, else `og:site_name`, else `web`.
    pub source: Option<String>,
    /// The HTTP `Content-Type` header, when the page was fetched.
    pub content_type: Option<String>,
}

/// An extracted page.
#[derive(Debug, Clone)]
pub struct HtmlPage {
    /// The article.
    pub article: Article,
    /// The encoding used (`UTF-8`, `windows-1256` …).
    pub charset: &'static str,
    /// Where the encoding came from.
    pub charset_source: CharsetSource,
    /// Remarks: an overridden charset, flattened nesting.
    pub notes: Vec<String>,
}

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HtmlError {
    /// Over [`MAX_HTML_BYTES`].
    TooLarge {
        /// Page size.
        bytes: usize,
    },
    /// No bytes at all, or only whitespace.
    Empty,
    /// Parsed, but no article text was found.
    NoText {
        /// The title, when there was one.
        title: String,
    },
}

impl std::fmt::Display for HtmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HtmlError::TooLarge { bytes } => write!(f, "page is {bytes} bytes, over the {MAX_HTML_BYTES}-byte limit"),
            HtmlError::Empty => write!(f, "empty page"),
            HtmlError::NoText { title } if title.is_empty() => write!(f, "no article text found in the page"),
            HtmlError::NoText { title } => write!(f, "no article text found in the page (title: {title:?})"),
        }
    }
}

impl std::error::Error for HtmlError {}

/// True when `bytes` look like an HTML page (for format sniffing).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(head);
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let start = lower.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(lower.len());
    let t = &lower[start..];
    t.starts_with(b"<!doctype html")
        || t.starts_with(b"<html")
        || t.starts_with(b"<head")
        || t.starts_with(b"<meta")
        || { (t.starts_with(b"<!--") || t.starts_with(b"<?xml")) && memchr::memmem::find(&lower, b"<html").is_some() }
}

/// Extract the article of an HTML page.
pub fn extract_html(bytes: &[u8], opts: &HtmlOptions) -> Result<HtmlPage, HtmlError> {
    if bytes.len() > MAX_HTML_BYTES {
        return Err(HtmlError::TooLarge { bytes: bytes.len() });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace() || *b == 0) {
        return Err(HtmlError::Empty);
    }
    let decoded = decode_html(bytes, opts.content_type.as_deref());
    let mut notes: Vec<String> = decoded.note.iter().cloned().collect();
    let text = match limit_nesting(&decoded.text, MAX_DEPTH) {
        Some(flat) => {
            notes.push(format!("nesting deeper than {MAX_DEPTH} elements was flattened"));
            flat
        }
        None => decoded.text,
    };
    let doc = Html::parse_document(&text);
    let article = read_document(&doc, opts)?;
    Ok(HtmlPage { article, charset: decoded.encoding.name(), charset_source: decoded.source, notes })
}

// ───────────────────────────── nesting limit ─────────────────────────────

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen",
];
const RAW: &[&str] =
    &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"];
/// Elements whose end tag is optional: they close themselves, so they are not counted.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption",
    "rb", "rt", "rtc", "rp", "html", "head", "body",
];

fn tag_name(s: &[u8]) -> (String, usize) {
    let n = s.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':').count();
    (String::from_utf8_lossy(&s[..n]).to_ascii_lowercase(), n)
}

/// Drop start and end tags nested deeper than `max` (counting only elements
/// that must be closed explicitly). `None` when nothing had to change.
pub(crate) fn limit_nesting(html: &str, max: usize) -> Option<String> {
    let b = html.as_bytes();
    // Quick pass: is there anything to do?
    let mut depth = 0usize;
    let mut too_deep = false;
    scan_tags(b, |_, _, name, is_end, self_closing| {
        if is_end {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            if depth > max {
                too_deep = true;
            }
        }
        let _ = name;
        true
    });
    if !too_deep {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0usize;
    let mut depth = 0usize;
    let mut excess = 0usize;
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    scan_tags(b, |start, end, _name, is_end, self_closing| {
        if is_end {
            if excess > 0 {
                excess -= 1;
                cuts.push((start, end));
            } else {
                depth = depth.saturating_sub(1);
            }
        } else if !self_closing {
            if depth >= max {
                excess += 1;
                cuts.push((start, end));
            } else {
                depth += 1;
            }
        }
        true
    });
    for (s, e) in cuts {
        out.push_str(&html[last..s]);
        last = e;
    }
    out.push_str(&html[last..]);
    Some(out)
}

/// Call `f(start, end, name, is_end_tag, self_closing_or_uncounted)` for
/// each tag, skipping comments, doctypes and raw-text element contents.
fn scan_tags(b: &[u8], mut f: impl FnMut(usize, usize, &str, bool, bool) -> bool) {
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        let start = i + p;
        let rest = &b[start + 1..];
        if rest.starts_with(b"!--") {
            i = memchr::memmem::find(&b[start + 4..], b"-->").map_or(b.len(), |e| start + 4 + e + 3);
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            i = memchr::memchr(b'>', rest).map_or(b.len(), |e| start + 1 + e + 1);
            continue;
        }
        let (is_end, off) = if rest.starts_with(b"/") { (true, 1) } else { (false, 0) };
        let (name, n) = tag_name(&rest[off..]);
        if name.is_empty() || !rest[off].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        // End of the tag, quotes respected.
        let mut j = start + 1 + off + n;
        let mut quote: Option<u8> = None;
        while j < b.len() {
            match (quote, b[j]) {
                (Some(q), c) if c == q => quote = None,
                (None, b'"') | (None, b'\'') => quote = Some(b[j]),
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        let end = (j + 1).min(b.len());
        let self_closing = VOID.contains(&name.as_str())
            || OPTIONAL_END.contains(&name.as_str())
            || (end >= 2 && b[end - 2] == b'/' && !is_end);
        if !f(start, end, &name, is_end, self_closing) {
            return;
        }
        i = end;
        if !is_end && RAW.contains(&name.as_str()) {
            // Skip to the matching end tag.
            let close = format!("</{name}");
            let lower_find = |from: usize| -> Option<usize> {
                let mut k = from;
                while let Some(q) = memchr::memchr(b'<', &b[k..]) {
                    let at = k + q;
                    if b.len() >= at + close.len() && b[at..at + close.len()].eq_ignore_ascii_case(close.as_bytes()) {
                        return Some(at);
                    }
                    k = at + 1;
                }
                None
            };
            i = lower_find(i).unwrap_or(b.len());
        }
    }
}

// ───────────────────────────── the tree ─────────────────────────────

/// Elements without visible text.
const INVISIBLE: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object", "embed", "canvas", "map",
    "audio", "video", "source", "track", "meta", "link", "title", "select", "option", "input", "textarea",
];
/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "address",
    "hr",
    "br",
    "center",
    "details",
    "summary",
    "caption",
    "body",
    "html",
];

fn el_name<'a>(n: &NodeRef<'a, Node>) -> Option<&'a str> {
    n.value().as_element().map(|e| e.name())
}

fn attr<'a>(n: &NodeRef<'a, Node>, a: &str) -> Option<&'a str> {
    n.value().as_element().and_then(|e| e.attr(a))
}

/// Lower-cased tokens of an element's class and id.
fn class_tokens(n: &NodeRef<'_, Node>) -> Vec<String> {
    let Some(e) = n.value().as_element() else { return Vec::new() };
    let mut out = Vec::new();
    for v in [e.attr("class"), e.attr("id"), e.attr("role"), e.attr("itemprop")].into_iter().flatten() {
        for t in v.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !t.is_empty() {
                out.push(t.to_ascii_lowercase());
            }
        }
    }
    out
}

/// What a page block is, from its tag and class names.
fn chrome_kind(n: &NodeRef<'_, Node>) -> Option<&'static str> {
    let name = el_name(n)?;
    let by_tag = match name {
        "nav" => Some("navigation"),
        "footer" => Some("footer"),
        "aside" => Some("sidebar"),
        "figcaption" | "figure" => Some("caption"),
        "form" => Some("form"),
        "button" => Some("share_bar"),
        "header" => Some("header"),
        _ => None,
    };
    if by_tag.is_some() {
        return by_tag;
    }
    let toks = class_tokens(n);
    if toks.is_empty() {
        return None;
    }
    let joined = toks.join("-");
    let has = |words: &[&str]| toks.iter().any(|t| words.contains(&t.as_str()));
    let contains = |words: &[&str]| words.iter().any(|w| joined.contains(w));
    // Positive names win over weak negative ones (`article-header` is still the article).
    let positive =
        has(&["articlebody", "entry", "story", "post", "article"]) && !contains(&["related", "comment", "share"]);
    if contains(&["comment", "disqus"]) {
        Some("comments")
    } else if has(&[
        "meta",
        "byline",
        "dateline",
        "date",
        "time",
        "author",
        "writer",
        "info",
        "timestamp",
        "published",
        "updated",
    ]) && !has(&["content", "text", "body", "articlebody"])
    {
        Some("meta")
    } else if contains(&["share", "social", "sharing", "whatsapp", "addthis"]) {
        Some("share_bar")
    } else if contains(&[
        "readalso",
        "read-also",
        "also",
        "relat",
        "morenews",
        "more-news",
        "recommend",
        "popular",
        "mostread",
        "most-read",
        "trending",
        "outbrain",
        "taboola",
        "similar",
    ]) {
        Some("related")
    } else if has(&[
        "ad",
        "ads",
        "adv",
        "advert",
        "advertisement",
        "banner",
        "sponsor",
        "sponsored",
        "promo",
        "dfp",
        "adsbygoogle",
    ]) || contains(&["advert", "adsense", "googlead"])
    {
        Some("ads")
    } else if has(&["tags", "tag", "keywords", "taglist"])
        || contains(&["post-tags", "entry-tags", "article-tags", "tags-"])
    {
        Some("tags")
    } else if has(&["nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "pagination", "pager"])
        || contains(&["navigation", "breadcrumb"])
    {
        Some("navigation")
    } else if has(&["footer", "copyright"]) && !positive {
        Some("footer")
    } else if (has(&["header", "masthead", "topbar"]) || joined.starts_with("site-header")) && !positive {
        Some("header")
    } else if has(&["sidebar", "widget", "aside"]) || contains(&["side-bar", "sidebar"]) {
        Some("sidebar")
    } else if has(&["caption", "wp-caption-text"]) {
        Some("caption")
    } else if has(&["newsletter", "subscribe", "login", "search", "cookie", "modal", "popup"]) {
        Some("form")
    } else {
        None
    }
}

fn class_weight(n: &NodeRef<'_, Node>) -> f64 {
    let toks = class_tokens(n);
    if toks.is_empty() {
        return 0.0;
    }
    let joined = toks.join("-");
    let mut w = 0.0;
    let pos = [
        "article",
        "content",
        "entry",
        "post",
        "story",
        "body",
        "text",
        "main",
        "detail",
        "details",
        "single",
        "articlebody",
    ];
    if toks.iter().any(|t| pos.contains(&t.as_str())) || joined.contains("articlebody") {
        w += 25.0;
    }
    if chrome_kind(n).is_some() {
        w -= 25.0;
    }
    w
}

#[derive(Default, Clone, Copy)]
struct Stats {
    text: usize,
    link: usize,
    links: usize,
}

/// Text and link-text lengths (in chars) of every element, one iterative pass.
fn compute_stats(doc: &Html) -> HashMap<NodeId, Stats> {
    let mut map = HashMap::new();
    let mut stack: Vec<(NodeId, Stats, bool)> = Vec::new(); // (id, stats, invisible)
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(n) => {
                if let Some(name) = el_name(&n) {
                    let hidden = INVISIBLE.contains(&name) || stack.last().is_some_and(|f| f.2);
                    stack.push((n.id(), Stats::default(), hidden));
                } else if let Some(t) = n.value().as_text() {
                    if let Some(top) = stack.last_mut() {
                        if !top.2 {
                            top.1.text += t.chars().filter(|c| !c.is_whitespace()).count();
                        }
                    }
                }
            }
            Edge::Close(n) => {
                if n.value().is_element() {
                    if let Some((id, mut st, hidden)) = stack.pop() {
                        if el_name(&n) == Some("a") {
                            st.link = st.text;
                            st.links += 1;
                        }
                        if hidden {
                            st = Stats::default();
                        }
                        map.insert(id, st);
                        if let Some(parent) = stack.last_mut() {
                            parent.1.text += st.text;
                            parent.1.link += st.link;
                            parent.1.links += st.links;
                        }
                    }
                }
            }
        }
    }
    map
}

/// Visible text of a subtree, whitespace collapsed, blocks separated by newlines.
fn text_of(n: NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    let mut skip = 0usize;
    for edge in n.traverse() {
        match edge {
            Edge::Open(x) => {
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                match x.value() {
                    Node::Element(e) if INVISIBLE.contains(&e.name()) => skip = 1,
                    Node::Element(e) if BLOCK.contains(&e.name()) => s.push('\n'),
                    Node::Text(t) => s.push_str(t),
                    _ => {}
                }
            }
            Edge::Close(x) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                if el_name(&x).is_some_and(|nm| BLOCK.contains(&nm)) {
                    s.push('\n');
                }
            }
        }
    }
    s.split('\n').map(collapse_spaces).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

fn one_line(n: NodeRef<'_, Node>) -> String {
    collapse_spaces(&text_of(n).replace('\n', " "))
}

// ───────────────────────────── metadata ─────────────────────────────

#[derive(Default, Debug)]
struct Meta {
    props: HashMap<String, Vec<String>>,
    canonical: Option<String>,
    base: Option<String>,
    title_tag: Option<String>,
    jsonld: Vec<serde_json::Value>,
}

impl Meta {
    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            self.props.get(*k).and_then(|v| v.iter().find(|s| !s.trim().is_empty())).map(|s| s.trim().to_string())
        })
    }
    fn all(&self, key: &str) -> Vec<String> {
        self.props.get(key).cloned().unwrap_or_default()
    }
}

fn read_meta(doc: &Html) -> Meta {
    let mut m = Meta::default();
    for n in doc.tree.root().descendants() {
        let Some(e) = n.value().as_element() else { continue };
        match e.name() {
            "meta" => {
                let key = e.attr("property").or_else(|| e.attr("name")).or_else(|| e.attr("itemprop"));
                if let (Some(k), Some(v)) = (key, e.attr("content")) {
                    m.props.entry(k.trim().to_ascii_lowercase()).or_default().push(v.to_string());
                }
            }
            "link" => {
                let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && m.canonical.is_none() {
                    m.canonical = e.attr("href").map(str::to_string);
                }
            }
            "base" if m.base.is_none() => m.base = e.attr("href").map(str::to_string),
            "title" if m.title_tag.is_none() => {
                m.title_tag = Some(collapse_spaces(
                    &n.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect::<String>(),
                ))
            }
            "script" if e.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) => {
                let body: String = n.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect();
                if body.len() < (4 << 20) {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(body.trim().trim_end_matches(';')) {
                        m.jsonld.push(v);
                    }
                }
            }
            _ => {}
        }
    }
    m
}

/// The JSON-LD object describing the article, if any.
fn jsonld_article(values: &[serde_json::Value]) -> Option<serde_json::Map<String, serde_json::Value>> {
    const TYPES: &[&str] = &[
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BlogPosting",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "WebPage",
    ];
    let mut stack: Vec<&serde_json::Value> = values.iter().collect();
    let mut best: Option<(usize, &serde_json::Map<String, serde_json::Value>)> = None;
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            break;
        }
        match v {
            serde_json::Value::Array(a) => stack.extend(a.iter()),
            serde_json::Value::Object(o) => {
                let types: Vec<&str> = match o.get("@type") {
                    Some(serde_json::Value::String(s)) => vec![s.as_str()],
                    Some(serde_json::Value::Array(a)) => a.iter().filter_map(|x| x.as_str()).collect(),
                    _ => vec![],
                };
                if let Some(rank) = types.iter().filter_map(|t| TYPES.iter().position(|x| x == t)).min() {
                    if best.is_none_or(|(r, _)| rank < r) {
                        best = Some((rank, o));
                    }
                }
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if let Some(g) = o.get("mainEntity") {
                    stack.push(g);
                }
            }
            _ => {}
        }
    }
    best.map(|(_, o)| o.clone())
}

fn json_str(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        serde_json::Value::Object(o) => json_str(o.get("name").or_else(|| o.get("url")).or_else(|| o.get("@id"))),
        serde_json::Value::Array(a) => {
            let parts: Vec<String> = a.iter().filter_map(|x| json_str(Some(x))).collect();
            (!parts.is_empty()).then(|| parts.join("، "))
        }
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn json_first_str(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::Array(a) => a.iter().find_map(|x| json_first_str(Some(x))),
        serde_json::Value::Object(o) => {
            json_first_str(o.get("url").or_else(|| o.get("contentUrl")).or_else(|| o.get("@id")))
        }
        serde_json::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        _ => None,
    }
}

fn resolve(base: Option<&url::Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with("javascript:") || href.starts_with("data:") || href.starts_with('#') {
        return None;
    }
    match base {
        Some(b) => b.join(href).ok().map(|u| u.to_string()),
        None => url::Url::parse(href).ok().map(|u| u.to_string()).or_else(|| Some(href.to_string())),
    }
}

fn split_keywords(s: &str) -> Vec<String> {
    s.split([',', '،', ';', '؛', '|'])
        .map(|t| collapse_spaces(t.trim()))
        .filter(|t| !t.is_empty() && t.chars().count() <= 60)
        .collect()
}

/// Remove the site name from a page title: `عنوان الخبر | صحيفة المرفأ`.
fn strip_site_name(title: &str, site: Option<&str>, h1: Option<&str>) -> String {
    let title = collapse_spaces(title);
    const SEPS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » ", " « ", " ـ ", " || ", " • "];
    let mut parts: Vec<&str> = vec![title.as_str()];
    for sep in SEPS {
        if title.contains(sep) {
            parts = title.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect();
            break;
        }
    }
    if parts.len() < 2 {
        return title;
    }
    if let Some(h) = h1 {
        if let Some(p) = parts.iter().find(|p| lexicon::key(p) == lexicon::key(h)) {
            return p.to_string();
        }
    }
    if let Some(site) = site {
        let sk = lexicon::key(site);
        let kept: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|p| {
                let pk = lexicon::key(p);
                !(pk == sk
                    || sk.contains(&pk)
                    || pk.contains(&sk) && pk.split(' ').count() <= sk.split(' ').count() + 2)
            })
            .collect();
        if !kept.is_empty() && kept.len() < parts.len() {
            return kept.join(" - ");
        }
    }
    // No site name known: it is the short part at the end (`عنوان | الموقع`),
    // else a short part at the start (`الموقع - عنوان طويل`).
    let first = parts[0];
    let last = parts[parts.len() - 1];
    let words = |s: &str| s.split_whitespace().count();
    if words(last) <= 4 && words(first) + 2 >= words(last) {
        return parts[..parts.len() - 1].join(" - ");
    }
    if words(first) <= 3 && words(last) > words(first) + 2 {
        return parts[1..].join(" - ");
    }
    title
}

const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
];
const MODIFIED_KEYS: &[&str] =
    &["article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified"];

const PUBLISHED_LABELS: &[&str] = &["نشر في", "نشر بتاريخ", "تاريخ النشر", "نشر", "بتاريخ", "published", "posted on"];
const MODIFIED_LABELS: &[&str] =
    &["اخر تحديث", "تم التحديث", "تاريخ التحديث", "محدث", "تحديث", "updated", "last updated"];

fn strip_label<'a>(text: &'a str, labels: &[&str]) -> Option<&'a str> {
    let t = text.trim();
    let k = lexicon::key(t);
    for l in labels {
        let lk = lexicon::key(l);
        if k.starts_with(&lk) {
            // Skip as many words as the label has, then separators.
            let n = lk.split(' ').count();
            let mut rest = t;
            for _ in 0..n {
                rest = rest.trim_start();
                let cut = rest.find(|c: char| c.is_whitespace() || c == ':').unwrap_or(rest.len());
                rest = &rest[cut..];
            }
            return Some(rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '-' || c == '|'));
        }
    }
    None
}

// ───────────────────────────── main text ─────────────────────────────

fn is_paragraph_like(n: &NodeRef<'_, Node>) -> bool {
    matches!(el_name(n), Some("p" | "pre" | "td" | "blockquote" | "li" | "dd"))
}

/// Own text (direct text children) of an element, in chars.
fn own_text_len(n: &NodeRef<'_, Node>) -> usize {
    n.children().filter_map(|c| c.value().as_text().map(|t| t.chars().filter(|c| !c.is_whitespace()).count())).sum()
}

fn commas(s: &str) -> usize {
    s.chars().filter(|c| matches!(c, ',' | '،' | '؛' | '.')).count()
}

struct Candidate {
    id: NodeId,
    score: f64,
}

fn find_body<'a>(doc: &'a Html) -> NodeRef<'a, Node> {
    doc.tree.root().descendants().find(|n| el_name(n) == Some("body")).unwrap_or_else(|| doc.tree.root())
}

fn choose_containers(doc: &Html, stats: &HashMap<NodeId, Stats>) -> Vec<NodeId> {
    let body = find_body(doc);
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    let init = |n: &NodeRef<'_, Node>| -> f64 {
        let base = match el_name(n) {
            Some("article") => 10.0,
            Some("main") => 5.0,
            Some("div" | "section") => 5.0,
            Some("pre" | "td" | "blockquote") => 3.0,
            Some("address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form") => -3.0,
            Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th") => -5.0,
            _ => 0.0,
        };
        let itemprop = attr(n, "itemprop").is_some_and(|v| v.eq_ignore_ascii_case("articleBody"));
        base + class_weight(n) + if itemprop { 40.0 } else { 0.0 }
    };
    // Blocks under a page-chrome ancestor (comments, sidebar, related) do not vote.
    let mut unlikely: HashSet<NodeId> = HashSet::new();
    let mut skip = 0usize;
    for edge in body.traverse() {
        match edge {
            Edge::Open(n) => {
                if skip > 0 {
                    skip += 1;
                    unlikely.insert(n.id());
                    continue;
                }
                if n.value().is_element() && chrome_kind(&n).is_some() && class_weight(&n) < 0.0 {
                    skip = 1;
                    unlikely.insert(n.id());
                }
            }
            Edge::Close(_) => {
                skip = skip.saturating_sub(1);
            }
        }
    }
    for n in body.descendants() {
        if !n.value().is_element() || unlikely.contains(&n.id()) {
            continue;
        }
        let st = stats.get(&n.id()).copied().unwrap_or_default();
        let text_len = if is_paragraph_like(&n) {
            st.text
        } else if matches!(el_name(&n), Some("div" | "section" | "article" | "span" | "font" | "center")) {
            own_text_len(&n)
        } else {
            continue;
        };
        if text_len < 25 {
            continue;
        }
        let own: String = if is_paragraph_like(&n) {
            one_line(n)
        } else {
            n.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect()
        };
        let score = 1.0 + commas(&own) as f64 + (text_len as f64 / 100.0).min(3.0);
        // The block itself (text in a div), its parent, grandparent, great-grandparent.
        let mut anc: Vec<NodeRef<'_, Node>> = Vec::new();
        if !is_paragraph_like(&n) {
            anc.push(n);
        }
        let mut cur = n.parent();
        while let Some(a) = cur {
            if anc.len() >= 3 || !a.value().is_element() {
                break;
            }
            anc.push(a);
            cur = a.parent();
        }
        for (level, a) in anc.iter().enumerate() {
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                _ => 3.0,
            };
            let e = scores.entry(a.id()).or_insert_with(|| init(a));
            *e += score / div;
        }
    }
    let mut cands: Vec<Candidate> = scores
        .into_iter()
        .map(|(id, s)| {
            let st = stats.get(&id).copied().unwrap_or_default();
            let ld = if st.text == 0 { 0.0 } else { st.link as f64 / st.text as f64 };
            Candidate { id, score: s * (1.0 - ld) }
        })
        .collect();
    cands.sort_by(|a, b| b.score.partial_cmp(&a.score).unwrap_or(std::cmp::Ordering::Equal));
    let Some(best) = cands.first() else { return vec![body.id()] };
    let best_score = best.score;
    let Some(best_node) = doc.tree.get(best.id) else { return vec![body.id()] };
    let scored: HashMap<NodeId, f64> = cands.iter().map(|c| (c.id, c.score)).collect();
    // Worthy siblings.
    let threshold = (best_score * 0.2).max(10.0);
    let best_class = attr(&best_node, "class").map(str::to_string);
    let Some(parent) = best_node.parent() else { return vec![best.id] };
    let mut out = Vec::new();
    for sib in parent.children() {
        if sib.id() == best.id {
            out.push(sib.id());
            continue;
        }
        if !sib.value().is_element() || chrome_kind(&sib).is_some() {
            continue;
        }
        let st = stats.get(&sib.id()).copied().unwrap_or_default();
        let ld = if st.text == 0 { 1.0 } else { st.link as f64 / st.text as f64 };
        let s = scored.get(&sib.id()).copied().unwrap_or(0.0);
        let same_class = best_class.is_some() && attr(&sib, "class").map(str::to_string) == best_class;
        let text = one_line(sib);
        let para_like = el_name(&sib) == Some("p") && st.text > 80 && ld < 0.25 && text.contains(['.', '،']);
        if s >= threshold || (same_class && s > 0.0) || para_like {
            out.push(sib.id());
        }
    }
    out
}

struct BodyBuilder<'a> {
    paras: Vec<Paragraph>,
    cur: String,
    /// Characters of `cur` inside links, and the link nesting depth.
    cur_link: usize,
    in_link: usize,
    heading: bool,
    removed: Vec<Boilerplate>,
    read_also: Vec<Link>,
    tags: Vec<String>,
    base: Option<&'a url::Url>,
    title_key: String,
}

impl BodyBuilder<'_> {
    fn flush(&mut self) {
        let t = collapse_spaces(self.cur.trim_matches(is_trim_char));
        let link = std::mem::take(&mut self.cur_link);
        self.cur.clear();
        if t.is_empty() || t.chars().all(|c| !c.is_alphanumeric()) {
            return;
        }
        let letters = t.chars().filter(|c| !c.is_whitespace()).count();
        // A short line made of links (`طباعة الخبر | أرسل لصديق`).
        if link * 10 >= letters * 6 && t.split_whitespace().count() <= 15 {
            self.removed.push(Boilerplate::new("links", t));
            return;
        }
        // The headline repeated in the text (`<b>عام / العنوان</b>`).
        let k = lexicon::key(&t);
        if !self.title_key.is_empty() && k.ends_with(&self.title_key) && k.len() <= self.title_key.len() + 40 {
            self.removed.push(Boilerplate::new("title", t));
            return;
        }
        // A date line left in the text (`نشر في: …`, `تاريخ النشر: …`).
        if t.chars().count() <= 120
            && (strip_label(&t, PUBLISHED_LABELS)
                .is_some_and(|r| parse_publication_date(r.split('|').next().unwrap_or(r)).is_some())
                || strip_label(&t, MODIFIED_LABELS).is_some_and(|r| parse_publication_date(r).is_some()))
        {
            self.removed.push(Boilerplate::new("meta", t));
            return;
        }
        let kind = if self.heading { ParagraphKind::Heading } else { ParagraphKind::Text };
        self.paras.push(Paragraph { text: t, kind });
    }

    fn links_of(&self, n: NodeRef<'_, Node>) -> Vec<Link> {
        let mut out = Vec::new();
        for a in n.descendants().filter(|x| el_name(x) == Some("a")) {
            let title = one_line(a);
            if title.split_whitespace().count() < 2 {
                continue;
            }
            let url = attr(&a, "href").and_then(|h| resolve(self.base, h));
            out.push(Link { title, url, text: Vec::new() });
        }
        out
    }

    /// Walk one container.
    fn walk(&mut self, root: NodeRef<'_, Node>, stats: &HashMap<NodeId, Stats>) {
        let mut skip = 0usize;
        for edge in root.traverse() {
            match edge {
                Edge::Open(n) => {
                    if skip > 0 {
                        skip += 1;
                        continue;
                    }
                    match n.value() {
                        Node::Text(t) => {
                            self.cur.push_str(t);
                            if self.in_link > 0 {
                                self.cur_link += t.chars().filter(|c| !c.is_whitespace()).count();
                            }
                        }
                        Node::Element(e) => {
                            let name = e.name();
                            if name == "a" {
                                self.in_link += 1;
                            }
                            if INVISIBLE.contains(&name) {
                                skip = 1;
                                continue;
                            }
                            if n.id() != root.id() {
                                if let Some(kind) = self.cut(n, stats) {
                                    self.flush();
                                    let text = text_of(n);
                                    if kind == "tags" {
                                        for t in tag_texts(n) {
                                            if !self.tags.contains(&t) {
                                                self.tags.push(t);
                                            }
                                        }
                                    }
                                    if kind == "read_also" {
                                        let links = self.links_of(n);
                                        self.read_also.extend(links);
                                    }
                                    if !text.is_empty() {
                                        self.removed.push(Boilerplate::new(kind, text.replace('\n', " | ")));
                                    }
                                    skip = 1;
                                    continue;
                                }
                            }
                            if name == "h1" && lexicon::key(&one_line(n)) == self.title_key {
                                self.flush();
                                skip = 1;
                                continue;
                            }
                            if BLOCK.contains(&name) {
                                self.flush();
                            }
                            if matches!(name, "h2" | "h3" | "h4" | "h5" | "h6") {
                                self.heading = true;
                            }
                        }
                        _ => {}
                    }
                }
                Edge::Close(n) => {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    if let Some(name) = el_name(&n) {
                        if name == "a" {
                            self.in_link = self.in_link.saturating_sub(1);
                        }
                        if BLOCK.contains(&name) {
                            self.flush();
                        }
                        if matches!(name, "h2" | "h3" | "h4" | "h5" | "h6") {
                            self.heading = false;
                        }
                    }
                }
            }
        }
        self.flush();
    }

    /// Should this element inside the article be cut out? Returns its kind.
    fn cut(&self, n: NodeRef<'_, Node>, stats: &HashMap<NodeId, Stats>) -> Option<&'static str> {
        let name = el_name(&n)?;
        if matches!(name, "a" | "span" | "strong" | "b" | "em" | "i" | "u" | "font" | "br" | "img" | "sup" | "sub") {
            return None;
        }
        let st = stats.get(&n.id()).copied().unwrap_or_default();
        // `اقرأ أيضاً: …` blocks, by their label.
        if st.text < 600 && (st.links >= 1 || BLOCK.contains(&name)) {
            let t = one_line(n);
            if crate::clean::read_also_label(&t) && st.links >= 1 {
                return Some("read_also");
            }
        }
        if let Some(k) = chrome_kind(&n) {
            if k == "meta" && st.text > 300 {
                return None;
            }
            if k == "related" {
                let joined = class_tokens(&n).join("-");
                if joined.contains("also") {
                    return Some("read_also");
                }
            }
            return Some(k);
        }
        // Link lists: mostly links, short.
        if matches!(name, "ul" | "ol" | "div" | "section" | "table" | "p") && st.links >= 2 && st.text < 400 {
            let ld = st.link as f64 / st.text.max(1) as f64;
            if ld > 0.6 {
                return Some("links");
            }
        }
        None
    }
}

/// Tag texts of a tag list element: its links, else its list items.
fn tag_texts(n: NodeRef<'_, Node>) -> Vec<String> {
    let mut out: Vec<String> = n
        .descendants()
        .filter(|x| matches!(el_name(x), Some("a")))
        .map(one_line)
        .filter(|t| !t.is_empty() && t.split_whitespace().count() <= 6)
        .collect();
    if out.is_empty() {
        out = n
            .descendants()
            .filter(|x| el_name(x) == Some("li"))
            .map(one_line)
            .filter(|t| !t.is_empty() && t.split_whitespace().count() <= 6)
            .collect();
    }
    out.retain(|t| crate::clean::tag_label_only(t).is_none());
    out
}

fn read_document(doc: &Html, opts: &HtmlOptions) -> Result<Article, HtmlError> {
    let meta = read_meta(doc);
    let ld = jsonld_article(&meta.jsonld);
    let ldget = |k: &str| ld.as_ref().and_then(|o| o.get(k));
    let base_str = opts
        .url
        .clone()
        .or_else(|| meta.canonical.clone())
        .or_else(|| meta.first(&["og:url"]))
        .or_else(|| meta.base.clone());
    let base = base_str.as_deref().and_then(|b| url::Url::parse(b).ok());
    let stats = compute_stats(doc);

    // Title.
    let h1s: Vec<String> = doc
        .tree
        .root()
        .descendants()
        .filter(|n| el_name(n) == Some("h1"))
        .map(one_line)
        .filter(|t| !t.is_empty())
        .take(5)
        .collect();
    let site = meta
        .first(&["og:site_name", "application-name", "twitter:site"])
        .or_else(|| ld.as_ref().and_then(|o| o.get("publisher")).and_then(|p| json_str(Some(p))));
    let og = meta.first(&["og:title", "twitter:title"]);
    let headline = json_str(ldget("headline"));
    let h1 = h1s
        .iter()
        .find(|h| {
            og.as_ref()
                .or(headline.as_ref())
                .or(meta.title_tag.as_ref())
                .is_some_and(|t| lexicon::key(t).contains(&lexicon::key(h)))
        })
        .or(h1s.first())
        .cloned();
    let title = og
        .as_deref()
        .map(|t| strip_site_name(t, site.as_deref(), h1.as_deref()))
        .or_else(|| headline.clone())
        .or_else(|| h1.clone())
        .or_else(|| meta.title_tag.as_deref().map(|t| strip_site_name(t, site.as_deref(), None)))
        .unwrap_or_default();
    let title = crate::text::decode_entities(&title).into_owned();

    // Body.
    let containers = choose_containers(doc, &stats);
    let mut b = BodyBuilder {
        paras: Vec::new(),
        cur: String::new(),
        cur_link: 0,
        in_link: 0,
        heading: false,
        removed: Vec::new(),
        read_also: Vec::new(),
        tags: Vec::new(),
        base: base.as_ref(),
        title_key: lexicon::key(&title),
    };
    for id in &containers {
        if let Some(n) = doc.tree.get(*id) {
            b.walk(n, &stats);
        }
    }
    // The page around the article, one removed entry per block.
    let mut around: Vec<Boilerplate> = Vec::new();
    record_around(doc, &containers, &mut around, &mut b.tags);
    let mut body = std::mem::take(&mut b.paras);
    if body.is_empty() {
        if let Some(text) = json_str(ldget("articleBody")) {
            body = crate::text::paragraphs(&text);
        }
    }
    if body.is_empty() {
        return Err(HtmlError::NoText { title });
    }

    let source = opts
        .source
        .clone()
        .or_else(|| base.as_ref().and_then(|u| u.host_str()).map(|h| h.trim_start_matches("www.").to_string()))
        .or_else(|| site.clone())
        .unwrap_or_else(|| "web".to_string());
    let mut a = Article::new(source, title);
    a.url = opts
        .url
        .clone()
        .or_else(|| meta.canonical.as_deref().and_then(|c| resolve(base.as_ref(), c)))
        .or_else(|| meta.first(&["og:url"]));
    a.body = body;

    // Dates.
    let mut published = json_str(ldget("datePublished")).or_else(|| meta.first(PUBLISHED_KEYS));
    let mut modified = json_str(ldget("dateModified")).or_else(|| meta.first(MODIFIED_KEYS));
    let (vis_pub, vis_mod, time_pub) = visible_dates(doc, &containers);
    if published.as_deref().and_then(parse_publication_date).is_none() {
        published = time_pub.or(vis_pub).or(published);
    }
    if modified.as_deref().and_then(parse_publication_date).is_none() {
        modified = vis_mod.or(modified);
    }
    if let Some(p) = published.as_deref().and_then(|s| parse_publication_date(s).map(|d| (s, d))) {
        a.published_at = Some(p.1.utc);
        a.published_precision = Some(p.1.precision);
        a.published_raw = Some(p.0.to_string());
    } else if let Some(raw) = published {
        a.published_raw = Some(raw);
    }
    a.modified_at = modified.as_deref().and_then(parse_publication_date).map(|d| d.utc);
    if a.published_precision == Some(DatePrecision::Second) && a.modified_at.is_some_and(|m| Some(m) < a.published_at) {
        a.modified_at = None;
    }

    // Author, section, image, tags.
    a.author = json_str(ldget("author"))
        .or_else(|| {
            meta.first(&["author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author"])
                .filter(|s| !s.starts_with("http"))
        })
        .or_else(|| visible_author(doc, &containers))
        .map(|s| collapse_spaces(&s));
    a.section = json_str(ldget("articleSection")).or_else(|| meta.first(&["article:section", "section"]));
    a.lead_image = meta
        .first(&["og:image", "og:image:url", "twitter:image", "twitter:image:src"])
        .or_else(|| json_first_str(ldget("image")))
        .or_else(|| first_image(doc, &containers))
        .and_then(|u| resolve(base.as_ref(), &u));
    let mut tags: Vec<String> = Vec::new();
    for t in meta.all("article:tag") {
        tags.extend(split_keywords(&t));
    }
    match ldget("keywords") {
        Some(serde_json::Value::Array(v)) => tags.extend(v.iter().filter_map(|x| x.as_str()).flat_map(split_keywords)),
        Some(serde_json::Value::String(s)) => tags.extend(split_keywords(s)),
        _ => {}
    }
    for k in ["news_keywords", "keywords"] {
        for t in meta.all(k) {
            tags.extend(split_keywords(&t));
        }
    }
    tags.extend(b.tags.iter().cloned());
    let mut seen = HashSet::new();
    a.publisher_tags =
        tags.into_iter().map(|t| crate::text::fold_persian(&t)).filter(|t| seen.insert(lexicon::key(t))).collect();
    a.read_also = std::mem::take(&mut b.read_also);
    a.removed = std::mem::take(&mut b.removed);
    a.removed.extend(around);
    clean_article(&mut a);
    if a.body.is_empty() {
        return Err(HtmlError::NoText { title: a.title });
    }
    a.assign_id();
    Ok(a)
}

/// Record the page outside the article containers.
fn record_around(doc: &Html, containers: &[NodeId], out: &mut Vec<Boilerplate>, tags: &mut Vec<String>) {
    let body = find_body(doc);
    // Ancestors of the containers: walk into them, record everything else.
    let mut on_path: HashSet<NodeId> = HashSet::new();
    for id in containers {
        let mut cur = doc.tree.get(*id);
        while let Some(n) = cur {
            on_path.insert(n.id());
            cur = n.parent();
        }
    }
    let keep: HashSet<NodeId> = containers.iter().copied().collect();
    let mut stack: Vec<NodeRef<'_, Node>> = vec![body];
    let mut loose = String::new();
    let mut steps = 0usize;
    while let Some(n) = stack.pop() {
        steps += 1;
        if steps > 1_000_000 {
            break;
        }
        if keep.contains(&n.id()) {
            continue;
        }
        if on_path.contains(&n.id()) {
            let kids: Vec<NodeRef<'_, Node>> = n.children().collect();
            for k in kids.into_iter().rev() {
                stack.push(k);
            }
            continue;
        }
        match n.value() {
            Node::Text(t) => {
                loose.push_str(t);
                loose.push(' ');
            }
            Node::Element(e) if INVISIBLE.contains(&e.name()) => {}
            Node::Element(_) => {
                let text = text_of(n);
                if text.is_empty() {
                    continue;
                }
                let kind = chrome_kind(&n).unwrap_or("page");
                if kind == "tags" {
                    for t in tag_texts(n) {
                        if !tags.contains(&t) {
                            tags.push(t);
                        }
                    }
                }
                out.push(Boilerplate::new(kind, text.replace('\n', " | ")));
            }
            _ => {}
        }
    }
    let loose = collapse_spaces(&loose);
    if !loose.is_empty() {
        out.push(Boilerplate::new("page", loose));
    }
}

/// `(published, modified, <time datetime>)` from what the page shows.
fn visible_dates(doc: &Html, containers: &[NodeId]) -> (Option<String>, Option<String>, Option<String>) {
    let mut time_pub: Option<String> = None;
    let mut vis_pub: Option<String> = None;
    let mut vis_mod: Option<String> = None;
    let in_article = |n: &NodeRef<'_, Node>| {
        let mut cur = Some(*n);
        while let Some(c) = cur {
            if containers.contains(&c.id()) {
                return true;
            }
            cur = c.parent();
        }
        false
    };
    for n in doc.tree.root().descendants() {
        let Some(e) = n.value().as_element() else { continue };
        if e.name() == "time" || e.attr("itemprop").is_some_and(|v| v.eq_ignore_ascii_case("datePublished")) {
            let v = e.attr("datetime").or_else(|| e.attr("content")).map(str::to_string).unwrap_or_else(|| one_line(n));
            let is_mod = e.attr("itemprop").is_some_and(|v| v.eq_ignore_ascii_case("dateModified"))
                || class_tokens(&n).iter().any(|t| t.contains("updat") || t.contains("modif"));
            if parse_publication_date(&v).is_some() {
                if is_mod {
                    vis_mod.get_or_insert(v);
                } else if time_pub.is_none() || e.attr("pubdate").is_some() || in_article(&n) && time_pub.is_none() {
                    time_pub = Some(v);
                }
            }
            continue;
        }
        // Short text with a date label or a date-like class.
        if !matches!(e.name(), "span" | "div" | "p" | "time" | "small" | "li" | "em" | "strong" | "b" | "font" | "td") {
            continue;
        }
        let own: String = n.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect();
        let own = collapse_spaces(&own);
        let text = if own.chars().count() >= 6 { own } else { one_line(n) };
        if text.is_empty() || text.chars().count() > 120 {
            continue;
        }
        if let Some(rest) = strip_label(&text, MODIFIED_LABELS) {
            if vis_mod.is_none() && parse_publication_date(rest).is_some() {
                vis_mod = Some(rest.to_string());
            }
            continue;
        }
        if let Some(rest) = strip_label(&text, PUBLISHED_LABELS) {
            if vis_pub.is_none() && parse_publication_date(rest).is_some() {
                vis_pub = Some(rest.to_string());
            }
            continue;
        }
        let toks = class_tokens(&n);
        if vis_pub.is_none()
            && toks
                .iter()
                .any(|t| t.contains("date") || t.contains("time") || t.contains("publish") || t.contains("posted"))
            && parse_publication_date(&text).is_some()
        {
            vis_pub = Some(text);
        }
    }
    (vis_pub, vis_mod, time_pub)
}

fn visible_author(doc: &Html, containers: &[NodeId]) -> Option<String> {
    let _ = containers;
    for n in doc.tree.root().descendants() {
        let Some(e) = n.value().as_element() else { continue };
        let rel_author = e.attr("rel").is_some_and(|r| r.split_whitespace().any(|x| x.eq_ignore_ascii_case("author")));
        let itemprop = e.attr("itemprop").is_some_and(|v| v.eq_ignore_ascii_case("author"));
        let toks = class_tokens(&n);
        let classy = toks
            .iter()
            .any(|t| matches!(t.as_str(), "author" | "byline" | "writer" | "author-name" | "authorname" | "reporter"));
        if !(rel_author || itemprop || classy) {
            continue;
        }
        let t = one_line(n);
        let words = t.split_whitespace().count();
        if (1..=8).contains(&words) && t.chars().count() <= 80 {
            return Some(t);
        }
    }
    None
}

fn first_image(doc: &Html, containers: &[NodeId]) -> Option<String> {
    for id in containers {
        let n = doc.tree.get(*id)?;
        for img in n.descendants().filter(|x| el_name(x) == Some("img")) {
            let src = attr(&img, "src").or_else(|| attr(&img, "data-src")).or_else(|| attr(&img, "data-original"));
            let small =
                attr(&img, "width").and_then(|w| w.trim_end_matches("px").parse::<u32>().ok()).is_some_and(|w| w < 100);
            if let Some(s) = src {
                if !small && !s.starts_with("data:") {
                    return Some(s.to_string());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>عنوان الصفحة | صحيفة المرفأ</title></head><body>{body}</body></html>")
    }

    const P1: &str = "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في المدينة، بسعة مئتي سرير، ضمن خطة لتوسيع الخدمات الصحية في المنطقة.";
    const P2: &str = "وقال المتحدث باسم الوزارة إن المستشفى يضم أقساماً للطوارئ والأطفال والنساء والولادة، وإنه سيعمل بكامل طاقته خلال شهرين.";
    const P3: &str =
        "وأضاف أن الوزارة تعمل على تدريب الكوادر الطبية المحلية، وأن العمل جارٍ على مشروعات أخرى في المحافظات المجاورة.";

    #[test]
    fn simple_article_with_chrome() {
        let html = page(&format!(
            "<nav><a href=\"/\">الرئيسية</a> <a href=\"/s\">رياضة</a> <a href=\"/e\">اقتصاد</a></nav>\
             <div class=\"content\"><h1>الصحة تفتتح مستشفى جديداً</h1>\
             <div class=\"share\"><a href=\"#\">تويتر</a> <a href=\"#\">فيسبوك</a></div>\
             <p>{P1}</p><p>{P2}</p><h2>خطط قادمة</h2><p>{P3}</p>\
             <p><strong>اقرأ أيضاً:</strong> <a href=\"/news/2\">افتتاح مركز صحي في القرية المجاورة</a></p>\
             <div class=\"related-news\"><h3>أخبار ذات صلة</h3><ul><li><a href=\"/a\">خبر أول مرتبط بالموضوع</a></li><li><a href=\"/b\">خبر ثان مرتبط بالموضوع</a></li></ul></div></div>\
             <footer>جميع الحقوق محفوظة © صحيفة المرفأ</footer>"
        ));
        let p = extract_html(
            html.as_bytes(),
            &HtmlOptions { url: Some("https://almarfa.example/news/1".into()), ..Default::default() },
        )
        .unwrap();
        let a = p.article;
        assert_eq!(a.title, "الصحة تفتتح مستشفى جديداً");
        let texts: Vec<&str> = a.body.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, [P1, P2, "خطط قادمة", P3]);
        assert_eq!(a.body[2].kind, ParagraphKind::Heading);
        assert_eq!(a.read_also.len(), 1);
        assert_eq!(a.read_also[0].url.as_deref(), Some("https://almarfa.example/news/2"));
        let kinds: Vec<&str> = a.removed.iter().map(|b| b.reason.as_str()).collect();
        for k in ["share_bar", "read_also", "related", "navigation", "footer"] {
            assert!(kinds.contains(&k), "{k} not in {kinds:?}");
        }
        assert_eq!(a.source, "almarfa.example");
        assert_eq!(p.charset, "UTF-8");
    }

    #[test]
    fn title_without_site_name() {
        assert_eq!(
            strip_site_name("الصحة تفتتح مستشفى | صحيفة المرفأ", Some("صحيفة المرفأ"), None),
            "الصحة تفتتح مستشفى"
        );
        assert_eq!(
            strip_site_name("المرفأ - الصحة تفتتح مستشفى جديدا في المدينة", None, None),
            "الصحة تفتتح مستشفى جديدا في المدينة"
        );
        assert_eq!(strip_site_name("وزير - الخارجية يصل", None, Some("الخارجية يصل")), "الخارجية يصل");
        assert_eq!(strip_site_name("عنوان بلا فاصل", Some("المرفأ"), None), "عنوان بلا فاصل");
    }

    #[test]
    fn br_separated_text_in_divs() {
        let html = page(&format!("<div id=\"main\"><div class=\"txt\">{P1}<br><br>{P2}<br/>{P3}</div></div><div class=\"sidebar\"><a href=\"/x\">الأكثر قراءة اليوم في الموقع</a></div>"));
        let a = extract_html(html.as_bytes(), &HtmlOptions::default()).unwrap().article;
        let texts: Vec<&str> = a.body.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, [P1, P2, P3]);
        assert_eq!(a.title, "عنوان الصفحة");
    }

    #[test]
    fn nesting_limit() {
        let deep = format!("<html><body>{}<p>{P1}</p>{}</body></html>", "<div>".repeat(2000), "</div>".repeat(2000));
        let flat = limit_nesting(&deep, 100).unwrap();
        assert_eq!(flat.matches("<div>").count(), 100);
        assert!(limit_nesting(&page("<div><p>x</p></div>"), 100).is_none());
        // Script content is not scanned for tags.
        assert!(limit_nesting("<script>if (a<b) { x = '<div><div><div>'; }</script>", 2).is_none());
        let t = std::time::Instant::now();
        let deep =
            format!("<html><body>{}<p>{P1}</p>{}</body></html>", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let p = extract_html(deep.as_bytes(), &HtmlOptions::default()).unwrap();
        assert_eq!(p.article.body[0].text, P1);
        assert!(!p.notes.is_empty());
        assert!(t.elapsed().as_secs() < 20);
    }

    #[test]
    fn bad_pages() {
        assert_eq!(extract_html(b"", &HtmlOptions::default()).unwrap_err(), HtmlError::Empty);
        assert!(matches!(
            extract_html(b"<html><body><nav>x</nav></body></html>", &HtmlOptions::default()),
            Err(HtmlError::NoText { .. })
        ));
        // No <body>, truncated.
        let cut = format!("<title>خبر</title><p>{P1}</p><p>{P2}");
        let a = extract_html(cut.as_bytes(), &HtmlOptions::default()).unwrap().article;
        assert_eq!(a.body.len(), 2);
        // NUL bytes.
        let nul = page(&format!("<p>{}\0{}</p>", P1, P2)).into_bytes();
        assert!(extract_html(&nul, &HtmlOptions::default()).is_ok());
    }

    #[test]
    fn metadata_from_jsonld_and_meta() {
        let html = format!(
            "<html><head><meta property=\"og:title\" content=\"مستشفى جديد في المدينة - المرفأ\"><meta property=\"og:site_name\" content=\"المرفأ\">\
             <meta property=\"article:tag\" content=\"الصحة\"><meta property=\"article:tag\" content=\"مستشفيات\"><meta name=\"keywords\" content=\"الصحة، المدينة\">\
             <meta property=\"og:image\" content=\"/img/h.jpg\">\
             <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@graph\":[{{\"@type\":\"WebSite\",\"name\":\"المرفأ\"}},{{\"@type\":\"NewsArticle\",\"headline\":\"مستشفى جديد\",\"datePublished\":\"2025-03-30T09:15:00+03:00\",\"dateModified\":\"2025-03-30T12:00:00+03:00\",\"author\":[{{\"@type\":\"Person\",\"name\":\"سارة الأحمد\"}}],\"articleSection\":\"محليات\"}}]}}</script>\
             </head><body><article><p>{P1}</p><p>{P2}</p></article></body></html>"
        );
        let a = extract_html(
            html.as_bytes(),
            &HtmlOptions { url: Some("https://almarfa.example/a/1?utm_source=x".into()), ..Default::default() },
        )
        .unwrap()
        .article;
        assert_eq!(a.title, "مستشفى جديد في المدينة");
        assert_eq!(a.published_at.unwrap().to_rfc3339(), "2025-03-30T06:15:00+00:00");
        assert_eq!(a.modified_at.unwrap().to_rfc3339(), "2025-03-30T09:00:00+00:00");
        assert_eq!(a.author.as_deref(), Some("سارة الأحمد"));
        assert_eq!(a.section.as_deref(), Some("محليات"));
        assert_eq!(a.publisher_tags, ["الصحة", "مستشفيات", "المدينة"]);
        assert_eq!(a.lead_image.as_deref(), Some("https://almarfa.example/img/h.jpg"));
        assert_eq!(a.canonical_url.as_deref(), Some("https://almarfa.example/a/1"));
    }

    #[test]
    fn visible_arabic_dates() {
        let html = page(&format!("<div class=\"post\"><div class=\"meta\"><span>نشر في: الأحد 10 أغسطس 2015</span> <span>آخر تحديث: 11 أغسطس 2015</span></div><p>{P1}</p><p>{P2}</p></div>"));
        let a = extract_html(html.as_bytes(), &HtmlOptions::default()).unwrap().article;
        assert_eq!(a.published_at.unwrap().date_naive().to_string(), "2015-08-10");
        assert_eq!(a.modified_at.unwrap().date_naive().to_string(), "2015-08-11");
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_html(b"\xEF\xBB\xBF  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<html lang=ar>"));
        assert!(!looks_like_html(b"[{\"a\":1}]"));
        assert!(!looks_like_html("عنوان\nتاريخ النشر".as_bytes()));
    }
}
