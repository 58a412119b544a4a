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

/// Byte spans of the whitespace-separated words of `s` (NBSP and bidi
/// marks count as space).
pub(crate) fn word_spans(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if is_trim_char(c) {
            if let Some(st) = start.take() {
                out.push((st, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st, s.len()));
    }
    out
}

/// Byte spans of the first `max` words of `s`.
pub(crate) fn head_spans(s: &str, max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(max.min(16));
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if is_trim_char(c) {
            if let Some(st) = start.take() {
                out.push((st, i));
                if out.len() == max {
                    return out;
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        if out.len() < max {
            out.push((st, s.len()));
        }
    }
    out
}

/// Byte spans of the last `max` words of `s`, in text order.
pub(crate) fn tail_spans(s: &str, max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(max.min(16));
    let mut end: Option<usize> = None;
    let mut last_start = s.len();
    for (i, c) in s.char_indices().rev() {
        if is_trim_char(c) {
            if let Some(e) = end.take() {
                out.push((last_start, e));
                if out.len() == max {
                    break;
                }
            }
        } else {
            if end.is_none() {
                end = Some(i + c.len_utf8());
            }
            last_start = i;
        }
    }
    if let Some(e) = end {
        if out.len() < max {
            out.push((last_start, e));
        }
    }
    out.reverse();
    out
}

/// Decode the HTML character references that leak into scraped text
/// (`&quot;`, `&amp;`, `&#1575;`, `&#x627;`, `&nbsp;` …). Unknown ones stay.
pub(crate) fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        let end = tail.char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "quot" => Some('"'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                "laquo" => Some('«'),
                "raquo" => Some('»'),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                "hellip" => Some('…'),
                "rlm" | "lrm" | "zwnj" | "zwj" => Some('\u{200B}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let v = match num.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(v).filter(|c| *c != '\0')
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                if c != '\u{200B}' {
                    out.push(c);
                }
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Sentence-ending or clause punctuation (Latin and Arabic).
pub(crate) fn is_sentence_punct(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '،' | '؛' | ';' | ',' | '…')
}

/// Dashes a byline uses between its parts (tatweel only when standing alone).
pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‒' | '−')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode() {
        assert_eq!(decode_entities("&quot;الحقباني&quot; يفوز &amp; يتوج"), "\"الحقباني\" يفوز & يتوج");
        assert_eq!(decode_entities("&#1575;&#x644;"), "ال");
        assert_eq!(decode_entities("a & b &unknown; &#0;"), "a & b &unknown; &#0;");
        assert_eq!(decode_entities("نص&rlm;"), "نص");
    }

    #[test]
    fn head_and_tail_spans() {
        let s = " أ ب  ج\u{200f} د ";
        let all = word_spans(s);
        assert_eq!(head_spans(s, 2), all[..2]);
        assert_eq!(head_spans(s, 9), all);
        assert_eq!(tail_spans(s, 2), all[2..]);
        assert_eq!(tail_spans(s, 9), all);
        assert!(tail_spans("  ", 3).is_empty() && head_spans("", 3).is_empty());
    }

    #[test]
    fn spans() {
        let s = "\u{a0}سبق- الرياض:\u{a0}توج";
        let w: Vec<&str> = word_spans(s).into_iter().map(|(a, b)| &s[a..b]).collect();
        assert_eq!(w, ["سبق-", "الرياض:", "توج"]);
    }

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
