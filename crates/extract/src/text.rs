//! Small text helpers shared by the readers.

use marsad_model::Paragraph;

/// Characters to trim around lines: whitespace, NBSP, bidi and zero-width marks, BOM.
pub(crate) fn is_trim_char(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{00A0}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Trim whitespace and invisible marks at both ends.
pub(crate) fn clean_line(s: &str) -> &str {
    s.trim_matches(is_trim_char)
}

/// Split text into paragraphs on line breaks; blank lines dropped,
/// inner whitespace runs collapsed.
pub(crate) fn paragraphs(text: &str) -> Vec<Paragraph> {
    text.split(['\n', '\r', '\u{2028}', '\u{2029}'])
        .map(clean_line)
        .filter(|l| !l.is_empty())
        .map(|l| Paragraph::text(collapse_spaces(l)))
        .collect()
}

/// Collapse runs of whitespace (including NBSP) to one space.
pub(crate) fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{00A0}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Display normalisation for short labels (tags, names): Persian letters
/// typed on other keyboards (ی ک ۀ) become their Arabic forms.
pub(crate) fn fold_persian(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ی' => 'ي',
            'ک' => 'ك',
            'ۀ' => 'ة',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_trim_and_collapse() {
        let p = paragraphs(" \u{200f}سطر  أول\u{a0}\n\n\r\n  سطر ثان ");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].text, "سطر أول");
        assert_eq!(p[1].text, "سطر ثان");
    }

    #[test]
    fn persian_letters_fold() {
        assert_eq!(fold_persian("الرئیس الأمریکی"), "الرئيس الأمريكي");
    }
}
