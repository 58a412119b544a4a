//! The analysis of one article: everything the other modules find in it.

use crate::entities::{extract_entities, Entity};
use crate::keywords::{extract_keywords_with_spans, Keyword, KeywordModel, KeywordOptions};
use crate::quotes::{attach_entities, extract_quotes, Quote};
use crate::repeats::{find_repeats, Repeat, RepeatOptions};
use crate::times::{extract_times, Timex};
use marsad_model::Article;
use serde::Serialize;

/// What marsad found in one article. Offsets are byte offsets into
/// [`analysis_text`] (the title, a newline, then the body paragraphs joined
/// by newlines).
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Article id.
    pub article: String,
    /// Named entities, one per canonical entity.
    pub entities: Vec<Entity>,
    /// Time expressions, resolved against the article's day.
    pub times: Vec<Timex>,
    /// Quotes with their speakers (resolved to entities where possible).
    pub quotes: Vec<Quote>,
    /// Sentence pairs that restate each other.
    pub repeats: Vec<Repeat>,
    /// Key phrases, scored against the corpus's document frequencies.
    pub keywords: Vec<Keyword>,
}

/// The text the analysis offsets refer to.
pub fn analysis_text(a: &Article) -> String {
    format!("{}\n{}", a.title, a.body_text())
}

/// Bytes of body text keywords are taken from: the lead, where news
/// states what it is about, and a bound on the cost of long articles.
pub const KEYWORD_LEAD_BYTES: usize = 2000;

/// The body's lead for keywords: up to [`KEYWORD_LEAD_BYTES`], cut at a space.
pub fn keyword_lead(a: &Article) -> String {
    let mut body = a.body_text();
    if body.len() > KEYWORD_LEAD_BYTES {
        let mut cut = KEYWORD_LEAD_BYTES;
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = body[..cut].rfind(char::is_whitespace).unwrap_or(cut);
        body.truncate(cut);
    }
    body
}

/// Analyse one article (keywords without corpus statistics: every stem
/// counts as rare; [`analyze_article_with`] gives them).
pub fn analyze_article(a: &Article) -> Analysis {
    analyze_article_with(a, &KeywordModel::default())
}

/// Analyse one article, scoring keywords with `model`'s document
/// frequencies (entity names found in the article get a bonus).
pub fn analyze_article_with(a: &Article, model: &KeywordModel) -> Analysis {
    let text = analysis_text(a);
    let entities = extract_entities(&text);
    let mut quotes = extract_quotes(&text);
    attach_entities(&text, &mut quotes, &entities);
    // Each spelling once: an article names its people many times.
    let mut names: Vec<String> = entities
        .iter()
        .flat_map(|e| e.mentions.iter().map(|m| m.text.clone()))
        .chain(entities.iter().map(|e| e.canonical.clone()))
        .collect();
    names.sort_unstable();
    names.dedup();
    // The names' places in the lead (it starts after the title's line), so
    // that no keyword straddles a name's edge.
    let lead = keyword_lead(a);
    let off = a.title.len() + 1;
    let spans: Vec<(usize, usize)> = entities
        .iter()
        .flat_map(|e| &e.mentions)
        .filter(|m| m.start >= off && m.end - off <= lead.len())
        .map(|m| (m.start - off, m.end - off))
        .collect();
    let keywords =
        extract_keywords_with_spans(model, Some(&a.title), &lead, &names, &spans, &KeywordOptions::default());
    Analysis {
        article: a.id.clone(),
        times: extract_times(&text, a.day()),
        repeats: find_repeats(&a.body_text(), &RepeatOptions::default()),
        entities,
        quotes,
        keywords,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use marsad_model::Paragraph;

    #[test]
    fn analyses_an_article() {
        let mut a = Article::new("almarfa", "ترامب يلتقي رئيس الوزراء الياباني في واشنطن");
        a.fetched_at = Some(Utc.with_ymd_and_hms(2025, 2, 8, 9, 0, 0).unwrap());
        a.body = vec![
            Paragraph::text(
                "استقبل الرئيس الأمريكي دونالد ترامب أمس رئيس الوزراء الياباني شيجيرو إيشيبا في البيت الأبيض.",
            ),
            Paragraph::text("وقال ترامب: \"علاقتنا مع اليابان قوية جداً\"."),
        ];
        a.assign_id();
        let r = analyze_article(&a);
        assert!(r.entities.iter().any(|e| e.canonical == "دونالد ترامب"), "{:?}", r.entities);
        assert!(r.times.iter().any(|t| t.value == "2025-02-07"), "{:?}", r.times);
        assert_eq!(r.quotes.len(), 1);
        assert!(!r.keywords.is_empty(), "keywords");
        assert!(r.keywords.iter().all(|k| !k.phrase.trim().is_empty()));
        let text = analysis_text(&a);
        let e = &r.entities[0];
        assert_eq!(&text[e.mentions[0].start..e.mentions[0].end], e.mentions[0].text);
    }
}
