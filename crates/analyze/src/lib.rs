//! `Article` → `AnalyzedArticle`: named entities with one canonical name
//! each, time expressions, quotes with their speakers, keywords and repeated
//! statements.
//!
//! Modules:
//! - [`entities`]: named-entity recognition and canonicalisation.
//! - [`times`]: TimeML time expressions resolved against a reference date.
//! - [`quotes`]: direct and indirect quotations with reporting verb and speaker.
//! - [`keywords`]: keyphrases scored by corpus statistics.
//! - [`repeats`]: sentences of one article that restate each other.
#![warn(missing_docs)]

pub mod article;
pub mod entities;
pub mod keywords;
pub mod quotes;
pub mod repeats;
pub mod times;
