//! Bytes to [`Article`]s: marsad's readers and cleanup.
//!
//! - [`dump`]: walks paths (files, directories, zip and tar.gz archives) and
//!   yields one [`Record`] per article found — SaudiNewsNet JSON arrays
//!   (zipped or not), marsad's JSON Lines, the aggregator plain-text format,
//!   HTML pages and TREC-style documents — or a [`Rejection`] that names the
//!   file, the record and the problem.
//! - [`html`]: an article page (any of UTF-8, windows-1256, ISO-8859-6 …,
//!   see [`encoding`]) to an article: title, dates, author, body paragraphs
//!   and headings, lead image, tags, read-also links; page chrome recorded.
//! - [`clean`]: datelines (Hijri and Gregorian), bylines, agency lines in the
//!   author field, end markers, tag lists, self-links, contact and credit
//!   lines — each removal kept in `Article::removed` with its kind.
//! - [`learn`]: per-source boilerplate learned from the corpus itself, and
//!   applied per source.
//! - [`snn`]: a SaudiNewsNet record to an `Article`.
//! - [`aggregator`]: the aggregator text format of republished pages
//!   (title, `تاريخ النشر:`, body, `المصدر:`, `كلمات دلالية:`, `إقرأ أيضاً:`).
//! - [`trec`]: `<DOC>` documents (the ANT corpus).
//! - [`dates`]: publication dates as pages write them, Hijri (Umm al-Qura) included.
//! - [`eval`]: word-level precision / recall / F1 of HTML extraction.
//! - [`lexicon`]: agencies, dateline places, credit words (general knowledge, not per newspaper).
//! - [`jsonscan`]: splits a JSON array into its elements without trusting
//!   the whole file, so one bad record never loses the others.
//!
//! ```
//! use marsad_extract::aggregator::parse_aggregator;
//!
//! let page = "وزير الصحة يفتتح مستشفى جديداً\n\
//!             تاريخ النشر: 3rd, April 2025 GMT\n\
//!             افتتح وزير الصحة اليوم مستشفى جديداً في المدينة.\n\
//!             المصدر: صحيفة المرفأ\n";
//! let a = parse_aggregator(page, "aggregator").unwrap();
//! assert_eq!(a.title, "وزير الصحة يفتتح مستشفى جديداً");
//! assert_eq!(a.original_publisher.as_deref(), Some("صحيفة المرفأ"));
//! assert_eq!(a.published_at.unwrap().to_rfc3339(), "2025-04-03T00:00:00+00:00");
//! ```
#![warn(missing_docs)]

pub mod aggregator;
pub mod clean;
pub mod dates;
pub mod dump;
pub mod encoding;
pub mod eval;
pub mod html;
pub mod jsonscan;
pub mod learn;
pub mod lexicon;
pub mod snn;
mod text;
pub mod trec;

pub use dump::{list_inputs, read_bytes, read_path, Event, InputKind, ReadOptions, Record, RejectKind, Rejection};
pub use marsad_model::Article;
