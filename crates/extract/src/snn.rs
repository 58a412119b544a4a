//! SaudiNewsNet records (`source, url, date_extracted, title, author, content`).

use crate::clean::clean_article;
use crate::text::{clean_line, collapse_spaces, decode_entities, paragraphs};
use chrono::{NaiveDateTime, TimeZone, Utc};
use marsad_model::Article;
use serde::Deserialize;

/// One record of a SaudiNewsNet dump, as published.
#[derive(Debug, Clone, Deserialize)]
pub struct SnnRecord {
    /// Newspaper id (`sabq`, `alriyadh`, …).
    pub source: Option<String>,
    /// Article URL (often with raw Arabic in the path).
    pub url: Option<String>,
    /// When the crawler extracted it, `YYYY-MM-DD HH:MM:SS`.
    pub date_extracted: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Byline or agency line; often empty.
    pub author: Option<String>,
    /// Body text, paragraphs separated by newlines.
    pub content: Option<String>,
}

/// Why a record could not become an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnnProblem {
    /// A required field is absent.
    Missing(&'static str),
    /// Title and content are both empty.
    Empty,
    /// `content` is present but holds no text.
    EmptyContent,
}

impl SnnRecord {
    /// Convert to an [`Article`] (id assigned) and clean it
    /// ([`clean_article`]): datelines, bylines, end markers, tag lists and
    /// self-links go to `removed`. `date_extracted` becomes `fetched_at`;
    /// SaudiNewsNet has no publication time of its own, so a dateline's day
    /// (when there is one) becomes `published_at`.
    pub fn into_article(self) -> Result<Article, SnnProblem> {
        let mut a = self.into_raw_article()?;
        clean_article(&mut a);
        a.assign_id();
        Ok(a)
    }

    /// Convert to an [`Article`] without cleanup (id assigned): the text as
    /// published, only whitespace normalised and character references decoded.
    pub fn into_raw_article(self) -> Result<Article, SnnProblem> {
        let content = self.content.ok_or(SnnProblem::Missing("content"))?;
        let title = self.title.map(|t| collapse_spaces(clean_line(&decode_entities(&t)))).unwrap_or_default();
        let body = paragraphs(&decode_entities(&content));
        if body.is_empty() {
            return Err(if title.is_empty() { SnnProblem::Empty } else { SnnProblem::EmptyContent });
        }
        let mut a = Article::new(self.source.map(|s| s.trim().to_string()).unwrap_or_default(), title);
        a.url = self.url.filter(|u| !u.trim().is_empty());
        a.fetched_at = self
            .date_extracted
            .as_deref()
            .and_then(|d| NaiveDateTime::parse_from_str(d.trim(), "%Y-%m-%d %H:%M:%S").ok())
            .map(|t| Utc.from_utc_datetime(&t));
        a.author = self.author.map(|s| collapse_spaces(clean_line(&decode_entities(&s)))).filter(|s| !s.is_empty());
        a.body = body;
        a.assign_id();
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_to_article() {
        let r: SnnRecord = serde_json::from_str(
            r#"{"source":"sabq","url":"http://sabq.example/خبر-عاجل/","date_extracted":"2015-08-01 08:00:57",
                "title":" أمير المنطقة يستقبل الوفد ","author":"\u00a0سبق- الرياض:","content":" سطر أول\n\n سطر ثان "}"#,
        )
        .unwrap();
        let a = r.into_article().unwrap();
        assert_eq!(a.title, "أمير المنطقة يستقبل الوفد");
        assert_eq!(a.body.len(), 2);
        // The author field was a byline: the place went to the dateline.
        assert_eq!(a.author, None);
        assert_eq!(a.dateline.as_ref().unwrap().place.as_deref(), Some("الرياض"));
        assert_eq!(a.removed[0].text, "سبق- الرياض:");
        assert_eq!(a.fetched_at.unwrap().to_rfc3339(), "2015-08-01T08:00:57+00:00");
        assert!(a.canonical_url.unwrap().starts_with("http://sabq.example/%D8%AE"));
    }

    #[test]
    fn missing_or_empty_content_is_a_problem() {
        let r: SnnRecord = serde_json::from_str(r#"{"source":"x","title":"t"}"#).unwrap();
        assert_eq!(r.into_article().unwrap_err(), SnnProblem::Missing("content"));
        let r: SnnRecord = serde_json::from_str(r#"{"source":"x","title":"","content":"  "}"#).unwrap();
        assert_eq!(r.into_article().unwrap_err(), SnnProblem::Empty);
    }
}
