//! Choosing and applying a page's character encoding.
//!
//! Trust, in this order: the HTTP `Content-Type` charset, a byte-order mark,
//! the page's own `<meta charset>` / `http-equiv` declaration, detection
//! (`chardetng`, which knows windows-1256 and ISO-8859-6). A declaration is
//! checked against the bytes: UTF-8 declared over bytes that are not UTF-8,
//! or a legacy charset declared over bytes that are valid multi-byte UTF-8,
//! or a declared charset whose decoding is clearly worse (replacement
//! characters, C1 controls, Latin letters inside Arabic words) than the
//! detected one's, is overridden, and the override is reported in
//! [`Decoded::note`].

use encoding_rs::{Encoding, UTF_8};

/// Where the encoding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// The HTTP `Content-Type` header.
    HttpHeader,
    /// A byte-order mark.
    Bom,
    /// `<meta charset>` or `<meta http-equiv="Content-Type">`.
    Meta,
    /// Guessed from the bytes.
    Detected,
}

impl CharsetSource {
    /// A short label (`http`, `bom`, `meta`, `detected`).
    pub fn label(self) -> &'static str {
        match self {
            CharsetSource::HttpHeader => "http",
            CharsetSource::Bom => "bom",
            CharsetSource::Meta => "meta",
            CharsetSource::Detected => "detected",
        }
    }
}

/// Decoded text with the encoding chosen.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text (BOM removed, NUL characters dropped).
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Why it was chosen.
    pub source: CharsetSource,
    /// When a declaration was overridden, or bytes did not decode cleanly.
    pub note: Option<String>,
}

/// The charset of a `Content-Type` value (`text/html; charset=windows-1256`).
pub fn charset_from_content_type(ct: &str) -> Option<&'static Encoding> {
    let lower = ct.to_ascii_lowercase();
    let pos = lower.find("charset")?;
    let rest = lower[pos + 7..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest.find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace()).unwrap_or(rest.len());
    Encoding::for_label(&rest.as_bytes()[..end])
}

/// The charset a page declares in its first 4 KiB (`<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`).
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut i = 0;
    while let Some(p) = memchr::memmem::find(&lower[i..], b"<meta") {
        let start = i + p;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = memchr::memmem::find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest: Vec<u8> = rest.iter().copied().skip_while(|b| b.is_ascii_whitespace()).collect();
            if let Some(r) = rest.strip_prefix(b"=") {
                let r: Vec<u8> =
                    r.iter().copied().skip_while(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'').collect();
                let label: Vec<u8> = r
                    .iter()
                    .copied()
                    .take_while(|b| !(b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b';' | b'/' | b'>')))
                    .collect();
                if let Some(e) = Encoding::for_label(&label) {
                    // The HTML spec reads a declared UTF-16 as UTF-8 (the bytes got here as ASCII).
                    return Some(if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE { UTF_8 } else { e });
                }
            }
        }
        i = end.max(start + 1);
        if i >= lower.len() {
            break;
        }
    }
    None
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c) || ('\u{0671}'..='\u{06D3}').contains(&c)
}

/// How badly a decoding went: replacement characters, C1 controls, and
/// Latin-1 letters glued to Arabic letters (a windows-1256 / ISO-8859-6 mix-up).
pub fn badness(text: &str) -> usize {
    let mut bad = 0;
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if c == '\u{FFFD}' || ('\u{0080}'..='\u{009F}').contains(&c) {
            bad += 1;
        }
        if let Some(p) = prev {
            let latin1 = |x: char| ('\u{00C0}'..='\u{00FF}').contains(&x);
            if (latin1(c) && is_arabic_letter(p)) || (latin1(p) && is_arabic_letter(c)) {
                bad += 1;
            }
        }
        prev = Some(c);
    }
    bad
}

fn multibyte_utf8(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok() && bytes.iter().filter(|&&b| b >= 0xC0).take(4).count() >= 4
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut d = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    d.feed(bytes, true);
    d.guess(None, chardetng::Utf8Detection::Deny)
}

fn decode_with(bytes: &[u8], enc: &'static Encoding) -> String {
    let body = match Encoding::for_bom(bytes) {
        Some((bom_enc, len)) if bom_enc == enc => &bytes[len..],
        _ => bytes,
    };
    let (text, _) = enc.decode_without_bom_handling(body);
    let mut s = text.into_owned();
    if s.contains('\0') {
        s.retain(|c| c != '\0');
    }
    s
}

/// Decode a page. `content_type` is the HTTP header value, when known.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let declared = content_type
        .and_then(charset_from_content_type)
        .map(|e| (e, CharsetSource::HttpHeader))
        .or_else(|| Encoding::for_bom(bytes).map(|(e, _)| (e, CharsetSource::Bom)))
        .or_else(|| meta_charset(bytes).map(|e| (e, CharsetSource::Meta)));
    let Some((enc, source)) = declared else {
        let enc = detect(bytes);
        let text = decode_with(bytes, enc);
        let note = (badness(&text) > 0).then(|| format!("{} characters could not be decoded cleanly", badness(&text)));
        return Decoded { text, encoding: enc, source: CharsetSource::Detected, note };
    };
    if enc == UTF_8 {
        if std::str::from_utf8(bytes).is_ok() {
            return Decoded { text: decode_with(bytes, UTF_8), encoding: UTF_8, source, note: None };
        }
        let det = detect(bytes);
        let text = decode_with(bytes, det);
        let note =
            Some(format!("declared UTF-8 ({}) but the bytes are not UTF-8; decoded as {}", source.label(), det.name()));
        return Decoded { text, encoding: det, source: CharsetSource::Detected, note };
    }
    if enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE && multibyte_utf8(bytes) {
        let note = Some(format!("declared {} ({}) but the bytes are UTF-8", enc.name(), source.label()));
        return Decoded { text: decode_with(bytes, UTF_8), encoding: UTF_8, source: CharsetSource::Detected, note };
    }
    let text = decode_with(bytes, enc);
    let bad = badness(&text);
    if bad > 0 {
        let det = detect(bytes);
        if det != enc {
            let alt = decode_with(bytes, det);
            if badness(&alt) * 4 + 2 < bad {
                let note = Some(format!(
                    "declared {} ({}) does not fit the bytes; decoded as {}",
                    enc.name(),
                    source.label(),
                    det.name()
                ));
                return Decoded { text: alt, encoding: det, source: CharsetSource::Detected, note };
            }
        }
    }
    Decoded { text, encoding: enc, source, note: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{ISO_8859_6, WINDOWS_1256};

    const AR: &str =
        "وصل وزير الخارجية إلى الرياض صباح اليوم في زيارة رسمية تستمر ثلاثة أيام، يبحث خلالها العلاقات الثنائية.";

    fn enc(e: &'static Encoding, s: &str) -> Vec<u8> {
        let (b, _, bad) = e.encode(s);
        assert!(!bad);
        b.into_owned()
    }

    #[test]
    fn content_type_and_meta() {
        assert_eq!(charset_from_content_type("text/html; charset=Windows-1256"), Some(WINDOWS_1256));
        assert_eq!(charset_from_content_type("text/html;charset=\"iso-8859-6\""), Some(ISO_8859_6));
        assert_eq!(charset_from_content_type("text/html"), None);
        assert_eq!(meta_charset(b"<html><head><META CHARSET='windows-1256'>"), Some(WINDOWS_1256));
        assert_eq!(
            meta_charset(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-6\">"),
            Some(ISO_8859_6)
        );
        assert_eq!(meta_charset(b"<meta name=x content=y>"), None);
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode_html(AR.as_bytes(), None);
        assert_eq!((d.text.as_str(), d.source), (AR, CharsetSource::Detected));
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(AR.as_bytes());
        let d = decode_html(&b, None);
        assert_eq!((d.text.as_str(), d.source), (AR, CharsetSource::Bom));
    }

    #[test]
    fn windows_1256_and_iso_8859_6() {
        let page = format!("<html><head><meta charset=\"windows-1256\"></head><body><p>{AR}</p></body></html>");
        let d = decode_html(&enc(WINDOWS_1256, &page), None);
        assert_eq!((d.encoding, d.source), (WINDOWS_1256, CharsetSource::Meta));
        assert!(d.text.contains(AR));
        // Detected without any declaration.
        let d = decode_html(&enc(WINDOWS_1256, &format!("<p>{AR} {AR}</p>")), None);
        assert_eq!(d.encoding, WINDOWS_1256);
        assert!(d.text.contains(AR));
        // ISO-8859-6 by HTTP header.
        let plain = AR.replace('،', ",");
        let d = decode_html(&enc(ISO_8859_6, &plain), Some("text/html; charset=ISO-8859-6"));
        assert_eq!((d.encoding, d.source), (ISO_8859_6, CharsetSource::HttpHeader));
        assert_eq!(d.text, plain);
    }

    #[test]
    fn wrong_declarations_are_overridden() {
        // Says UTF-8, is windows-1256.
        let page = format!("<meta charset=utf-8><p>{AR}</p>");
        let d = decode_html(&enc(WINDOWS_1256, &page), None);
        assert_eq!(d.encoding, WINDOWS_1256);
        assert!(d.text.contains(AR) && d.note.is_some());
        // Says windows-1256, is UTF-8.
        let page = format!("<meta charset=windows-1256><p>{AR}</p>");
        let d = decode_html(page.as_bytes(), None);
        assert_eq!(d.encoding, UTF_8);
        assert!(d.text.contains(AR) && d.note.is_some());
        // Header says ISO-8859-6, bytes are windows-1256.
        let d = decode_html(&enc(WINDOWS_1256, &format!("<p>{AR}</p>")), Some("text/html; charset=iso-8859-6"));
        assert_eq!(d.encoding, WINDOWS_1256, "{:?}", d.note);
        assert!(d.text.contains(AR));
    }

    #[test]
    fn nul_bytes_are_dropped() {
        let d = decode_html(b"<p>a\0b</p>", None);
        assert_eq!(d.text, "<p>ab</p>");
    }
}
