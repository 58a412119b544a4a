//! Tokenisation of mixed Arabic/Latin/digit text.
//!
//! The tokenizer works on the **original** text, so every [`Token`]'s `start`
//! and `end` are byte offsets into it (on character boundaries) and
//! `&text[start..end] == token.text`. Normalised forms are computed per token
//! afterwards (see [`Token::normalized_into`] and [`crate::analyzer`]).
//!
//! Rules, in the order they are tried at a token start:
//!
//! * **URL**: `http://`, `https://`, `ftp://` or `www.` (any case) up to
//!   white space, a quote or a bidi mark; Arabic letters in the path are kept;
//!   trailing punctuation (`. , ; : ! ? ، ؛ ؟ …` and unbalanced `)`) is left
//!   out.
//! * **E-mail**: `local@domain.tld` in ASCII.
//! * **Hashtag**: `#` + letters/digits/`_` of any script (`#السعودية_اليوم`).
//! * **Mention**: `@` + ASCII letters/digits/`_`.
//! * **Number**: ASCII, Arabic-Indic (٠–٩) or Persian (۰–۹) digits, with
//!   decimal separators (`.` `٫`) and grouping separators (`٬` always, `,`
//!   only before exactly three digits) between digits; followed directly by
//!   `%` or `٪` it is a **Percent**. A number glued to Latin letters is a word
//!   (`G20`, `4G`), a number glued to Arabic letters is split (`2015م` →
//!   `2015`, `م`).
//! * **Word**: a run of letters of one script family (Arabic, Latin, other)
//!   with its combining marks, tatweel and zero-width joiners; the Arabic and
//!   Latin parts of `الـiPhone` are two words. An apostrophe between Latin
//!   letters stays inside (`don't`).
//! * **Punct**: a run of one repeated punctuation character (`...`, `؟؟`), or
//!   a single one.
//! * **Symbol**: anything else that is not white space (emoji with their
//!   modifiers, currency signs); bidi controls and zero-width spaces between
//!   tokens are skipped like white space.
//!
//! ```
//! use marsad_arabic::tokenize::{tokenize, TokenKind};
//!
//! let toks = tokenize("ارتفع المؤشر ٢٫٥٪ إلى 7,512 نقطة #تاسي");
//! let kinds: Vec<_> = toks.iter().map(|t| (t.text, t.kind)).collect();
//! assert_eq!(kinds, [
//!     ("ارتفع", TokenKind::Word), ("المؤشر", TokenKind::Word),
//!     ("٢٫٥٪", TokenKind::Percent), ("إلى", TokenKind::Word),
//!     ("7,512", TokenKind::Number), ("نقطة", TokenKind::Word),
//!     ("#تاسي", TokenKind::Hashtag),
//! ]);
//! ```

use std::fmt;

use crate::normalize::{is_bidi_control, normalize_into, NormalizeOptions, Normalizer};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    /// Letters (with marks) of one script.
    Word,
    /// Digits with decimal/grouping separators.
    Number,
    /// A number followed by `%` or `٪`.
    Percent,
    /// `#` + word characters.
    Hashtag,
    /// `@` + ASCII word characters.
    Mention,
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
    /// Punctuation.
    Punct,
    /// Anything else that is not white space.
    Symbol,
}

impl TokenKind {
    /// Lower-case name: `word`, `number`, `percent`, `hashtag`, `mention`,
    /// `url`, `email`, `punct`, `symbol`.
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Percent => "percent",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Mention => "mention",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Punct => "punct",
            TokenKind::Symbol => "symbol",
        }
    }

    /// Whether the token carries content for search (not punctuation or a
    /// symbol).
    pub fn is_content(self) -> bool {
        !matches!(self, TokenKind::Punct | TokenKind::Symbol)
    }
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A token: a slice of the original text and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token<'a> {
    /// The original text of the token, `&source[start..end]`.
    pub text: &'a str,
    /// Byte offset of the first byte in the original text.
    pub start: usize,
    /// Byte offset just past the last byte in the original text.
    pub end: usize,
    /// What the token is.
    pub kind: TokenKind,
}

impl Token<'_> {
    /// Append this token's normalised form to `out`:
    ///
    /// * words, hashtags, mentions: `opts` (normally [`NormalizeOptions::search`]);
    /// * numbers: ASCII digits, `.` for the decimal separator, no grouping
    ///   (`١٬٢٣٤٫٥` → `1234.5`); percents add `%`;
    /// * e-mails: lowercased; URLs, punctuation, symbols: [`NormalizeOptions::display`].
    pub fn normalized_into(&self, opts: &NormalizeOptions, out: &mut String) {
        match self.kind {
            TokenKind::Word | TokenKind::Hashtag | TokenKind::Mention => normalize_into(self.text, opts, out),
            TokenKind::Number | TokenKind::Percent => number_normal_form(self.text, out),
            TokenKind::Email => {
                for c in self.text.chars() {
                    out.push(c.to_ascii_lowercase());
                }
            }
            TokenKind::Url | TokenKind::Punct | TokenKind::Symbol => {
                normalize_into(self.text, &NormalizeOptions::display(), out)
            }
        }
    }

    /// [`Token::normalized_into`] with a compiled [`Normalizer`] for words,
    /// hashtags and mentions (faster when normalising many tokens).
    #[inline]
    pub fn normalized_with(&self, normalizer: &Normalizer, out: &mut String) {
        match self.kind {
            TokenKind::Word | TokenKind::Hashtag | TokenKind::Mention => normalizer.normalize_into(self.text, out),
            _ => self.normalized_into(normalizer.options(), out),
        }
    }

    /// This token's normalised form (see [`Token::normalized_into`]).
    pub fn normalized(&self, opts: &NormalizeOptions) -> String {
        let mut s = String::with_capacity(self.text.len());
        self.normalized_into(opts, &mut s);
        s
    }
}

/// Tokenise `text` into a vector.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    tokens(text).collect()
}

/// An iterator over the tokens of `text` (no allocation).
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, pos: 0 }
}

/// The iterator returned by [`tokens`].
#[derive(Clone, Debug)]
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    /// The byte offset where the next token search starts.
    pub fn offset(&self) -> usize {
        self.pos
    }
}

/// The digit value of an ASCII, Arabic-Indic or Persian digit.
#[inline]
pub fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{0660}'..='\u{0669}' => Some((c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => Some((c as u32 - 0x06F0) as u8),
        _ => None,
    }
}

fn number_normal_form(text: &str, out: &mut String) {
    for c in text.chars() {
        if let Some(d) = digit_value(c) {
            out.push(char::from(b'0' + d));
        } else {
            match c {
                '.' | '٫' => out.push('.'),
                ',' | '٬' | '\u{200f}' | '\u{200e}' | '\u{061c}' => {}
                '%' | '٪' => out.push('%'),
                _ => out.push(c),
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cls {
    Space,
    Skip,
    Arabic,
    Latin,
    Other,
    Digit,
    /// Combining mark, tatweel, ZWNJ/ZWJ, soft hyphen: continues a word.
    Mark,
    Punct,
    Symbol,
}

#[inline]
fn cls(c: char) -> Cls {
    let u = c as u32;
    if u < 0x80 {
        return match c {
            'a'..='z' | 'A'..='Z' => Cls::Latin,
            '0'..='9' => Cls::Digit,
            ' ' | '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' => Cls::Space,
            '\0'..='\u{1F}' | '\u{7F}' => Cls::Skip,
            '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~' => Cls::Symbol,
            _ => Cls::Punct,
        };
    }
    if (0x0600..=0x06FF).contains(&u) {
        return ARABIC_CLS[(u - 0x0600) as usize];
    }
    cls_slow(c)
}

const fn arabic_block_cls(u: u32) -> Cls {
    match u {
        0x0621..=0x063F | 0x0641..=0x064A | 0x066E..=0x066F | 0x0671..=0x06D3 | 0x06D5 => Cls::Arabic,
        0x06EE..=0x06EF | 0x06FA..=0x06FC | 0x06FF => Cls::Arabic,
        0x0640 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 => Cls::Mark,
        0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7..=0x06E8 | 0x06EA..=0x06ED => Cls::Mark,
        0x0660..=0x0669 | 0x06F0..=0x06F9 => Cls::Digit,
        0x061C => Cls::Skip,
        0x0600..=0x0605 | 0x06DD => Cls::Skip,
        0x060C..=0x060D | 0x061B | 0x061D..=0x061F | 0x066A..=0x066D | 0x06D4 => Cls::Punct,
        0x0609..=0x060A => Cls::Punct,
        _ => Cls::Symbol,
    }
}

/// The class of each character of the Arabic block, U+0600–U+06FF.
static ARABIC_CLS: [Cls; 256] = {
    let mut t = [Cls::Symbol; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = arabic_block_cls(0x0600 + i as u32);
        i += 1;
    }
    t
};

#[cold]
fn cls_slow(c: char) -> Cls {
    let u = c as u32;
    match u {
        0x200C | 0x200D | 0x00AD | 0x034F => return Cls::Mark,
        0x200B | 0x2060..=0x2064 | 0xFEFF | 0x180E => return Cls::Skip,
        0x0750..=0x077F | 0x08A0..=0x08D2 | 0xFB50..=0xFD3D | 0xFD50..=0xFDFB | 0xFE70..=0xFEFC => return Cls::Arabic,
        0x08D3..=0x08FF => return Cls::Mark,
        0xFD3E | 0xFD3F => return Cls::Punct,
        0x00AB | 0x00BB | 0x00A1 | 0x00BF | 0x00B7 | 0x2010..=0x2027 | 0x2030..=0x205E => return Cls::Punct,
        0x3000..=0x303F | 0xFE10..=0xFE1F | 0xFE30..=0xFE4F | 0xFF01..=0xFF0F => return Cls::Punct,
        _ => {}
    }
    if is_bidi_control(c) {
        return Cls::Skip;
    }
    if c.is_whitespace() {
        return Cls::Space;
    }
    if unicode_normalization::char::is_combining_mark(c) || matches!(u, 0xFE00..=0xFE0F) {
        return Cls::Mark;
    }
    if c.is_alphabetic() {
        // Latin-1 Supplement letters, Latin Extended-A/B, IPA, Latin Extended Additional.
        if matches!(u, 0x00C0..=0x024F | 0x1E00..=0x1EFF) {
            return Cls::Latin;
        }
        return Cls::Other;
    }
    if c.is_numeric() {
        return Cls::Other;
    }
    if c.is_control() {
        return Cls::Skip;
    }
    Cls::Symbol
}

#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

impl<'a> Tokens<'a> {
    fn make(&mut self, start: usize, end: usize, kind: TokenKind) -> Token<'a> {
        self.pos = end;
        Token { text: &self.text[start..end], start, end, kind }
    }

    /// Scan a word of class `family` from `i`; returns the end and whether a
    /// letter was seen.
    fn scan_word(&self, mut i: usize, family: Cls) -> (usize, bool) {
        let t = self.text;
        let b = t.as_bytes();
        let mut letter = false;
        loop {
            if family == Cls::Arabic {
                // Two-byte characters of the Arabic block, by table.
                while i + 1 < b.len() && (0xD8..=0xDB).contains(&b[i]) {
                    let u = (((b[i] & 0x1F) as usize) << 6) | (b[i + 1] & 0x3F) as usize;
                    match ARABIC_CLS[u - 0x600] {
                        Cls::Arabic => letter = true,
                        Cls::Mark => {}
                        _ => return (i, letter),
                    }
                    i += 2;
                }
            }
            let Some(c) = char_at(t, i) else { break };
            let k = cls(c);
            let latin_digit = family == Cls::Latin && k == Cls::Digit && c.is_ascii_digit();
            if k == family {
                letter = true;
            } else if k == Cls::Mark || latin_digit {
            } else if family == Cls::Latin && (c == '\'' || c == '’') && letter {
                // An apostrophe between Latin letters.
                match char_at(t, i + c.len_utf8()) {
                    Some(n) if cls(n) == Cls::Latin => {}
                    _ => break,
                }
            } else {
                break;
            }
            i += c.len_utf8();
        }
        (i, letter)
    }

    /// Scan a number from `start` (a digit); returns its end.
    fn scan_number(&self, start: usize) -> usize {
        let t = self.text;
        let mut i = start;
        loop {
            // Digits.
            while let Some(c) = char_at(t, i) {
                if digit_value(c).is_some() {
                    i += c.len_utf8();
                } else {
                    break;
                }
            }
            // A separator between digits?
            let Some(sep) = char_at(t, i) else { break };
            let mut after = i + sep.len_utf8();
            // A bidi mark after a decimal point (`8.\u{200f}1`, as some
            // Arabic sites write their decimals) stays inside the number.
            if matches!(sep, '.' | '٫') {
                if let Some(m @ ('\u{200f}' | '\u{200e}' | '\u{061c}')) = char_at(t, after) {
                    if char_at(t, after + m.len_utf8()).is_some_and(|n| digit_value(n).is_some()) {
                        after += m.len_utf8();
                    }
                }
            }
            let next_is_digit = char_at(t, after).is_some_and(|n| digit_value(n).is_some());
            if !next_is_digit {
                break;
            }
            match sep {
                '.' | '٫' | '٬' => i = after,
                ',' => {
                    // Grouping only before exactly three digits.
                    let mut j = after;
                    let mut n = 0;
                    while let Some(c) = char_at(t, j) {
                        if digit_value(c).is_some() {
                            n += 1;
                            j += c.len_utf8();
                        } else {
                            break;
                        }
                    }
                    if n == 3 {
                        i = after;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        i
    }

    fn scan_url(&self, start: usize) -> usize {
        let t = self.text;
        let mut i = start;
        let mut open = 0i32;
        let mut close = 0i32;
        while let Some(c) = char_at(t, i) {
            if c.is_whitespace()
                || is_bidi_control(c)
                || matches!(c, '"' | '<' | '>' | '«' | '»' | '“' | '”' | '\u{200B}' | '\u{FEFF}' | '،' | '؛')
            {
                break;
            }
            if c == '(' {
                open += 1;
            } else if c == ')' {
                close += 1;
            }
            i += c.len_utf8();
        }
        // Trim trailing punctuation.
        while let Some(c) = t[start..i].chars().next_back() {
            let trim = match c {
                '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '…' | '؟' | ']' | '}' => true,
                ')' => close > open,
                _ => false,
            };
            if !trim {
                break;
            }
            if c == ')' {
                close -= 1;
            }
            i -= c.len_utf8();
        }
        i
    }

    /// `local@domain.tld` starting at `start`, or `None`.
    fn scan_email(&self, start: usize) -> Option<usize> {
        let b = self.text.as_bytes();
        let mut i = start;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b"._%+-".contains(&b[i])) {
            i += 1;
        }
        if i == start || i >= b.len() || b[i] != b'@' || b[i - 1] == b'.' {
            return None;
        }
        i += 1;
        let dom = i;
        let mut labels = 0;
        let mut last_label_alpha = false;
        loop {
            let ls = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
                i += 1;
            }
            if i == ls {
                break;
            }
            labels += 1;
            last_label_alpha = i - ls >= 2 && b[ls..i].iter().all(|x| x.is_ascii_alphabetic());
            if i + 1 < b.len() && b[i] == b'.' && (b[i + 1].is_ascii_alphanumeric()) {
                i += 1;
            } else {
                break;
            }
        }
        if i > dom && labels >= 2 && last_label_alpha {
            Some(i)
        } else {
            None
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let t = self.text;
        loop {
            let start = self.pos;
            let c = char_at(t, start)?;
            let len = c.len_utf8();
            let k = cls(c);
            match k {
                Cls::Space | Cls::Skip => {
                    self.pos += len;
                    continue;
                }
                Cls::Arabic | Cls::Other => {
                    let (end, _) = self.scan_word(start + len, k);
                    return Some(self.make(start, end, TokenKind::Word));
                }
                Cls::Mark => {
                    // Marks/tatweel before any letter: attach to a following
                    // Arabic word, else a symbol.
                    let (end, letter) = self.scan_word(start, Cls::Arabic);
                    let end = end.max(start + len);
                    let kind = if letter { TokenKind::Word } else { TokenKind::Symbol };
                    return Some(self.make(start, end, kind));
                }
                Cls::Latin => {
                    let rest = &t[start..];
                    if starts_with_ci(rest, "http://")
                        || starts_with_ci(rest, "https://")
                        || starts_with_ci(rest, "ftp://")
                        || (starts_with_ci(rest, "www.") && rest.len() > 4)
                    {
                        let end = self.scan_url(start);
                        return Some(self.make(start, end, TokenKind::Url));
                    }
                    if let Some(end) = self.scan_email(start) {
                        return Some(self.make(start, end, TokenKind::Email));
                    }
                    let (end, _) = self.scan_word(start + len, Cls::Latin);
                    return Some(self.make(start, end, TokenKind::Word));
                }
                Cls::Digit => {
                    if c.is_ascii_digit() {
                        if let Some(end) = self.scan_email(start) {
                            return Some(self.make(start, end, TokenKind::Email));
                        }
                    }
                    let end = self.scan_number(start);
                    match char_at(t, end) {
                        Some(p @ ('%' | '٪')) => {
                            return Some(self.make(start, end + p.len_utf8(), TokenKind::Percent))
                        }
                        Some(n) if n.is_ascii_alphabetic() && t[start..end].bytes().all(|x| x.is_ascii_digit()) => {
                            let (end, _) = self.scan_word(end, Cls::Latin);
                            return Some(self.make(start, end, TokenKind::Word));
                        }
                        _ => return Some(self.make(start, end, TokenKind::Number)),
                    }
                }
                Cls::Punct | Cls::Symbol => {
                    if c == '#' {
                        if let Some(n) = char_at(t, start + 1) {
                            let nk = cls(n);
                            if matches!(nk, Cls::Arabic | Cls::Latin | Cls::Other | Cls::Digit) || n == '_' {
                                let mut i = start + 1;
                                while let Some(x) = char_at(t, i) {
                                    let xk = cls(x);
                                    if matches!(xk, Cls::Arabic | Cls::Latin | Cls::Other | Cls::Digit | Cls::Mark)
                                        || x == '_'
                                    {
                                        i += x.len_utf8();
                                    } else {
                                        break;
                                    }
                                }
                                return Some(self.make(start, i, TokenKind::Hashtag));
                            }
                        }
                    }
                    if c == '@' {
                        let b = t.as_bytes();
                        let mut i = start + 1;
                        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                            i += 1;
                        }
                        if i > start + 1 {
                            return Some(self.make(start, i, TokenKind::Mention));
                        }
                    }
                    if k == Cls::Punct {
                        let mut end = start + len;
                        while char_at(t, end) == Some(c) {
                            end += len;
                        }
                        return Some(self.make(start, end, TokenKind::Punct));
                    }
                    // Symbol: with following marks / variation selectors and
                    // ZWJ-joined symbols (emoji sequences).
                    let mut end = start + len;
                    while let Some(n) = char_at(t, end) {
                        if (cls(n) == Cls::Mark && n != '\u{200D}')
                            || matches!(n, '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}')
                        {
                            end += n.len_utf8();
                        } else if n == '\u{200D}' {
                            match char_at(t, end + 3) {
                                Some(m) if cls(m) == Cls::Symbol => end += 3 + m.len_utf8(),
                                _ => break,
                            }
                        } else {
                            break;
                        }
                    }
                    return Some(self.make(start, end, TokenKind::Symbol));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(t: &str) -> Vec<(&str, TokenKind)> {
        tokenize(t).into_iter().map(|x| (x.text, x.kind)).collect()
    }
    use TokenKind::*;

    #[test]
    fn arabic_words_with_marks() {
        assert_eq!(kinds("قالَ الرئيـــسُ، "), [("قالَ", Word), ("الرئيـــسُ", Word), ("،", Punct)]);
        assert_eq!(kinds("ا\u{0654}حمد"), [("ا\u{0654}حمد", Word)]);
        assert_eq!(kinds("می\u{200C}خواهم"), [("می\u{200C}خواهم", Word)]);
    }

    #[test]
    fn numbers() {
        assert_eq!(kinds("٢٠٢٥"), [("٢٠٢٥", Number)]);
        assert_eq!(
            kinds("3.5 و1,000 و1,50"),
            [("3.5", Number), ("و", Word), ("1,000", Number), ("و", Word), ("1", Number), (",", Punct), ("50", Number)]
        );
        assert_eq!(kinds("١٬٢٣٤٫٥"), [("١٬٢٣٤٫٥", Number)]);
        assert_eq!(kinds("2015م"), [("2015", Number), ("م", Word)]);
        assert_eq!(kinds("G20 4G"), [("G20", Word), ("4G", Word)]);
        assert_eq!(kinds("12%، ٣٪"), [("12%", Percent), ("،", Punct), ("٣٪", Percent)]);
        assert_eq!(kinds("2015."), [("2015", Number), (".", Punct)]);
        // a right-to-left mark inside a decimal is part of the number
        assert_eq!(kinds("02.\u{200f}19 مليار"), [("02.\u{200f}19", Number), ("مليار", Word)]);
        assert_eq!(kinds("2015.\u{200f}"), [("2015", Number), (".", Punct)]);
        let t = tokenize("١٬٢٣٤٫٥ 12.5%");
        assert_eq!(t[0].normalized(&NormalizeOptions::search()), "1234.5");
        assert_eq!(t[1].normalized(&NormalizeOptions::search()), "12.5%");
    }

    #[test]
    fn urls_emails_hashtags_mentions() {
        assert_eq!(
            kinds("زوروا https://www.spa.gov.sa/viewstory.php?lang=ar&newsid=1. أو www.alriyadh.com)"),
            [
                ("زوروا", Word),
                ("https://www.spa.gov.sa/viewstory.php?lang=ar&newsid=1", Url),
                (".", Punct),
                ("أو", Word),
                ("www.alriyadh.com", Url),
                (")", Punct)
            ]
        );
        assert_eq!(
            kinds("http://www.alweeam.com.sa/351290/أمير-عسير/ نص"),
            [("http://www.alweeam.com.sa/351290/أمير-عسير/", Url), ("نص", Word)]
        );
        assert_eq!(
            kinds("راسلونا: info@spa.gov.sa."),
            [("راسلونا", Word), (":", Punct), ("info@spa.gov.sa", Email), (".", Punct)]
        );
        assert_eq!(
            kinds("#السعودية_اليوم @SPAregions #"),
            [("#السعودية_اليوم", Hashtag), ("@SPAregions", Mention), ("#", Punct)]
        );
    }

    #[test]
    fn scripts_split() {
        assert_eq!(kinds("الـiPhone"), [("الـ", Word), ("iPhone", Word)]);
        assert_eq!(kinds("don't"), [("don't", Word)]);
        assert_eq!(kinds("Привет мир"), [("Привет", Word), ("мир", Word)]);
    }

    #[test]
    fn punct_and_symbols() {
        assert_eq!(kinds("لماذا؟؟ ..."), [("لماذا", Word), ("؟؟", Punct), ("...", Punct)]);
        assert_eq!(kinds("«نص»"), [("«", Punct), ("نص", Word), ("»", Punct)]);
        assert_eq!(kinds("👍🏽 ok"), [("👍🏽", Symbol), ("ok", Word)]);
        assert_eq!(kinds("\u{200F}نص\u{200E}"), [("نص", Word)]);
        assert_eq!(kinds("ـــ"), [("ـــ", Symbol)]);
    }

    #[test]
    fn offsets_slice_original() {
        let text = "\u{200F}قالَ «الرئيس» في ٢٠٢٥: 3.5% https://x.sa/a";
        for t in tokenize(text) {
            assert_eq!(&text[t.start..t.end], t.text);
        }
    }
}
