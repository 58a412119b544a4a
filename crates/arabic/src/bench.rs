//! Throughput of the text chain, for `marsad bench text`.
//!
//! [`bench_text`] runs the default [`Analyzer`] (tokenise + Search
//! normalisation + stopword flag + light stem) over texts that are already in
//! memory, on the calling thread, and reports bytes per second. Loading the
//! texts is the caller's business and is not timed.
//!
//! ```
//! let texts = ["قال الوزير إن النمو بلغ ٣٫٥٪.", "Reuters: oil rose 2%."];
//! let s = marsad_arabic::bench::bench_text(texts.iter().copied());
//! assert_eq!(s.docs, 2);
//! assert!(s.words >= 8);
//! assert!(s.to_json().starts_with("{\"docs\":2,"));
//! ```

use std::time::Instant;

use crate::analyzer::Analyzer;
use crate::tokenize::TokenKind;

/// What [`bench_text`] measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextBenchStats {
    /// Texts processed.
    pub docs: u64,
    /// Bytes of UTF-8 processed.
    pub bytes: u64,
    /// Content tokens emitted (words, numbers, URLs…).
    pub tokens: u64,
    /// Word tokens.
    pub words: u64,
    /// Word tokens flagged as stopwords.
    pub stopwords: u64,
    /// Distinct-free checksum of the stems' lengths (keeps the work from
    /// being optimised away; also a cheap regression signal).
    pub checksum: u64,
    /// Wall-clock seconds of the analysis.
    pub seconds: f64,
    /// `bytes / 1e6 / seconds`.
    pub mb_per_s: f64,
}

impl TextBenchStats {
    /// One JSON object with every field, e.g. for `marsad bench text --json`.
    pub fn to_json(&self) -> String {
        format!(
            "{{\"docs\":{},\"bytes\":{},\"tokens\":{},\"words\":{},\"stopwords\":{},\"checksum\":{},\"seconds\":{:.6},\"mb_per_s\":{:.3}}}",
            self.docs,
            self.bytes,
            self.tokens,
            self.words,
            self.stopwords,
            self.checksum,
            self.seconds,
            self.mb_per_s
        )
    }
}

/// Normalise + tokenise + stem `texts` with the default [`Analyzer`], timed.
pub fn bench_text<'a, I>(texts: I) -> TextBenchStats
where
    I: IntoIterator<Item = &'a str>,
{
    bench_text_with(texts, &Analyzer::default())
}

/// [`bench_text`] with a given analyzer.
pub fn bench_text_with<'a, I>(texts: I, analyzer: &Analyzer) -> TextBenchStats
where
    I: IntoIterator<Item = &'a str>,
{
    let mut s = TextBenchStats::default();
    let t0 = Instant::now();
    for text in texts {
        s.docs += 1;
        s.bytes += text.len() as u64;
        analyzer.analyze_with(text, |t| {
            s.tokens += 1;
            if t.token.kind == TokenKind::Word {
                s.words += 1;
                s.stopwords += t.stopword as u64;
            }
            s.checksum = s.checksum.wrapping_mul(31).wrapping_add(t.stem.len() as u64 + t.normalized.len() as u64);
        });
    }
    s.seconds = t0.elapsed().as_secs_f64();
    s.mb_per_s = if s.seconds > 0.0 { s.bytes as f64 / 1e6 / s.seconds } else { 0.0 };
    s
}
