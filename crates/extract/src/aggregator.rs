//! The aggregator plain-text format: how news aggregators republish a page.
//!
//! ```text
//! <title>
//! تاريخ النشر: 8th, February 2025 GMT
//! <body paragraphs, one per line; may hold inline "اقرأ أيضاً: <headline>" lines>
//! المصدر: <original publisher>
//! كلمات دلالية: <tags joined by spaces, no delimiter>
//! إقرأ أيضاً:
//! <title of another article>
//! <its paragraphs>
//! ```
//!
//! The `إقرأ أيضاً:` block is a different article: it becomes a
//! [`Link`](marsad_model::Link) in `read_also`, never body text. Inline
//! "اقرأ أيضاً: …" lines are boilerplate: removed and recorded in `removed`.
//! Tags come without delimiters; [`split_tags`] recovers multi-word tags by
//! matching them against the article's own text.

use crate::dates::{fold, parse_publication_date};
use crate::text::{clean_line, collapse_spaces, fold_persian, paragraphs};
use marsad_model::{Article, Boilerplate, Link, Paragraph};
use std::collections::HashSet;

/// Why a text is not an aggregator page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AggregatorError {
    /// No non-empty line at all.
    Empty,
    /// A title but no body text.
    NoBody,
}

impl std::fmt::Display for AggregatorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AggregatorError::Empty => write!(f, "no text"),
            AggregatorError::NoBody => write!(f, "a title but no body text"),
        }
    }
}

/// A labelled line: `label: value`, where the label matches (after folding
/// hamza forms, ى and diacritics) one of `labels`.
fn labelled<'a>(line: &'a str, labels: &[&str]) -> Option<&'a str> {
    let (head, rest) = line.split_once([':', '：'])?;
    let head = fold(clean_line(head));
    let head = head.trim();
    labels.contains(&head).then(|| clean_line(rest))
}

const DATE_LABELS: &[&str] = &["تاريخ النشر", "نشر في", "تاريخ"];
const SOURCE_LABELS: &[&str] = &["المصدر", "مصدر الخبر"];
const TAG_LABELS: &[&str] = &["كلمات دلالية", "الكلمات الدلالية", "وسوم", "الوسوم", "كلمات مفتاحية"];
const READ_ALSO_LABELS: &[&str] = &["اقرا ايضا", "اقرا ايضاً", "اقرا كذلك", "اقرا المزيد", "شاهد ايضا", "طالع ايضا"];

fn read_also_label(line: &str) -> Option<&str> {
    let (head, rest) = line.split_once([':', '：'])?;
    let head = fold(clean_line(head)).replace('ً', "");
    READ_ALSO_LABELS.iter().any(|l| l.replace('ً', "") == head.trim()).then(|| clean_line(rest))
}

enum Section {
    Body,
    ReadAlso,
}

/// Parse one aggregator page. `source` names who republished it.
pub fn parse_aggregator(text: &str, source: &str) -> Result<Article, AggregatorError> {
    let mut lines = text.lines().map(clean_line).filter(|l| !l.is_empty());
    let title = lines.next().ok_or(AggregatorError::Empty)?;
    let mut art = Article::new(source, collapse_spaces(title));
    let mut body: Vec<Paragraph> = Vec::new();
    let mut tag_line: Option<String> = None;
    let mut read_also: Vec<Link> = Vec::new();
    let mut section = Section::Body;
    let mut first = true;
    for line in lines {
        if first {
            first = false;
            if let Some(d) = labelled(line, DATE_LABELS) {
                art.published_raw = Some(d.to_string());
                if let Some(p) = parse_publication_date(d) {
                    art.published_at = Some(p.utc);
                    art.published_precision = Some(p.precision);
                }
                continue;
            }
        }
        if let Some(s) = labelled(line, SOURCE_LABELS) {
            if !s.is_empty() && art.original_publisher.is_none() {
                art.original_publisher = Some(collapse_spaces(s));
                art.removed.push(Boilerplate::new("source_credit", collapse_spaces(line)));
                continue;
            }
        }
        if let Some(t) = labelled(line, TAG_LABELS) {
            tag_line = Some(t.to_string());
            continue;
        }
        if let Some(rest) = read_also_label(line) {
            if rest.is_empty() {
                // A block header: the next line is another article's title.
                section = Section::ReadAlso;
                read_also.push(Link::default());
                continue;
            }
            art.removed.push(Boilerplate::new("read_also_inline", line));
            continue;
        }
        match section {
            Section::Body => body.push(Paragraph::text(collapse_spaces(line))),
            Section::ReadAlso => {
                let link = read_also.last_mut().expect("read-also section has a link");
                if link.title.is_empty() {
                    link.title = collapse_spaces(line);
                } else {
                    link.text.push(Paragraph::text(collapse_spaces(line)));
                }
            }
        }
    }
    if body.is_empty() {
        return Err(AggregatorError::NoBody);
    }
    art.body = body;
    art.read_also = read_also.into_iter().filter(|l| !l.title.is_empty()).collect();
    if let Some(tags) = tag_line {
        let context: Vec<&str> =
            std::iter::once(art.title.as_str()).chain(art.body.iter().map(|p| p.text.as_str())).collect();
        art.publisher_tags = split_tags(&tags, &context);
        art.removed.push(Boilerplate::new("tags", tags));
    }
    crate::clean::clean_article(&mut art);
    if art.body.is_empty() {
        return Err(AggregatorError::NoBody);
    }
    art.assign_id();
    Ok(art)
}

/// Split a tag line into tags.
///
/// With delimiters (`،` `,` `؛` `;` `|` `#`) they are used. Without, the
/// words are grouped greedily into the longest runs (up to five words) that
/// also occur as consecutive words in `context` (the article's own title and
/// body), after folding hamza forms, Persian letters and diacritics; any other
/// word is a tag of its own. Tags are returned with Persian letters folded
/// to Arabic and duplicates removed.
pub fn split_tags(line: &str, context: &[&str]) -> Vec<String> {
    let line = clean_line(line);
    let delimited: Vec<&str> =
        line.split(['،', ',', '؛', ';', '|', '#']).map(clean_line).filter(|t| !t.is_empty()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |t: String| {
        if seen.insert(fold(&t)) {
            out.push(t);
        }
    };
    if delimited.len() > 1 {
        for t in delimited {
            push(collapse_spaces(&fold_persian(t)));
        }
        return out;
    }
    let norm = |w: &str| fold(&fold_persian(w.trim_matches(|c: char| !c.is_alphanumeric())));
    let mut known: HashSet<String> = HashSet::new();
    for text in context {
        let words: Vec<String> = text.split_whitespace().map(norm).filter(|w| !w.is_empty()).collect();
        for n in 2..=5 {
            for win in words.windows(n) {
                known.insert(win.join(" "));
            }
        }
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let normed: Vec<String> = words.iter().map(|w| norm(w)).collect();
    let mut i = 0;
    while i < words.len() {
        let mut take = 1;
        for n in (2..=5).rev() {
            if i + n <= words.len() && known.contains(&normed[i..i + n].join(" ")) {
                take = n;
                break;
            }
        }
        push(fold_persian(&words[i..i + take].join(" ")));
        i += take;
    }
    out
}

/// Quick check that a text looks like an aggregator page (a date line second).
pub fn looks_like_aggregator(text: &str) -> bool {
    text.lines().map(clean_line).filter(|l| !l.is_empty()).nth(1).is_some_and(|l| labelled(l, DATE_LABELS).is_some())
}

/// Body text helper for callers that only have paragraphs.
pub fn paragraphs_of(text: &str) -> Vec<Paragraph> {
    paragraphs(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Our own page in the aggregator format (not the seed's text).
    const PAGE: &str = "\u{feff}وزير الخارجية يزور طوكيو لبحث التعاون.. فهل تتغير المعادلة؟\n\
تاريخ النشر: 21st, March 2025 GMT\n\
وصل وزير الخارجية السعودي إلى طوكيو في زيارة رسمية تستمر ثلاثة أيام.\n\
اقرأ أيضاً: أسعار النفط تتراجع في ختام التداولات\n\
وقال الوزير في تصريح صحفي: \"نريد شراكة طويلة مع اليابان\".\n\
المصدر: صحيفة المرفأ\n\
كلمات دلالية: وزير الخارجية طوكيو الیابان الشراکة المزید\n\
إقرأ أيضاً:\n\
اليابان والصين تبحثان أمن الملاحة\n\
بحث وزيرا خارجية البلدين أمن الملاحة في بحر الصين الشرقي.\n\
اقرأ أيضاً: سوق الأسهم يغلق على ارتفاع\n\
وأكد الجانبان أهمية الحوار.\n";

    #[test]
    fn parses_all_sections() {
        let a = parse_aggregator(PAGE, "agg").unwrap();
        assert_eq!(a.title, "وزير الخارجية يزور طوكيو لبحث التعاون.. فهل تتغير المعادلة؟");
        assert_eq!(a.published_raw.as_deref(), Some("21st, March 2025 GMT"));
        assert_eq!(a.published_at.unwrap().date_naive().to_string(), "2025-03-21");
        assert_eq!(a.original_publisher.as_deref(), Some("صحيفة المرفأ"));
        assert_eq!(a.body.len(), 2, "{:?}", a.body);
        assert!(a.body[1].text.starts_with("وقال الوزير"));
        assert_eq!(a.read_also.len(), 1);
        assert_eq!(a.read_also[0].title, "اليابان والصين تبحثان أمن الملاحة");
        assert_eq!(a.read_also[0].text.len(), 2);
        let reasons: Vec<&str> = a.removed.iter().map(|b| b.reason.as_str()).collect();
        assert_eq!(reasons, ["read_also_inline", "source_credit", "read_also_inline", "tags"]);
        assert!(a.removed[2].text.contains("سوق الأسهم"));
    }

    #[test]
    fn tags_split_on_context_and_fold_persian() {
        let a = parse_aggregator(PAGE, "agg").unwrap();
        assert_eq!(a.publisher_tags, ["وزير الخارجية", "طوكيو", "اليابان", "الشراكة", "المزيد"]);
    }

    #[test]
    fn delimited_tags() {
        assert_eq!(split_tags("النفط، أوبك ، الأسعار", &[]), ["النفط", "أوبك", "الأسعار"]);
    }

    #[test]
    fn errors() {
        assert_eq!(parse_aggregator("  \n \n", "x").unwrap_err(), AggregatorError::Empty);
        assert_eq!(
            parse_aggregator("عنوان فقط\nتاريخ النشر: 1st, April 2025 GMT\n", "x").unwrap_err(),
            AggregatorError::NoBody
        );
    }

    #[test]
    fn detection() {
        assert!(looks_like_aggregator(PAGE));
        assert!(!looks_like_aggregator("سطر\nسطر آخر"));
    }
}
