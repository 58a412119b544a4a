//! Sentence splitting for Arabic (and mixed) news text.
//!
//! Sentences end at `.` `!` `?` `؟` `؛` `…` `۔` and at line breaks. A
//! terminator does **not** end a sentence when it is
//! * inside a number, URL or e-mail (the [tokenizer](mod@crate::tokenize) keeps
//!   those whole: `3.5`, `spa.gov.sa`);
//! * a `.` right after an abbreviation: a single letter (`د.` doctor, `م.`
//!   engineer / AD, `ص.` page, `هـ.` Hijri, `أ.د.` professor, `U.S.`) or one
//!   of a few Latin titles (`Dr. Mr. Mrs. Prof. St. Inc. Ltd. Co. vs.`);
//! * a `.` between two Latin words with no space around it (`spa.gov`);
//! * inside a short quotation: `«…»`, `“…”` or `"…"` closed within
//!   [`SentenceOptions::max_quote_len`] bytes on the same line.
//!
//! Closing quotes and brackets right after a terminator stay with the
//! sentence it ends (`قال: «انتهى.»`). Sentences are returned as byte ranges
//! of the original text, trimmed of white space.
//!
//! The Arabic comma `،` does not end a sentence by default: news writers use
//! it where English uses full stops *and* where it uses commas, so splitting
//! on it gives clauses, not sentences. [`SentenceOptions::split_on_comma`]
//! turns clause splitting on.
//!
//! ```
//! use marsad_arabic::sentences::sentences;
//!
//! let text = "قال د. محمد: «النمو بلغ 3.5% هذا العام. وهو رقم قياسي». وأضاف أن المشروع انتهى؟ نعم\nسطر جديد";
//! let s: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
//! assert_eq!(s, [
//!     "قال د. محمد: «النمو بلغ 3.5% هذا العام. وهو رقم قياسي».",
//!     "وأضاف أن المشروع انتهى؟",
//!     "نعم",
//!     "سطر جديد",
//! ]);
//! ```

use std::ops::Range;

use crate::normalize::{normalize_str, NormalizeOptions};
use crate::tokenize::{tokens, Token, TokenKind};

/// Sentence splitter options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceOptions {
    /// Split at line breaks (default: yes).
    pub split_on_newline: bool,
    /// Split at the Arabic semicolon `؛` and `;` (default: yes).
    pub split_on_semicolon: bool,
    /// Split at the Arabic comma `،` (default: no; gives clauses).
    pub split_on_comma: bool,
    /// A quotation closed within this many bytes (on one line) is not split
    /// inside (default 400 bytes, about 200 Arabic letters).
    pub max_quote_len: usize,
}

impl Default for SentenceOptions {
    fn default() -> Self {
        SentenceOptions { split_on_newline: true, split_on_semicolon: true, split_on_comma: false, max_quote_len: 400 }
    }
}

/// Split `text` into sentence byte ranges with the default options.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    sentences_with(text, &SentenceOptions::default())
}

const LATIN_ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "inc", "ltd", "co", "vs", "gen", "col", "lt", "capt", "sgt",
    "rev", "hon", "mt", "no",
];

fn is_terminator(tok: &Token<'_>, o: &SentenceOptions) -> bool {
    if tok.kind != TokenKind::Punct {
        return false;
    }
    match tok.text.chars().next() {
        Some('.' | '!' | '?' | '؟' | '…' | '۔') => true,
        Some('؛' | ';') => o.split_on_semicolon,
        Some('،') => o.split_on_comma,
        _ => false,
    }
}

fn is_closer(tok: &Token<'_>) -> bool {
    tok.kind == TokenKind::Punct
        && matches!(tok.text.chars().next(), Some('»' | '”' | '"' | '\'' | '’' | ')' | ']' | '}' | '›'))
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '«' => Some('»'),
        '“' => Some('”'),
        '"' => Some('"'),
        '‹' => Some('›'),
        _ => None,
    }
}

fn is_abbreviation(word: &Token<'_>) -> bool {
    if word.kind != TokenKind::Word {
        return false;
    }
    let n = normalize_str(word.text, &NormalizeOptions::search());
    let letters = n.chars().count();
    if letters == 1 {
        return true;
    }
    LATIN_ABBREVIATIONS.contains(&n.as_ref())
}

/// Split `text` into sentence byte ranges.
pub fn sentences_with(text: &str, o: &SentenceOptions) -> Vec<Range<usize>> {
    let toks: Vec<Token<'_>> = tokens(text).collect();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote_until = 0usize;
    let mut i = 0;
    let has_newline = |a: usize, b: usize| text[a..b].contains('\n');
    while i < toks.len() {
        let t = toks[i];
        // A line break before this token ends the open sentence.
        if o.split_on_newline && i > 0 && has_newline(toks[i - 1].end, t.start) {
            if let Some(s) = start.take() {
                out.push(s..toks[i - 1].end);
            }
            quote_until = 0;
        }
        if start.is_none() {
            start = Some(t.start);
        }
        // An opening quote closed soon on the same line shields its content.
        if t.kind == TokenKind::Punct && t.start >= quote_until {
            if let Some(close) = t.text.chars().next().and_then(closing_quote) {
                let limit = (t.end + o.max_quote_len).min(text.len());
                let mut lim = limit;
                while !text.is_char_boundary(lim) {
                    lim -= 1;
                }
                let window = &text[t.end..lim];
                let window = match window.find('\n') {
                    Some(nl) if o.split_on_newline => &window[..nl],
                    _ => window,
                };
                if let Some(p) = window.find(close) {
                    quote_until = t.end + p;
                }
            }
        }
        if !is_terminator(&t, o) {
            i += 1;
            continue;
        }
        if t.start < quote_until {
            // Inside a quotation: only a terminator right before its closing
            // quote ends the sentence («…انتهى.» ثم).
            let closes = toks.get(i + 1).is_some_and(|n| n.start == quote_until && n.start == t.end);
            if !closes {
                i += 1;
                continue;
            }
        }
        // A '.' that is not an end: abbreviation, or glued between Latin words.
        if t.text == "." && i > 0 {
            let prev = toks[i - 1];
            let glued_prev = prev.end == t.start;
            if glued_prev && is_abbreviation(&prev) {
                i += 1;
                continue;
            }
            if let Some(next) = toks.get(i + 1) {
                let glued_next = next.start == t.end;
                let latin =
                    |x: &Token<'_>| x.kind == TokenKind::Word && x.text.chars().all(|c| c.is_ascii_alphanumeric());
                if glued_prev && glued_next && latin(&prev) && latin(next) {
                    i += 1;
                    continue;
                }
                if next.kind == TokenKind::Word
                    && next.text.chars().next().is_some_and(|c| c.is_lowercase())
                    && latin(next)
                {
                    i += 1;
                    continue;
                }
            }
        }
        // The end: take following terminators and closers along.
        let mut end = t.end;
        let mut j = i + 1;
        while let Some(n) = toks.get(j) {
            if has_newline(end, n.start) && o.split_on_newline {
                break;
            }
            if is_terminator(n, o) || is_closer(n) {
                end = n.end;
                j += 1;
            } else {
                break;
            }
        }
        if let Some(s) = start.take() {
            out.push(s..end);
        }
        quote_until = 0;
        i = j;
    }
    if let (Some(s), Some(last)) = (start, toks.last()) {
        out.push(s..last.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn basic() {
        assert_eq!(split("جملة أولى. جملة ثانية! ثالثة؟ رابعة"), ["جملة أولى.", "جملة ثانية!", "ثالثة؟", "رابعة"]);
        assert_eq!(split(""), Vec::<&str>::new());
        assert_eq!(split("   \n "), Vec::<&str>::new());
        assert_eq!(split("أ؛ ب"), ["أ؛", "ب"]);
        assert_eq!(split("أ، ب"), ["أ، ب"]);
    }

    #[test]
    fn numbers_urls_abbreviations() {
        assert_eq!(split("نما 3.5% في ٢٫٥ شهر. تم"), ["نما 3.5% في ٢٫٥ شهر.", "تم"]);
        assert_eq!(split("زر spa.gov.sa الآن. تم"), ["زر spa.gov.sa الآن.", "تم"]);
        assert_eq!(split("قال أ.د. علي إن 1436هـ. عام"), ["قال أ.د. علي إن 1436هـ. عام"]);
        assert_eq!(split("Dr. Smith said. Then"), ["Dr. Smith said.", "Then"]);
        assert_eq!(split("انتهى... ثم بدأ"), ["انتهى...", "ثم بدأ"]);
        assert_eq!(split("ماذا؟! لا"), ["ماذا؟!", "لا"]);
    }

    #[test]
    fn quotes() {
        assert_eq!(split("قال: «انتهى. تماما». ثم"), ["قال: «انتهى. تماما».", "ثم"]);
        assert_eq!(split("قال: «انتهى.» ثم"), ["قال: «انتهى.»", "ثم"]);
        assert_eq!(split("قال \"نعم. لا\" ثم."), ["قال \"نعم. لا\" ثم."]);
        // An unclosed quote does not swallow the text.
        assert_eq!(split("قال: «نعم. لا"), ["قال: «نعم.", "لا"]);
    }

    #[test]
    fn newlines() {
        assert_eq!(split("عنوان\nنص الخبر. تم\n\nفقرة"), ["عنوان", "نص الخبر.", "تم", "فقرة"]);
        let o = SentenceOptions { split_on_newline: false, ..SentenceOptions::default() };
        assert_eq!(sentences_with("عنوان\nنص", &o).len(), 1);
    }
}
