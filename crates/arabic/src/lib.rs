//! Arabic text for marsad: normalisation with offset maps, tokenisation,
//! sentence splitting, light stemming, stopwords and reporting verbs, and an
//! analysis chain for search (with a tantivy tokenizer behind the `tantivy`
//! feature). No I/O.
//!
//! | module | what |
//! |---|---|
//! | [`normalize`](mod@normalize) | NFC, clean-up and search folding in named [levels](normalize::Level), each output byte mapped back to the original |
//! | [`tokenize`](mod@tokenize) | words, numbers, percents, hashtags, mentions, URLs, e-mails, punctuation — offsets into the original |
//! | [`sentences`](mod@sentences) | sentence byte ranges (Arabic punctuation, quotes, abbreviations) |
//! | [`stem`] | light stemming and clitic splitting |
//! | [`stopwords`] | function words, with the rationale |
//! | [`reporting_verbs`] | قال، أضاف، أوضح… with their forms and lemmas |
//! | [`analyzer`] | tokenise → normalise → stopword flag → stem |
//! | [`bench`](mod@bench) | the throughput measure behind `marsad bench text` |
//! | [`eval`] | stemmer comparison: conflation and same-story retrieval (MAP) |
//! | `tantivy_tokenizer` | `ArabicTokenizer`, a tantivy `Tokenizer` (feature `tantivy`) |
//!
//! ```
//! use marsad_arabic::{analyzer::Analyzer, normalize, sentences, stem};
//!
//! let text = "\u{200F}أعلنت وزارةُ الصحة تسجيل ٢٥ حالة. وأضافت أن الوضع مستقر";
//!
//! // Search folding, with offsets back to the original text.
//! let n = normalize::normalize(text, &normalize::NormalizeOptions::search());
//! assert_eq!(n.as_str(), "اعلنت وزارة الصحة تسجيل 25 حالة. واضافت ان الوضع مستقر");
//! let at = n.as_str().find("وزارة").unwrap();
//! assert_eq!(&text[n.orig_range(at..at + "وزارة".len())], "وزارةُ");
//!
//! // Sentences as byte ranges of the original.
//! assert_eq!(sentences::sentences(text).len(), 2);
//!
//! // Terms for the index: normalised form, stem, stopword flag.
//! let terms = Analyzer::default().analyze(text);
//! assert_eq!(terms[2].normalized, "الصحة");
//! assert_eq!(terms[2].stem, "صحة");
//! assert_eq!(stem::light_stem("والمستشفيات"), "مستشف");
//! ```
#![warn(missing_docs)]

pub mod analyzer;
pub mod bench;
pub mod eval;
pub mod normalize;
pub mod reporting_verbs;
pub mod sentences;
pub mod stem;
pub mod stopwords;
#[cfg(feature = "tantivy")]
pub mod tantivy_tokenizer;
pub mod tokenize;

pub use analyzer::{AnalyzedToken, Analyzer, AnalyzerOptions};
pub use normalize::{normalize, normalize_str, Level, NormalizeOptions, Normalized};
pub use sentences::sentences;
pub use stem::{clitic_split, light_stem};
pub use stopwords::is_stopword;
pub use tokenize::{tokenize, Token, TokenKind};
