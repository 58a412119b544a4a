//! marsad's data model: the [`Article`] every stage passes along, its parts,
//! and the rules that give an article a stable identity.
//!
//! An article's [`Article::id`] is derived from its canonical URL
//! ([`canonical_url`]: scheme and host lower-cased, tracking parameters and
//! fragments removed, percent-encoding normalised), or — when there is no
//! usable URL — from its source, title and day. Ingesting the same article
//! twice therefore never creates a second record.
//!
//! ```
//! use marsad_model::{canonical_url, Article};
//!
//! let a = canonical_url("HTTP://WWW.Example.COM/news/خبر?utm_source=x&id=7#top").unwrap();
//! assert_eq!(a, "http://www.example.com/news/%D8%AE%D8%A8%D8%B1?id=7");
//!
//! let mut art = Article::new("صحيفة المثال", "عنوان الخبر");
//! art.url = Some("https://example.com/a?utm_medium=rss".into());
//! art.assign_id();
//! assert_eq!(art.canonical_url.as_deref(), Some("https://example.com/a"));
//! assert_eq!(art.id.len(), 16);
//! ```
#![warn(missing_docs)]

mod ids;

pub use ids::{article_id, canonical_url, fallback_id, UrlError};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The schema tag written on every exported JSON Lines record.
pub const ARTICLE_SCHEMA: &str = "marsad.article/1";

/// One news article, as extracted and cleaned (before analysis).
///
/// This is also marsad's JSON Lines exchange schema: `marsad export --jsonl`
/// writes one `Article` per line, and `marsad ingest` reads them back.
/// Only `title` or `body` is required when reading; every other field has a
/// default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Article {
    /// Schema tag, [`ARTICLE_SCHEMA`].
    pub schema: String,
    /// Stable id (16 hex digits), see [`article_id`].
    pub id: String,
    /// The URL as given by the source.
    pub url: Option<String>,
    /// The canonical form of `url`, see [`canonical_url`].
    pub canonical_url: Option<String>,
    /// Who published this copy (a site or paper name, e.g. `sabq`).
    pub source: String,
    /// Headline.
    pub title: String,
    /// Publication time, when known.
    pub published_at: Option<DateTime<Utc>>,
    /// How precise `published_at` is.
    pub published_precision: Option<DatePrecision>,
    /// The publication date exactly as the page wrote it.
    pub published_raw: Option<String>,
    /// Last modification time, when the page gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<DateTime<Utc>>,
    /// When the article was fetched or extracted (SaudiNewsNet's `date_extracted`).
    pub fetched_at: Option<DateTime<Utc>>,
    /// Byline, as given.
    pub author: Option<String>,
    /// The original publisher when this copy is a republication
    /// (the aggregator's `المصدر:` line).
    pub original_publisher: Option<String>,
    /// Place / agency / dates taken from the head of the body.
    pub dateline: Option<Dateline>,
    /// The cleaned text, in paragraphs.
    pub body: Vec<Paragraph>,
    /// What cleanup removed, and why — nothing is silently lost.
    pub removed: Vec<Boilerplate>,
    /// Tags the publisher attached (often noisy).
    pub publisher_tags: Vec<String>,
    /// The publisher's section or category (`اقتصاد`, `sport`), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// URL of the article's lead image, when the page names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_image: Option<String>,
    /// "Read also" items the page embedded: other articles, not this one's text.
    pub read_also: Vec<Link>,
    /// Where the record came from (file and record locator), for error reports.
    pub origin: Option<Origin>,
}

/// Precision of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// Only the year is known.
    Year,
    /// Year and month.
    Month,
    /// A calendar day.
    Day,
    /// Hour and minute.
    Minute,
    /// Full timestamp.
    Second,
}

/// One paragraph of body text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Its text, trimmed.
    pub text: String,
    /// Plain paragraph or heading.
    #[serde(default, skip_serializing_if = "ParagraphKind::is_text")]
    pub kind: ParagraphKind,
}

impl Paragraph {
    /// A plain text paragraph.
    pub fn text(text: impl Into<String>) -> Self {
        Paragraph { text: text.into(), kind: ParagraphKind::Text }
    }
}

/// Kind of a [`Paragraph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphKind {
    /// Running text.
    #[default]
    Text,
    /// A sub-heading inside the article.
    Heading,
}

impl ParagraphKind {
    fn is_text(&self) -> bool {
        *self == ParagraphKind::Text
    }
}

/// Text that cleanup removed from an article, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boilerplate {
    /// The removed text.
    pub text: String,
    /// Why it was removed: a short machine-readable label, the removal's
    /// kind (`read_also_inline`, `tags`, `source_credit`, `end_marker`,
    /// `self_link`, `dateline`, `byline`, `learned_line`, …).
    pub reason: String,
}

impl Boilerplate {
    /// A removal of `text` for `reason`.
    pub fn new(reason: impl Into<String>, text: impl Into<String>) -> Self {
        Boilerplate { text: text.into(), reason: reason.into() }
    }
}

/// A linked item ("اقرأ أيضاً"): another article, kept apart from the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Link {
    /// Title of the linked article.
    pub title: String,
    /// Its URL, when the page gave one.
    pub url: Option<String>,
    /// Its text, when the page embedded it.
    pub text: Vec<Paragraph>,
}

/// Place, agency and dates from the head of a news text
/// (`الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Dateline {
    /// Place name as written.
    pub place: Option<String>,
    /// News agency (واس، أ ف ب …).
    pub agency: Option<String>,
    /// Dates as written in the dateline.
    pub dates: Vec<String>,
    /// The (Gregorian) day the dateline names, when its dates could be read;
    /// a Hijri-only date is converted with the Umm al-Qura calendar.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<NaiveDate>,
    /// The dateline text as it appeared (in the body, or in the author field
    /// when that is where the publisher put it).
    pub raw: String,
}

/// Where a record was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Origin {
    /// File path (and `!entry` inside an archive).
    pub file: String,
    /// Record locator inside the file (`record 12`, `line 40`).
    pub record: Option<String>,
}

impl Article {
    /// A new article with a source and a title; everything else empty.
    pub fn new(source: impl Into<String>, title: impl Into<String>) -> Self {
        Article { schema: ARTICLE_SCHEMA.to_string(), source: source.into(), title: title.into(), ..Default::default() }
    }

    /// Compute `canonical_url` from `url` and `id` from it (or from source,
    /// title and day when there is no usable URL).
    pub fn assign_id(&mut self) {
        self.schema = ARTICLE_SCHEMA.to_string();
        self.canonical_url = self.url.as_deref().and_then(|u| canonical_url(u).ok());
        self.id = match &self.canonical_url {
            Some(c) => article_id(c),
            None => fallback_id(&self.source, &self.title, self.day()),
        };
    }

    /// The time used to place the article in time: publication, else fetch.
    pub fn effective_time(&self) -> Option<DateTime<Utc>> {
        self.published_at.or(self.fetched_at)
    }

    /// The calendar day (UTC) of [`Article::effective_time`].
    pub fn day(&self) -> Option<NaiveDate> {
        self.effective_time().map(|t| t.date_naive())
    }

    /// Body paragraphs joined by newlines.
    pub fn body_text(&self) -> String {
        let mut s = String::new();
        for (i, p) in self.body.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(&p.text);
        }
        s
    }

    /// Number of characters of body text.
    pub fn body_chars(&self) -> usize {
        self.body.iter().map(|p| p.text.chars().count()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_everything() {
        let mut a = Article::new("المثال", "وزير الخارجية يصل إلى الرياض");
        a.url = Some("https://example.com/خبر/1".into());
        a.body = vec![Paragraph::text("فقرة أولى."), Paragraph { text: "عنوان".into(), kind: ParagraphKind::Heading }];
        a.removed =
            vec![Boilerplate { text: "اقرأ أيضاً: خبر آخر".into(), reason: "read_also_inline".into() }];
        a.publisher_tags = vec!["الرياض".into()];
        a.read_also = vec![Link { title: "خبر آخر".into(), url: None, text: vec![Paragraph::text("نص")] }];
        a.assign_id();
        let line = serde_json::to_string(&a).unwrap();
        let back: Article = serde_json::from_str(&line).unwrap();
        assert_eq!(a, back);
    }

    #[test]
    fn minimal_json_reads_with_defaults() {
        let a: Article = serde_json::from_str(r#"{"title":"عنوان","source":"x"}"#).unwrap();
        assert_eq!(a.title, "عنوان");
        assert!(a.body.is_empty());
    }

    #[test]
    fn older_json_without_the_new_fields_reads() {
        let a: Article = serde_json::from_str(
            r#"{"title":"عنوان","source":"x","dateline":{"place":"أبها","agency":"واس","dates":["25 شوال 1436 هـ"],"raw":"أبها 25 شوال 1436 هـ واس"},"removed":[{"text":"// انتهى //","reason":"end_marker"}]}"#,
        )
        .unwrap();
        let dl = a.dateline.unwrap();
        assert_eq!((dl.place.as_deref(), dl.day), (Some("أبها"), None));
        assert!(a.modified_at.is_none() && a.lead_image.is_none() && a.section.is_none());
        assert_eq!(a.removed[0], Boilerplate::new("end_marker", "// انتهى //"));
    }

    #[test]
    fn id_falls_back_without_url() {
        let mut a = Article::new("س", "عنوان");
        a.assign_id();
        let mut b = Article::new("س", "عنوان");
        b.url = Some("not a url".into());
        b.assign_id();
        assert_eq!(a.id, b.id);
        assert!(a.canonical_url.is_none());
    }
}
