//! The analysis chain for indexing and similarity: tokenise → normalise →
//! stopword flag → stem.
//!
//! ```
//! use marsad_arabic::analyzer::Analyzer;
//!
//! let a = Analyzer::default();
//! let terms = a.analyze("وأكّد الوزيرُ على أهمية المشاريع");
//! let stems: Vec<&str> = terms.iter().map(|t| t.stem.as_str()).collect();
//! assert_eq!(stems, ["اكد", "زير", "علي", "اهم", "مشاريع"]);
//! assert!(terms[2].stopword);
//! // Offsets point into the original text.
//! assert_eq!(terms[1].start, "وأكّد ".len());
//! ```

use crate::normalize::{NormalizeOptions, Normalizer};
use crate::stem::{light_stem_with, LightStemParams};
use crate::stopwords::is_stopword_token;
use crate::tokenize::{tokens, Token, TokenKind};

/// Which stemmer the analyzer applies to words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stemmer {
    /// No stemming: the stem is the normalised form.
    None,
    /// [`crate::stem::light_stem_with`] with these parameters.
    Light(LightStemParams),
    /// Snowball's Arabic stemmer (`rust-stemmers`) on the normalised form:
    /// nominally a little better than the light stemmer on the dev story
    /// pairs, not significantly, and several times slower (see the README).
    Snowball,
}

impl Default for Stemmer {
    fn default() -> Self {
        Stemmer::Light(LightStemParams::MARSAD)
    }
}

/// Analyzer options. The default normalises at [`NormalizeOptions::search`]
/// (its `Default`), light-stems and leaves punctuation out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnalyzerOptions {
    /// Normalisation of words, hashtags and mentions (default: Search).
    pub normalize: NormalizeOptions,
    /// The stemmer for words (default: marsad's light stemmer).
    pub stemmer: Stemmer,
    /// Emit punctuation and symbol tokens too (default: no).
    pub keep_punct: bool,
}

/// One analysed token, borrowed from the analyzer's buffers; see
/// [`Analyzer::analyze_with`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term<'t, 'b> {
    /// The token in the original text.
    pub token: Token<'t>,
    /// Its normalised form.
    pub normalized: &'b str,
    /// Its stem (the normalised form for non-words).
    pub stem: &'b str,
    /// Whether it is a stopword (words only).
    pub stopword: bool,
    /// Position among the emitted tokens, counting from 0.
    pub position: u32,
}

/// An owned analysed token; see [`Analyzer::analyze`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The original text of the token.
    pub text: String,
    /// Byte offset of the token in the original text.
    pub start: usize,
    /// Byte offset just past the token in the original text.
    pub end: usize,
    /// What the token is.
    pub kind: TokenKind,
    /// Normalised form.
    pub normalized: String,
    /// Stem.
    pub stem: String,
    /// Whether it is a stopword.
    pub stopword: bool,
    /// Position among the emitted tokens.
    pub position: u32,
}

/// The analysis chain. Cheap to clone; holds no per-text state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analyzer {
    options: AnalyzerOptions,
    normalizer: Normalizer,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new(AnalyzerOptions::default())
    }
}

impl Analyzer {
    /// An analyzer with these options.
    pub fn new(options: AnalyzerOptions) -> Self {
        let normalizer = Normalizer::new(options.normalize.clone());
        Analyzer { options, normalizer }
    }

    /// An analyzer that normalises at the given options but does not stem.
    pub fn unstemmed(normalize: NormalizeOptions) -> Self {
        Analyzer::new(AnalyzerOptions { normalize, stemmer: Stemmer::None, keep_punct: false })
    }

    /// Its options.
    pub fn options(&self) -> &AnalyzerOptions {
        &self.options
    }

    /// Analyse `text`, calling `f` for each term. No allocation per token:
    /// the normalised form lives in one buffer reused across tokens.
    pub fn analyze_with<'t, F>(&self, text: &'t str, mut f: F)
    where
        F: FnMut(&Term<'t, '_>),
    {
        let o = &self.options;
        let mut buf = String::with_capacity(64);
        let mut stem_buf = String::new();
        let snowball =
            (o.stemmer == Stemmer::Snowball).then(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic));
        let mut position = 0u32;
        for token in tokens(text) {
            if !o.keep_punct && !token.kind.is_content() {
                continue;
            }
            buf.clear();
            token.normalized_with(&self.normalizer, &mut buf);
            if buf.is_empty() {
                continue;
            }
            let (stem, stopword) = if token.kind == TokenKind::Word {
                let stem = match o.stemmer {
                    Stemmer::None => buf.as_str(),
                    Stemmer::Light(p) => light_stem_with(&buf, &p),
                    Stemmer::Snowball => {
                        stem_buf.clear();
                        if let Some(sb) = &snowball {
                            stem_buf.push_str(&sb.stem(&buf));
                        }
                        stem_buf.as_str()
                    }
                };
                (stem, is_stopword_token(token.text, &buf))
            } else {
                (buf.as_str(), false)
            };
            f(&Term { token, normalized: &buf, stem, stopword, position });
            position += 1;
        }
    }

    /// Analyse `text` into owned tokens.
    pub fn analyze(&self, text: &str) -> Vec<AnalyzedToken> {
        let mut v = Vec::new();
        self.analyze_with(text, |t| {
            v.push(AnalyzedToken {
                text: t.token.text.to_string(),
                start: t.token.start,
                end: t.token.end,
                kind: t.token.kind,
                normalized: t.normalized.to_string(),
                stem: t.stem.to_string(),
                stopword: t.stopword,
                position: t.position,
            })
        });
        v
    }

    /// The stems of the content terms of `text` that are not stopwords: the
    /// bag of words for similarity.
    pub fn content_stems(&self, text: &str) -> Vec<String> {
        let mut v = Vec::new();
        self.analyze_with(text, |t| {
            if !t.stopword && t.token.kind.is_content() {
                v.push(t.stem.to_string());
            }
        });
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyzes_mixed_text() {
        let a = Analyzer::default();
        let t = a.analyze("أعلنت «أرامكو» عن نمو ٣٫٥٪ في 2015، انظر https://spa.gov.sa #السعودية");
        let got: Vec<(&str, &str, bool)> =
            t.iter().map(|x| (x.normalized.as_str(), x.stem.as_str(), x.stopword)).collect();
        assert_eq!(
            got,
            [
                ("اعلنت", "اعلنت", false),
                ("ارامكو", "ارامكو", false),
                ("عن", "عن", true),
                ("نمو", "نمو", false),
                ("3.5%", "3.5%", false),
                ("في", "في", true),
                ("2015", "2015", false),
                ("انظر", "انظر", false),
                ("https://spa.gov.sa", "https://spa.gov.sa", false),
                ("#السعودية", "#السعودية", false),
            ]
        );
        assert_eq!(t[4].kind, TokenKind::Percent);
        assert_eq!(t.last().unwrap().position, 9);
    }

    #[test]
    fn snowball_option() {
        let a = Analyzer::new(AnalyzerOptions { stemmer: Stemmer::Snowball, ..Default::default() });
        let t = a.analyze("والمعلمون في المدارس");
        assert_eq!(t[0].normalized, "والمعلمون");
        assert!(t[0].stem.len() < t[0].normalized.len());
        assert!(t[1].stopword);
    }

    #[test]
    fn keep_punct() {
        let a = Analyzer::new(AnalyzerOptions { keep_punct: true, ..Default::default() });
        let t = a.analyze("نعم، لا.");
        assert_eq!(t.len(), 4);
        assert_eq!(t[1].kind, TokenKind::Punct);
    }
}
