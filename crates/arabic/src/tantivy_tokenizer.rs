//! A tantivy [`Tokenizer`] built on the
//! [`Analyzer`] (feature `tantivy`).
//!
//! Three presets, one per kind of field:
//! * [`ArabicTokenizer::stemmed`]: Search-normalised, light-stemmed terms —
//!   the main full-text field;
//! * [`ArabicTokenizer::folded`]: Search-normalised, unstemmed — exact words
//!   that ignore diacritics, tatweel, hamza and case;
//! * [`ArabicTokenizer::exact`]: Display-normalised (diacritics and hamza
//!   kept) — the "exact spelling" field.
//!
//! Offsets are byte offsets into the original text (for highlighting);
//! positions count every content token, so removing stopwords
//! ([`ArabicTokenizer::without_stopwords`]) leaves gaps and phrase queries
//! stay exact.
//!
//! ```
//! use marsad_arabic::tantivy_tokenizer::ArabicTokenizer;
//! use tantivy::tokenizer::{TextAnalyzer, TokenStream};
//!
//! let mut a = TextAnalyzer::from(ArabicTokenizer::stemmed());
//! let mut s = a.token_stream("والرئيسُ في الرياض");
//! let mut terms = Vec::new();
//! while let Some(t) = s.next() {
//!     terms.push((t.text.clone(), t.offset_from, t.position));
//! }
//! assert_eq!(terms[0], ("رءيس".to_string(), 0, 0));
//! assert_eq!(terms[2].0, "رياض");
//! ```

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::analyzer::{Analyzer, AnalyzerOptions, Stemmer};
use crate::normalize::NormalizeOptions;

/// Which form of each token becomes the indexed term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermForm {
    /// The stem.
    Stem,
    /// The normalised form.
    Normalized,
}

/// marsad's Arabic tokenizer for tantivy; see the [module docs](self).
#[derive(Clone, Debug)]
pub struct ArabicTokenizer {
    analyzer: Analyzer,
    form: TermForm,
    drop_stopwords: bool,
    tokens: Vec<Token>,
}

impl ArabicTokenizer {
    /// A tokenizer over any analyzer.
    pub fn new(analyzer: Analyzer, form: TermForm) -> Self {
        ArabicTokenizer { analyzer, form, drop_stopwords: false, tokens: Vec::new() }
    }

    /// Search-normalised, light-stemmed terms.
    pub fn stemmed() -> Self {
        Self::new(Analyzer::default(), TermForm::Stem)
    }

    /// Search-normalised, unstemmed terms.
    pub fn folded() -> Self {
        Self::new(Analyzer::unstemmed(NormalizeOptions::search()), TermForm::Normalized)
    }

    /// Display-normalised terms: diacritics, hamza forms and case kept.
    pub fn exact() -> Self {
        Self::new(
            Analyzer::new(AnalyzerOptions {
                normalize: NormalizeOptions::display(),
                stemmer: Stemmer::None,
                keep_punct: false,
            }),
            TermForm::Normalized,
        )
    }

    /// Leave stopwords out of the token stream (positions keep their gaps).
    pub fn without_stopwords(mut self) -> Self {
        self.drop_stopwords = true;
        self
    }
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = ArabicTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicTokenStream<'a> {
        self.tokens.clear();
        let (form, drop) = (self.form, self.drop_stopwords);
        let tokens = &mut self.tokens;
        self.analyzer.analyze_with(text, |t| {
            if drop && t.stopword {
                return;
            }
            let term = match form {
                TermForm::Stem => t.stem,
                TermForm::Normalized => t.normalized,
            };
            tokens.push(Token {
                offset_from: t.token.start,
                offset_to: t.token.end,
                position: t.position as usize,
                text: term.to_string(),
                position_length: 1,
            });
        });
        ArabicTokenStream { tokens: &mut self.tokens, index: None }
    }
}

/// The token stream of [`ArabicTokenizer`].
pub struct ArabicTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    index: Option<usize>,
}

impl TokenStream for ArabicTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let next = self.index.map_or(0, |i| i + 1);
        self.index = Some(next);
        next < self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index.unwrap_or(0)]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index.unwrap_or(0)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::QueryParser;
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value};
    use tantivy::tokenizer::TextAnalyzer;
    use tantivy::{doc, Index, TantivyDocument};

    fn terms(tok: ArabicTokenizer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut a = TextAnalyzer::from(tok);
        let mut s = a.token_stream(text);
        let mut v = Vec::new();
        while let Some(t) = s.next() {
            v.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        v
    }

    #[test]
    fn presets() {
        let text = "وأكّدَ الوزيرُ على أهمية";
        let st = terms(ArabicTokenizer::stemmed(), text);
        assert_eq!(st.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["اكد", "زير", "علي", "اهم"]);
        let no_stop = terms(ArabicTokenizer::stemmed().without_stopwords(), text);
        assert_eq!(no_stop.len(), 3);
        assert_eq!(no_stop[2].3, 3, "positions keep the stopword's gap");
        let ex = terms(ArabicTokenizer::exact(), text);
        assert_eq!(ex[0].0, "وأك\u{651}د\u{64E}");
        let fo = terms(ArabicTokenizer::folded(), text);
        assert_eq!(fo[1].0, "الوزير");
        for (_, a, b, _) in &st {
            assert!(text.is_char_boundary(*a) && text.is_char_boundary(*b));
        }
        // An empty text gives an empty stream.
        assert!(terms(ArabicTokenizer::stemmed(), "").is_empty());
    }

    #[test]
    fn search_in_an_index() -> tantivy::Result<()> {
        let mut sb = Schema::builder();
        let indexing =
            TextFieldIndexing::default().set_tokenizer("ar").set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let body = sb.add_text_field("body", TextOptions::default().set_indexing_options(indexing).set_stored());
        let index = Index::create_in_ram(sb.build());
        index.tokenizers().register("ar", TextAnalyzer::from(ArabicTokenizer::stemmed()));
        let mut w = index.writer_with_num_threads(1, 15_000_000)?;
        w.add_document(doc!(body => "أعلنَ الرئيـــسُ عن المشاريعِ الجديدة في الرياض"))?;
        w.add_document(doc!(body => "فاز الهلال على النصر"))?;
        w.add_document(doc!(body => "والرئيس یزور مکة عام ٢٠٢٥"))?;
        w.commit()?;
        let searcher = index.reader()?.searcher();
        let qp = QueryParser::for_index(&index, vec![body]);
        let hits = |q: &str| -> Vec<String> {
            let q = qp.parse_query(q).unwrap();
            let top = searcher.search(&q, &TopDocs::with_limit(10)).unwrap();
            top.into_iter()
                .map(|(_, a)| {
                    let d: TantivyDocument = searcher.doc(a).unwrap();
                    d.get_first(body).and_then(|v| v.as_str()).unwrap_or("").to_string()
                })
                .collect()
        };
        assert_eq!(hits("رئيس").len(), 2);
        assert_eq!(hits("مشروع الجديد").len(), 1);
        assert_eq!(hits("مكة").len(), 1);
        assert_eq!(hits("2025").len(), 1);
        assert_eq!(hits("\"الهلال على النصر\"").len(), 1);
        Ok(())
    }
}
