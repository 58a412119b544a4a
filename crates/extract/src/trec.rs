//! TREC-style documents: `<DOC><DOCNO>…</DOCNO> … <TEXT>…</TEXT></DOC>`,
//! any number per file — the ANT corpus (`DOCNO URL SRC CAT TITLE TIME AUTHOR
//! ABSTRACT TEXT`) and the classic TREC/LDC layout (`HEADLINE DATELINE
//! BYLINE DATE`, `<P>` paragraphs inside `TEXT`).
//!
//! Each document becomes an article (cleaned like the others, see
//! [`crate::clean`]); one that cannot — no text, an unclosed `<DOC>` — is
//! a problem naming the document.

use crate::clean::clean_article;
use crate::dates::parse_publication_date;
use crate::text::{collapse_spaces, decode_entities, paragraphs};
use marsad_model::{Article, Origin, Paragraph};

/// Why one document could not become an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrecProblem {
    /// `DOCNO`, when it was found.
    pub docno: Option<String>,
    /// Index of the document in the file.
    pub index: usize,
    /// What was wrong.
    pub message: String,
    /// True when the document was cut short.
    pub truncated: bool,
}

/// True when `bytes` start (after whitespace, a BOM or an XML declaration) with `<DOC>` or `<DOC `.
pub fn looks_like_trec(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    let b = &b[start..];
    let b = if b.starts_with(b"<?xml") { memchr::memchr(b'>', b).map_or(&b[b.len()..], |e| &b[e + 1..]) } else { b };
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    let b = &b[start..];
    b.len() >= 5 && b[..4].eq_ignore_ascii_case(b"<doc") && matches!(b[4], b'>' | b' ' | b'\t' | b'\r' | b'\n')
}

fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    let mut i = from;
    while let Some(p) = memchr::memchr2(n[0].to_ascii_lowercase(), n[0].to_ascii_uppercase(), &h[i..]) {
        let at = i + p;
        if h.len() >= at + n.len() && h[at..at + n.len()].eq_ignore_ascii_case(n) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// The content of the first `<TAG …>…</TAG>` in `doc` (tag names case-insensitive).
fn field<'a>(doc: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}");
    let mut from = 0;
    loop {
        let s = find_ci(doc, &open, from)?;
        let after = s + open.len();
        let next = doc.as_bytes().get(after).copied();
        if matches!(next, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')) {
            let gt = doc[after..].find('>')? + after + 1;
            let close = format!("</{tag}>");
            let e = find_ci(doc, &close, gt).unwrap_or(doc.len());
            return Some(&doc[gt..e]);
        }
        from = after;
    }
}

fn clean_field(s: &str) -> String {
    collapse_spaces(&decode_entities(s.trim()))
}

/// Body paragraphs of a `TEXT` field: `<P>` elements if any, else lines.
fn text_paragraphs(text: &str) -> Vec<Paragraph> {
    if find_ci(text, "<p>", 0).is_some() || find_ci(text, "<p ", 0).is_some() {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(s) = find_ci(text, "<p", from) {
            let Some(gt) = text[s..].find('>').map(|g| s + g + 1) else { break };
            let e = find_ci(text, "</p>", gt).or_else(|| find_ci(text, "<p", gt)).unwrap_or(text.len());
            let t = collapse_spaces(&decode_entities(&text[gt..e]).replace('\n', " "));
            if !t.is_empty() {
                out.push(Paragraph::text(t));
            }
            from = e.max(gt);
        }
        return out;
    }
    paragraphs(&decode_entities(text))
}

/// Parse every `<DOC>` of a file. `default_source` names articles without `SRC`.
pub fn parse_trec(text: &str, default_source: &str) -> Vec<Result<Article, TrecProblem>> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut index = 0;
    while let Some(s) = find_ci(text, "<doc", from) {
        let after = s + 4;
        if !matches!(text.as_bytes().get(after), Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')) {
            from = after;
            continue;
        }
        let (end, truncated) = match find_ci(text, "</doc>", after) {
            Some(e) => (e, false),
            None => (text.len(), true),
        };
        let doc = &text[after..end];
        from = if truncated { text.len() } else { end + 6 };
        out.push(parse_doc(doc, default_source, index, truncated));
        index += 1;
    }
    out
}

fn parse_doc(doc: &str, default_source: &str, index: usize, truncated: bool) -> Result<Article, TrecProblem> {
    let docno = field(doc, "DOCNO").map(clean_field).filter(|s| !s.is_empty());
    let problem = |m: &str| TrecProblem { docno: docno.clone(), index, message: m.to_string(), truncated };
    if truncated {
        return Err(problem("the document has no closing </DOC>"));
    }
    let title = field(doc, "TITLE").or_else(|| field(doc, "HEADLINE")).map(clean_field).unwrap_or_default();
    let mut body = field(doc, "TEXT").map(text_paragraphs).unwrap_or_default();
    if let Some(abs) = field(doc, "ABSTRACT").map(clean_field).filter(|s| !s.is_empty()) {
        // The abstract is usually the first paragraph again; keep it only if the text lacks it.
        let joined: String = body.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" ");
        let head: String = abs.chars().take(60).collect();
        if !joined.contains(&head) {
            body.insert(0, Paragraph::text(abs));
        }
    }
    if body.is_empty() {
        return Err(problem(if title.is_empty() { "no title and no text" } else { "no <TEXT>" }));
    }
    let source = field(doc, "SRC")
        .or_else(|| field(doc, "SOURCE"))
        .map(clean_field)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| default_source.to_string());
    let mut a = Article::new(source, title);
    a.url = field(doc, "URL").map(clean_field).filter(|s| !s.is_empty());
    a.section = field(doc, "CAT").map(clean_field).filter(|s| !s.is_empty());
    a.author = field(doc, "AUTHOR").or_else(|| field(doc, "BYLINE")).map(clean_field).filter(|s| !s.is_empty());
    if let Some(d) = field(doc, "TIME")
        .or_else(|| field(doc, "DATE"))
        .or_else(|| field(doc, "DATE_TIME"))
        .map(clean_field)
        .filter(|s| !s.is_empty())
    {
        if let Some(p) = parse_publication_date(&d) {
            a.published_at = Some(p.utc);
            a.published_precision = Some(p.precision);
        }
        a.published_raw = Some(d);
    }
    if let Some(dl) = field(doc, "DATELINE").map(clean_field).filter(|s| !s.is_empty()) {
        // A separate dateline field: prepend it so the cleanup reads it as the head.
        body.insert(0, Paragraph::text(dl));
    }
    a.body = body;
    a.origin = Some(Origin {
        file: String::new(),
        record: Some(match &docno {
            Some(d) => format!("doc {index} ({d})"),
            None => format!("doc {index}"),
        }),
    });
    clean_article(&mut a);
    a.assign_id();
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANT: &str = "<DOC>\n<DOCNO>XX-economy-1-20250330</DOCNO>\n<URL>http://example.tn/ar/article/تمور/93/1</URL> \n<SRC>Radio Example</SRC>\n<CAT>economy</CAT>\n\
<TITLE>ارتفاع صادرات التمور &amp; الزيتون</TITLE>\n<TIME>2025-03-30T14:36:00+01:00</TIME>\n<AUTHOR></AUTHOR>\n<ABSTRACT>\nقال المدير الجهوي إن الصادرات ارتفعت.\n</ABSTRACT>\n\
<TEXT>\nقال المدير الجهوي إن الصادرات ارتفعت.\nوأضاف أن الموسم كان جيدا.\n</TEXT>\n</DOC>\n\
<DOC>\n<DOCNO>XX-sport-2</DOCNO>\n<TITLE>عنوان بلا نص</TITLE>\n</DOC>\n\
<DOC id=\"AFA_ARB_20250330.0001\" type=\"story\">\n<HEADLINE>وزير الخارجية يصل إلى القاهرة</HEADLINE>\n<DATELINE>القاهرة (أ ف ب) -</DATELINE>\n<TEXT>\n<P>\nوصل وزير الخارجية إلى القاهرة\nفي زيارة رسمية.\n</P>\n<P>وبحث مع نظيره العلاقات.</P>\n</TEXT>\n</DOC>\n<DOC>\n<DOCNO>cut</DOCNO><TEXT>نص مقطوع";

    #[test]
    fn ant_and_classic_trec() {
        assert!(looks_like_trec(ANT.as_bytes()));
        assert!(looks_like_trec(b"<?xml version=\"1.0\"?>\n<DOC id=\"x\">"));
        assert!(!looks_like_trec(b"<DOCUMENT>"));
        let r = parse_trec(ANT, "trec");
        assert_eq!(r.len(), 4);
        let a = r[0].as_ref().unwrap();
        assert_eq!(a.title, "ارتفاع صادرات التمور & الزيتون");
        assert_eq!(a.source, "Radio Example");
        assert_eq!(a.section.as_deref(), Some("economy"));
        assert_eq!(a.body.len(), 2, "the abstract repeats the first paragraph");
        assert_eq!(a.published_at.unwrap().to_rfc3339(), "2025-03-30T13:36:00+00:00");
        assert!(a.url.is_some() && a.author.is_none());
        let e = r[1].as_ref().unwrap_err();
        assert_eq!(e.docno.as_deref(), Some("XX-sport-2"));
        let c = r[2].as_ref().unwrap();
        assert_eq!(c.title, "وزير الخارجية يصل إلى القاهرة");
        assert_eq!(c.body[0].text, "وصل وزير الخارجية إلى القاهرة في زيارة رسمية.");
        let dl = c.dateline.as_ref().unwrap();
        assert_eq!((dl.place.as_deref(), dl.agency.as_deref()), (Some("القاهرة"), Some("أ ف ب")));
        assert!(r[3].as_ref().unwrap_err().truncated);
    }
}
