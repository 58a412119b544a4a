//! Normalisation in named levels, with a byte-offset map back to the original.
//!
//! Normalisation runs as one pass over the characters of the input, in three
//! stages per character:
//!
//! 1. **Clean-up** (before composition): drop bidi controls, zero-width marks
//!    and tatweel; turn exotic spaces into `' '`; expand Arabic presentation
//!    forms (`ﻷ` → `لأ`) by their compatibility decomposition.
//! 2. **Composition (NFC)**: a decomposed hamza or madda (`ا` + U+0654)
//!    becomes the precomposed letter (`أ`), and combining marks are put in
//!    canonical order. Dropping stage-1 characters first means that
//!    `ا` + tatweel + U+0654 also composes, and that the output is stable
//!    when normalised again.
//! 3. **Folding**: strip diacritics, fold alef/hamza forms, alef maksura,
//!    Persian/Urdu letters, digits, Latin case, according to the options.
//!
//! Text that needs no composition (almost all real text) takes a fast path that
//! never looks back; a segment that needs composition is re-run through
//! [`unicode_normalization`] from the previous stable character, and all of its
//! output maps to the segment's first original byte.
//!
//! # Levels
//!
//! | option | [`Level::Display`] | [`Level::Search`] | [`Level::Loose`] |
//! |---|---|---|---|
//! | `nfc` | ✓ | ✓ | ✓ |
//! | `strip_bidi` (U+200E/F, U+202A–E, U+2066–9, U+061C) | ✓ | ✓ | ✓ |
//! | `strip_zero_width` (ZWSP, ZWNJ, ZWJ outside emoji, WJ, BOM, soft hyphen) | ✓ | ✓ | ✓ |
//! | `strip_tatweel` (ـ) | ✓ | ✓ | ✓ |
//! | `fold_spaces` (NBSP, U+2000–200A, U+202F, U+205F, U+3000 → space) | ✓ | ✓ | ✓ |
//! | `fold_presentation_forms` (U+FB50–FDFF, U+FE70–FEFC) | ✓ | ✓ | ✓ |
//! | `strip_diacritics` (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks) | | ✓ | ✓ |
//! | `fold_alef` (أ إ آ ٱ ٲ ٳ ٵ → ا) | | ✓ | ✓ |
//! | `fold_hamza_carriers` (ؤ ئ) | keep | → ء | → ء |
//! | `fold_alef_maksura` (ى → ي) | | ✓ | ✓ |
//! | `fold_persian` (ی ے ۓ → ي, ک ڪ → ك, ۀ ہ ۂ ھ ە → ه, ۃ → ة) | | ✓ | ✓ |
//! | `fold_digits` (٠–٩ ۰–۹ → 0–9, ٫ → `.`, ٬ → `,`, ٪ → `%`) | | ✓ | ✓ |
//! | `lowercase` | | ✓ | ✓ |
//! | `fold_teh_marbuta` (ة → ه) | | | ✓ |
//!
//! `Display` is for showing and storing text: it changes nothing a reader would
//! see. `Search` is what the index and the similarity measures use. `Loose`
//! also conflates ة/ه, which news writers confuse at word ends (`مدرسة`/`مدرسه`),
//! at the price of merging some distinct words (`مدة` "period" / `مده` "his
//! extending"); it is off in `Search` for that reason.
//!
//! ## Hamza on a carrier (ؤ ئ)
//!
//! `Search` folds `ؤ` and `ئ` to a bare `ء`, not to `و`/`ي`: the live spelling
//! variation in news is between the two carriers (`مسؤول`/`مسئول`,
//! `شؤون`/`شئون`, `يؤدي`/`يئدي` is rare but `مسؤولية`/`مسئولية` is common
//! across Saudi and Egyptian sources), and folding both carriers to the same
//! letter conflates exactly that, while `و`/`ي` folding would keep them apart
//! (`مسوول` vs `مسيول`) and merge unrelated words instead (`سؤال` with `سوال`).
//! [`HamzaCarrier::ToBase`] is available for callers that want the classic
//! carrier-to-letter folding.
//!
//! # Example
//!
//! ```
//! use marsad_arabic::normalize::{normalize, NormalizeOptions};
//!
//! let text = "قالَ الرئيسُ: «إنّ ٢٠٢٥ عامُ الإنجاز»";
//! let n = normalize(text, &NormalizeOptions::search());
//! assert_eq!(n.as_str(), "قال الرءيس: «ان 2025 عام الانجاز»");
//! // The word "الانجاز" in the output maps back to "الإنجاز" in the input.
//! let at = n.as_str().find("الانجاز").unwrap();
//! let orig = n.orig_range(at..at + "الانجاز".len());
//! assert_eq!(&text[orig], "الإنجاز");
//! ```

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// A preset of [`NormalizeOptions`]; see the table in the [module docs](self).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// Clean-up that a reader cannot see: NFC, no bidi/zero-width marks or
    /// tatweel, plain spaces, no presentation forms. Diacritics, hamza forms
    /// and digits are kept.
    Display,
    /// `Display` plus search folding: no diacritics, alef/hamza/yeh folded,
    /// Persian letters and digits folded, Latin lowercased.
    Search,
    /// `Search` plus teh marbuta folding (ة → ه).
    Loose,
}

impl Level {
    /// The options of this level.
    pub fn options(self) -> NormalizeOptions {
        match self {
            Level::Display => NormalizeOptions::display(),
            Level::Search => NormalizeOptions::search(),
            Level::Loose => NormalizeOptions::loose(),
        }
    }

    /// The level's name as accepted by [`FromStr`]: `display`, `search`, `loose`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Display => "display",
            Level::Search => "search",
            Level::Loose => "loose",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing a [`Level`] from an unknown name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLevel(pub String);

impl fmt::Display for UnknownLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown normalisation level {:?} (expected display, search or loose)", self.0)
    }
}

impl std::error::Error for UnknownLevel {}

impl FromStr for Level {
    type Err = UnknownLevel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "display" => Ok(Level::Display),
            "search" => Ok(Level::Search),
            "loose" => Ok(Level::Loose),
            _ => Err(UnknownLevel(s.to_string())),
        }
    }
}

/// What to do with hamza on a carrier, `ؤ` (U+0624) and `ئ` (U+0626).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HamzaCarrier {
    /// Leave them.
    Keep,
    /// Fold both to a bare hamza `ء`, so `مسؤول` and `مسئول` meet.
    ToHamza,
    /// Fold to the carrier letter: `ؤ` → `و`, `ئ` → `ي`.
    ToBase,
}

/// Every normalisation option, by name. Start from a level
/// ([`NormalizeOptions::display`], [`NormalizeOptions::search`]) and change
/// fields as needed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NormalizeOptions {
    /// Compose to Unicode NFC (decomposed hamza/madda → precomposed letter).
    pub nfc: bool,
    /// Drop bidi controls: LRM, RLM, ALM, embeddings/overrides, isolates.
    pub strip_bidi: bool,
    /// Drop ZWSP, ZWNJ, word joiner, BOM, soft hyphen, Mongolian vowel
    /// separator, and ZWJ except after an emoji-like symbol (where it joins an
    /// emoji sequence).
    pub strip_zero_width: bool,
    /// Drop tatweel (kashida, U+0640).
    pub strip_tatweel: bool,
    /// Turn NBSP and other Unicode spaces into an ASCII space (tabs and line
    /// breaks are kept).
    pub fold_spaces: bool,
    /// Replace Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFC) with
    /// their compatibility decomposition (`ﻷ` → `لأ`, `ﷲ` → `الله`).
    pub fold_presentation_forms: bool,
    /// Drop Arabic diacritics: harakat, tanwin, shadda, sukun, dagger alef,
    /// hamza/madda marks left over after composition, Quranic annotation marks.
    pub strip_diacritics: bool,
    /// Fold `أ إ آ ٱ ٲ ٳ ٵ` to a bare alef `ا`.
    pub fold_alef: bool,
    /// What to do with `ؤ` and `ئ` (see the [module docs](self)).
    pub fold_hamza_carriers: HamzaCarrier,
    /// Fold alef maksura `ى` to yeh `ي`.
    pub fold_alef_maksura: bool,
    /// Fold teh marbuta `ة` to heh `ه`.
    pub fold_teh_marbuta: bool,
    /// Fold Persian/Urdu letters typed on other keyboards: `ی ے ۓ` → `ي`,
    /// `ک ڪ` → `ك`, `ۀ ہ ۂ ھ ە` → `ه`, `ۃ` → `ة`, `ٶ` / `ٸ` like `ؤ` / `ئ`.
    pub fold_persian: bool,
    /// Fold Arabic-Indic and Persian digits to ASCII, and the Arabic decimal
    /// separator, thousands separator and percent sign to `.` `,` `%`.
    pub fold_digits: bool,
    /// Lowercase (Latin, Greek, Cyrillic…).
    pub lowercase: bool,
}

impl Default for NormalizeOptions {
    /// The [`Level::Search`] options.
    fn default() -> Self {
        Self::search()
    }
}

impl NormalizeOptions {
    /// No option at all: the identity.
    pub const fn none() -> Self {
        NormalizeOptions {
            nfc: false,
            strip_bidi: false,
            strip_zero_width: false,
            strip_tatweel: false,
            fold_spaces: false,
            fold_presentation_forms: false,
            strip_diacritics: false,
            fold_alef: false,
            fold_hamza_carriers: HamzaCarrier::Keep,
            fold_alef_maksura: false,
            fold_teh_marbuta: false,
            fold_persian: false,
            fold_digits: false,
            lowercase: false,
        }
    }

    /// [`Level::Display`].
    pub const fn display() -> Self {
        NormalizeOptions {
            nfc: true,
            strip_bidi: true,
            strip_zero_width: true,
            strip_tatweel: true,
            fold_spaces: true,
            fold_presentation_forms: true,
            ..Self::none()
        }
    }

    /// [`Level::Search`].
    pub const fn search() -> Self {
        NormalizeOptions {
            strip_diacritics: true,
            fold_alef: true,
            fold_hamza_carriers: HamzaCarrier::ToHamza,
            fold_alef_maksura: true,
            fold_persian: true,
            fold_digits: true,
            lowercase: true,
            ..Self::display()
        }
    }

    /// [`Level::Loose`].
    pub const fn loose() -> Self {
        NormalizeOptions { fold_teh_marbuta: true, ..Self::search() }
    }
}

/// Normalised text with a map from every output byte to the original byte
/// offset it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    /// `map[i]` = original byte offset of the character that output byte `i`
    /// came from; `map[text.len()]` = the original length.
    map: Vec<u32>,
}

impl Normalized {
    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The normalised text, taken out.
    pub fn into_string(self) -> String {
        self.text
    }

    /// The offset map: one entry per output byte plus a final entry holding the
    /// original length. Entries never decrease. Offsets beyond 4 GiB saturate.
    pub fn map(&self) -> &[u32] {
        &self.map
    }

    /// The original byte offset where the output character at byte `out`
    /// (or the end, for `out == len`) came from. Out-of-range offsets clamp to
    /// the original length.
    pub fn orig_offset(&self, out: usize) -> usize {
        let i = out.min(self.text.len());
        self.map[i] as usize
    }

    /// The original byte range that output range `out` came from: from the
    /// first output character's source to the end of the last one's source,
    /// including characters dropped right after it (diacritics, tatweel), so
    /// that a highlight covers the whole original word. Ranges are clamped to
    /// the text; the result always lies on character boundaries of the
    /// original.
    pub fn orig_range(&self, out: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let a = out.start.min(len);
        let b = out.end.min(len).max(a);
        let start = self.map[a] as usize;
        if a == b {
            return start..start;
        }
        let last = self.map[b - 1];
        let mut j = b;
        while j < len && self.map[j] <= last {
            j += 1;
        }
        start..(self.map[j] as usize).max(start)
    }
}

impl AsRef<str> for Normalized {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Normalized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Normalise `text` with `opts`, keeping the offset map.
pub fn normalize(text: &str, opts: &NormalizeOptions) -> Normalized {
    let mut s = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut sink = MapSink { s: &mut s, map: &mut map };
    run(text, 0, opts, &mut sink);
    map.push(sat(text.len()));
    Normalized { text: s, map }
}

/// Normalise `text` at a [`Level`], keeping the offset map.
pub fn normalize_level(text: &str, level: Level) -> Normalized {
    normalize(text, &level.options())
}

/// Normalise `text` without an offset map, borrowing it when nothing changes.
pub fn normalize_str<'a>(text: &'a str, opts: &NormalizeOptions) -> Cow<'a, str> {
    match first_touched(text, opts) {
        None => Cow::Borrowed(text),
        Some(restart) => {
            let mut s = String::with_capacity(text.len());
            s.push_str(&text[..restart]);
            run(text, restart, opts, &mut StrSink { s: &mut s });
            Cow::Owned(s)
        }
    }
}

/// Normalise `text`, appending the result to `out` (no offset map, no
/// allocation beyond `out`'s growth). This is the hot path for per-token use.
pub fn normalize_into(text: &str, opts: &NormalizeOptions, out: &mut String) {
    run(text, 0, opts, &mut StrSink { s: out });
}

/// A normaliser with its options compiled into a lookup table for the Arabic
/// block (U+0600–U+06FF): the fast way to normalise many short strings, such
/// as tokens. Text made of ASCII and Arabic-block characters is folded one
/// table lookup per character; anything else (and the few characters whose
/// folding depends on context, like a combining hamza) takes the general path,
/// with the same result as [`normalize_into`].
#[derive(Clone)]
pub struct Normalizer {
    opts: NormalizeOptions,
    /// Per U+0600 + i: 0 = drop, 1 = take the general path, else the output
    /// code point.
    table: [u16; 256],
}

const T_DROP: u16 = 0;
const T_SLOW: u16 = 1;

impl Normalizer {
    /// Compile `opts`.
    pub fn new(opts: NormalizeOptions) -> Self {
        let mut table = [T_SLOW; 256];
        for (i, slot) in table.iter_mut().enumerate() {
            let Some(c) = char::from_u32(0x0600 + i as u32) else {
                continue;
            };
            let k = match pre(c, &opts, '\0') {
                Pre::Drop => {
                    *slot = T_DROP;
                    continue;
                }
                Pre::Compat => continue,
                Pre::Keep(k) => k,
            };
            if opts.nfc {
                match nfc_class(k) {
                    Nfc::Hard => continue,
                    Nfc::Mark(_) if !(opts.strip_diacritics && is_arabic_diacritic(k)) => continue,
                    _ => {}
                }
            }
            let mut out = Vec::new();
            let mut probe = VecSink(&mut out);
            fold_emit(k, 0, &opts, &mut probe);
            *slot = match out.as_slice() {
                [] => T_DROP,
                [f] if (*f as u32) > 1 && (*f as u32) <= 0xFFFF => *f as u32 as u16,
                _ => T_SLOW,
            };
        }
        Normalizer { opts, table }
    }

    /// The options.
    pub fn options(&self) -> &NormalizeOptions {
        &self.opts
    }

    /// Normalise `text`, appending to `out` (no offset map).
    #[inline]
    pub fn normalize_into(&self, text: &str, out: &mut String) {
        let mark = out.len();
        let b = text.as_bytes();
        let lower = self.opts.lowercase;
        let mut i = 0;
        while i < b.len() {
            let x = b[i];
            if x < 0x80 {
                out.push(if lower { x.to_ascii_lowercase() } else { x } as char);
                i += 1;
                continue;
            }
            if (0xD8..=0xDB).contains(&x) && i + 1 < b.len() {
                let u = (((x & 0x1F) as usize) << 6) | (b[i + 1] & 0x3F) as usize;
                match self.table[u - 0x600] {
                    T_DROP => {}
                    T_SLOW => break,
                    f => out.push(char::from_u32(f as u32).unwrap_or('\u{FFFD}')),
                }
                i += 2;
                continue;
            }
            break;
        }
        if i < b.len() {
            out.truncate(mark);
            run(text, 0, &self.opts, &mut StrSink { s: out });
        }
    }

    /// Normalise `text` with the offset map (the general path).
    pub fn normalize(&self, text: &str) -> Normalized {
        normalize(text, &self.opts)
    }
}

impl fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Normalizer").field("opts", &self.opts).finish()
    }
}

impl PartialEq for Normalizer {
    fn eq(&self, other: &Self) -> bool {
        self.opts == other.opts
    }
}

impl Eq for Normalizer {}

struct VecSink<'a>(&'a mut Vec<char>);

impl Sink for VecSink<'_> {
    fn push(&mut self, c: char, _orig: usize) {
        self.0.push(c);
    }
    fn out_len(&self) -> usize {
        self.0.len()
    }
    fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }
}

/// Whether a character is a bidi control (LRM, RLM, ALM, LRE…PDF, LRI…PDI).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether a character is a zero-width or invisible formatting mark that
/// normalisation drops (ZWSP, ZWNJ, ZWJ, WJ, BOM, soft hyphen, U+180E,
/// invisible operators U+2061–U+2064).
pub fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// Whether a character is an Arabic diacritic dropped by
/// [`NormalizeOptions::strip_diacritics`]: U+0610–U+061A, U+064B–U+065F,
/// U+0670, U+06D6–U+06DC, U+06DF–U+06E4, U+06E7–U+06E8, U+06EA–U+06ED,
/// U+08D3–U+08E1 and U+08E3–U+08FF.
pub fn is_arabic_diacritic(c: char) -> bool {
    matches!(
        c,
        '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06DC}'
            | '\u{06DF}'..='\u{06E4}'
            | '\u{06E7}'..='\u{06E8}'
            | '\u{06EA}'..='\u{06ED}'
            | '\u{08D3}'..='\u{08E1}'
            | '\u{08E3}'..='\u{08FF}'
    )
}

/// Whether a character is an Arabic presentation form that
/// [`NormalizeOptions::fold_presentation_forms`] replaces.
pub fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

fn is_emoji_like(c: char) -> bool {
    matches!(c, '\u{2190}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}' | '\u{FE0F}')
}

fn is_exotic_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}')
}

#[inline]
fn sat(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------
// Sinks

pub(crate) trait Sink {
    fn push(&mut self, c: char, orig: usize);
    fn out_len(&self) -> usize;
    fn truncate(&mut self, len: usize);
}

struct StrSink<'a> {
    s: &'a mut String,
}

impl Sink for StrSink<'_> {
    #[inline]
    fn push(&mut self, c: char, _orig: usize) {
        self.s.push(c);
    }
    #[inline]
    fn out_len(&self) -> usize {
        self.s.len()
    }
    #[inline]
    fn truncate(&mut self, len: usize) {
        self.s.truncate(len);
    }
}

struct MapSink<'a> {
    s: &'a mut String,
    map: &'a mut Vec<u32>,
}

impl Sink for MapSink<'_> {
    #[inline]
    fn push(&mut self, c: char, orig: usize) {
        self.s.push(c);
        let o = sat(orig);
        for _ in 0..c.len_utf8() {
            self.map.push(o);
        }
    }
    #[inline]
    fn out_len(&self) -> usize {
        self.s.len()
    }
    #[inline]
    fn truncate(&mut self, len: usize) {
        self.s.truncate(len);
        self.map.truncate(len);
    }
}

// ---------------------------------------------------------------------------
// Stage 1: clean-up

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Pre {
    Drop,
    Keep(char),
    /// A presentation form to expand by compatibility decomposition.
    Compat,
}

#[inline]
fn pre(c: char, o: &NormalizeOptions, prev: char) -> Pre {
    let u = c as u32;
    if u < 0xA0 {
        return Pre::Keep(c);
    }
    if c == '\u{0640}' {
        return if o.strip_tatweel { Pre::Drop } else { Pre::Keep(c) };
    }
    if (0x0600..=0x06FF).contains(&u) {
        return if c == '\u{061C}' && o.strip_bidi { Pre::Drop } else { Pre::Keep(c) };
    }
    if o.strip_bidi && is_bidi_control(c) {
        return Pre::Drop;
    }
    if o.strip_zero_width && is_zero_width(c) {
        if c == '\u{200D}' && is_emoji_like(prev) {
            return Pre::Keep(c);
        }
        return Pre::Drop;
    }
    if o.fold_spaces && is_exotic_space(c) {
        return Pre::Keep(' ');
    }
    if o.fold_presentation_forms && is_presentation_form(c) {
        return Pre::Compat;
    }
    // The one character whose lowercase is two characters (i + combining dot
    // above): lowercase it before composition so the mark gets ordered.
    if o.lowercase && c == '\u{0130}' {
        return Pre::Compat;
    }
    Pre::Keep(c)
}

/// The stage-1 expansion of a [`Pre::Compat`] character.
fn expand(c: char, f: impl FnMut(char)) {
    let mut f = f;
    if c == '\u{0130}' {
        f('i');
        f('\u{0307}');
    } else {
        decompose_compatible(c, f);
    }
}

// ---------------------------------------------------------------------------
// Stage 2: composition classes

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Nfc {
    /// ccc = 0 and NFC_QC = Yes: composition never reaches across it.
    Stable,
    /// ccc > 0 and NFC_QC = Yes.
    Mark(u8),
    /// NFC_QC = No or Maybe.
    Hard,
}

#[inline]
fn nfc_class(c: char) -> Nfc {
    let u = c as u32;
    if u < 0x300 {
        return Nfc::Stable;
    }
    if (0x0600..=0x06FF).contains(&u) {
        return match u {
            0x0653..=0x0655 => Nfc::Hard,
            0x0610..=0x061A
            | 0x064B..=0x065F
            | 0x0670
            | 0x06D6..=0x06DC
            | 0x06DF..=0x06E4
            | 0x06E7..=0x06E8
            | 0x06EA..=0x06ED => Nfc::Mark(canonical_combining_class(c)),
            _ => Nfc::Stable,
        };
    }
    nfc_class_slow(c)
}

#[cold]
fn nfc_class_slow(c: char) -> Nfc {
    if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
        return Nfc::Hard;
    }
    match canonical_combining_class(c) {
        0 => Nfc::Stable,
        k => Nfc::Mark(k),
    }
}

/// Whether composition can never reach back across the character at the
/// start of `c`'s stage-1 output (a segment boundary). `None` if `c` is
/// dropped by stage 1.
fn boundary(c: char, o: &NormalizeOptions, prev: char) -> Option<bool> {
    match pre(c, o, prev) {
        Pre::Drop => None,
        Pre::Keep(k) => Some(!o.nfc || nfc_class(k) == Nfc::Stable),
        Pre::Compat => {
            let mut first = None;
            expand(c, |d| {
                if first.is_none() && !matches!(pre(d, o, c), Pre::Drop) {
                    first = Some(d);
                }
            });
            Some(match first {
                None => false,
                Some(d) => !o.nfc || nfc_class(d) == Nfc::Stable,
            })
        }
    }
}

// ---------------------------------------------------------------------------
// Stage 3: folding

#[inline]
fn fold_emit<S: Sink>(c: char, orig: usize, o: &NormalizeOptions, sink: &mut S) {
    let u = c as u32;
    if u < 0x80 {
        sink.push(if o.lowercase { c.to_ascii_lowercase() } else { c }, orig);
        return;
    }
    if (0x0600..=0x06FF).contains(&u) {
        if let Some(f) = fold_arabic(c, o) {
            sink.push(f, orig);
        }
        return;
    }
    if o.strip_diacritics && is_arabic_diacritic(c) {
        return;
    }
    if o.lowercase && !c.is_lowercase() && c.is_uppercase() {
        for l in c.to_lowercase() {
            sink.push(l, orig);
        }
        return;
    }
    sink.push(c, orig);
}

/// Fold one character of the Arabic block (U+0600–U+06FF); `None` = drop.
#[inline]
fn fold_arabic(c: char, o: &NormalizeOptions) -> Option<char> {
    let carrier = |c: char, base: char| match o.fold_hamza_carriers {
        HamzaCarrier::Keep => c,
        HamzaCarrier::ToHamza => 'ء',
        HamzaCarrier::ToBase => base,
    };
    let r = match c {
        // Letters first: the common case.
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => match c {
            'أ' | 'إ' | 'آ' if o.fold_alef => 'ا',
            'ؤ' => carrier('ؤ', 'و'),
            'ئ' => carrier('ئ', 'ي'),
            'ى' if o.fold_alef_maksura => 'ي',
            'ة' if o.fold_teh_marbuta => 'ه',
            _ => c,
        },
        _ if is_arabic_diacritic(c) => {
            if o.strip_diacritics {
                return None;
            }
            c
        }
        'ٱ' | 'ٲ' | 'ٳ' | 'ٵ' if o.fold_alef => 'ا',
        '\u{0660}'..='\u{0669}' if o.fold_digits => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' if o.fold_digits => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '٫' if o.fold_digits => '.',
        '٬' if o.fold_digits => ',',
        '٪' if o.fold_digits => '%',
        _ if o.fold_persian => match c {
            'ی' | 'ے' | 'ۓ' => 'ي',
            'ک' | 'ڪ' => 'ك',
            'ۀ' | 'ہ' | 'ۂ' | 'ھ' | 'ە' => 'ه',
            'ۃ' => {
                if o.fold_teh_marbuta {
                    'ه'
                } else {
                    'ة'
                }
            }
            'ٶ' => carrier('ٶ', 'و'),
            'ٸ' => carrier('ٸ', 'ي'),
            _ => c,
        },
        _ => c,
    };
    Some(r)
}

// ---------------------------------------------------------------------------
// The pass

/// The first byte offset from which the text must be re-run (the start of
/// the segment holding the first character normalisation would change), or
/// `None` if normalisation is the identity on `text`.
fn first_touched(text: &str, o: &NormalizeOptions) -> Option<usize> {
    let mut seg = 0usize;
    let mut prev = '\0';
    for (i, c) in text.char_indices() {
        let u = c as u32;
        if u < 0x80 {
            if o.lowercase && c.is_ascii_uppercase() {
                return Some(i);
            }
            seg = i;
            prev = c;
            continue;
        }
        let untouched = match pre(c, o, prev) {
            Pre::Keep(k) if k == c => {
                let cls = if o.nfc { nfc_class(c) } else { Nfc::Stable };
                match cls {
                    Nfc::Stable => {
                        let mut same = true;
                        let mut probe = ProbeSink { c, same: &mut same, n: 0 };
                        fold_emit(c, i, o, &mut probe);
                        let n = probe.n;
                        same && n == 1
                    }
                    _ => false,
                }
            }
            _ => false,
        };
        if !untouched {
            return Some(seg);
        }
        seg = i;
        prev = c;
    }
    None
}

struct ProbeSink<'a> {
    c: char,
    same: &'a mut bool,
    n: usize,
}

impl Sink for ProbeSink<'_> {
    fn push(&mut self, c: char, _orig: usize) {
        self.n += 1;
        if c != self.c {
            *self.same = false;
        }
    }
    fn out_len(&self) -> usize {
        self.n
    }
    fn truncate(&mut self, len: usize) {
        self.n = len;
    }
}

/// Normalise `text[start..]` into `sink` (offsets relative to `text`).
/// `start` must be a segment boundary (0, or the start of a stable character).
fn run<S: Sink>(text: &str, start: usize, o: &NormalizeOptions, sink: &mut S) {
    let mut prev = text[..start].chars().next_back().unwrap_or('\0');
    let mut pos = start;
    // Segment start (original offset) and the output length before it.
    let mut seg_orig = start;
    let mut seg_out = sink.out_len();
    'outer: while pos < text.len() {
        let mut last_ccc = 0u8;
        for (off, c) in text[pos..].char_indices() {
            let i = pos + off;
            let k = match pre(c, o, prev) {
                Pre::Keep(k) => k,
                Pre::Drop => {
                    prev = c;
                    continue;
                }
                Pre::Compat => {
                    if boundary(c, o, prev) == Some(true) {
                        seg_orig = i;
                        seg_out = sink.out_len();
                    }
                    pos = slow_segment(text, seg_orig, seg_out, i + c.len_utf8(), o, sink);
                    prev = text[..pos].chars().next_back().unwrap_or('\0');
                    seg_orig = pos;
                    seg_out = sink.out_len();
                    continue 'outer;
                }
            };
            prev = c;
            if o.nfc {
                match nfc_class(k) {
                    Nfc::Stable => {
                        seg_orig = i;
                        seg_out = sink.out_len();
                        last_ccc = 0;
                    }
                    Nfc::Mark(ccc) => {
                        let dropped = o.strip_diacritics && is_arabic_diacritic(k);
                        if !dropped {
                            if ccc < last_ccc {
                                pos = slow_segment(text, seg_orig, seg_out, i + c.len_utf8(), o, sink);
                                prev = text[..pos].chars().next_back().unwrap_or('\0');
                                seg_orig = pos;
                                seg_out = sink.out_len();
                                continue 'outer;
                            }
                            last_ccc = ccc;
                        }
                    }
                    Nfc::Hard => {
                        pos = slow_segment(text, seg_orig, seg_out, i + c.len_utf8(), o, sink);
                        prev = text[..pos].chars().next_back().unwrap_or('\0');
                        seg_orig = pos;
                        seg_out = sink.out_len();
                        continue 'outer;
                    }
                }
            }
            fold_emit(k, i, o, sink);
        }
        break;
    }
}

/// Re-run the segment that starts at `seg_orig` (whose output began at
/// `seg_out`) through full NFC, up to the next boundary at or after `from`.
/// Returns the original offset where the fast path resumes.
#[cold]
fn slow_segment<S: Sink>(
    text: &str,
    seg_orig: usize,
    seg_out: usize,
    from: usize,
    o: &NormalizeOptions,
    sink: &mut S,
) -> usize {
    // Find the end: the next character whose stage-1 output starts with a
    // stable character.
    let mut end = text.len();
    let mut prev = text[..from].chars().next_back().unwrap_or('\0');
    for (off, c) in text[from..].char_indices() {
        if boundary(c, o, prev) == Some(true) {
            end = from + off;
            break;
        }
        prev = c;
    }
    sink.truncate(seg_out);
    let mut buf: Vec<char> = Vec::with_capacity(end - seg_orig);
    let mut prev = text[..seg_orig].chars().next_back().unwrap_or('\0');
    for c in text[seg_orig..end].chars() {
        match pre(c, o, prev) {
            Pre::Drop => {}
            Pre::Keep(k) => buf.push(k),
            Pre::Compat => expand(c, |d| match pre(d, o, c) {
                Pre::Drop => {}
                Pre::Keep(k) => buf.push(k),
                Pre::Compat => buf.push(d),
            }),
        }
        prev = c;
    }
    // Compose and fold until nothing changes: dropping a leftover mark can
    // unblock a composition (`a` + U+0655 + U+0323), and the output must be
    // stable under normalisation.
    let mut cur = buf;
    for _ in 0..4 {
        let mut folded = Vec::with_capacity(cur.len());
        let mut vs = VecSink(&mut folded);
        if o.nfc {
            for c in cur.iter().copied().nfc() {
                fold_emit(c, seg_orig, o, &mut vs);
            }
        } else {
            for &c in &cur {
                fold_emit(c, seg_orig, o, &mut vs);
            }
        }
        let done = folded == cur;
        cur = folded;
        if done {
            break;
        }
    }
    for c in cur {
        sink.push(c, seg_orig);
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> String {
        normalize(t, &NormalizeOptions::search()).into_string()
    }
    fn d(t: &str) -> String {
        normalize(t, &NormalizeOptions::display()).into_string()
    }

    #[test]
    fn diacritics_and_tatweel() {
        assert_eq!(s("مُحَمَّدٌ"), "محمد");
        assert_eq!(s("الرئيـــــس"), "الرءيس");
        assert_eq!(d("الرئيـــــس"), "الرئيس");
        assert_eq!(d("مُحَمَّدٌ"), "مُحَمَّدٌ");
        assert_eq!(s("هٰذا"), "هذا");
    }

    #[test]
    fn alef_hamza_yeh() {
        assert_eq!(s("أحمد إبراهيم آمال ٱلله"), "احمد ابراهيم امال الله");
        assert_eq!(s("مسؤول مسئول"), "مسءول مسءول");
        assert_eq!(s("على مستشفى"), "علي مستشفي");
        assert_eq!(s("مدرسة"), "مدرسة");
        assert_eq!(normalize_level("مدرسة", Level::Loose).as_str(), "مدرسه");
        let mut o = NormalizeOptions::search();
        o.fold_hamza_carriers = HamzaCarrier::ToBase;
        assert_eq!(normalize("مسؤول مسئول", &o).as_str(), "مسوول مسيول");
    }

    #[test]
    fn persian_letters() {
        assert_eq!(s("کتاب"), "كتاب");
        assert_eq!(s("علی"), "علي");
        assert_eq!(s("مدرسۀ"), "مدرسه");
        assert_eq!(s("ہے"), "هي");
    }

    #[test]
    fn digits() {
        assert_eq!(s("عام ٢٠٢٥"), "عام 2025");
        assert_eq!(s("۱۴۰۲"), "1402");
        assert_eq!(s("٣٫٥٪"), "3.5%");
        assert_eq!(s("١٬٠٠٠"), "1,000");
        assert_eq!(d("٢٠٢٥"), "٢٠٢٥");
    }

    #[test]
    fn bidi_and_zero_width() {
        assert_eq!(d("\u{200F}الرياض\u{200E} (SPA)"), "الرياض (SPA)");
        assert_eq!(d("\u{202B}نص\u{202C}"), "نص");
        assert_eq!(d("می\u{200C}خواهم"), "میخواهم");
        assert_eq!(d("\u{FEFF}abc\u{200B}"), "abc");
        // ZWJ inside an emoji sequence is kept.
        assert_eq!(d("👨\u{200D}👩"), "👨\u{200D}👩");
        assert_eq!(d("a\u{00A0}b"), "a b");
    }

    #[test]
    fn decomposed_hamza_composes() {
        assert_eq!(d("ا\u{0654}حمد"), "أحمد");
        assert_eq!(d("ا\u{0655}"), "إ");
        assert_eq!(d("ا\u{0653}"), "آ");
        assert_eq!(d("و\u{0654}"), "ؤ");
        assert_eq!(d("ي\u{0654}"), "ئ");
        assert_eq!(s("ا\u{0654}حمد"), "احمد");
        // Tatweel between base and hamza is dropped first, so they compose.
        assert_eq!(d("ا\u{0640}\u{0654}"), "أ");
        // Harakat in non-canonical order are reordered (shadda ccc 33 > fatha 30).
        assert_eq!(d("م\u{0651}\u{064E}"), "م\u{064E}\u{0651}");
    }

    #[test]
    fn presentation_forms() {
        assert_eq!(d("ﻷ"), "لأ");
        assert_eq!(s("ﻷ"), "لا");
        assert_eq!(s("ﺍﻟﺮﻳﺎﺽ"), "الرياض");
        assert_eq!(d("ﷲ"), "الله");
    }

    #[test]
    fn latin_case() {
        assert_eq!(s("SPA Reuters"), "spa reuters");
        assert_eq!(d("SPA"), "SPA");
        assert_eq!(s("ÉCOLE"), "école");
    }

    #[test]
    fn offsets_map_back() {
        let text = "\u{200F}قالَ الرئيـــسُ ٢٠٢٥";
        let n = normalize(text, &NormalizeOptions::search());
        assert_eq!(n.as_str(), "قال الرءيس 2025");
        assert_eq!(n.map().len(), n.as_str().len() + 1);
        let w = n.as_str().find("الرءيس").unwrap();
        assert_eq!(&text[n.orig_range(w..w + "الرءيس".len())], "الرئيـــسُ");
        let num = n.as_str().find("2025").unwrap();
        assert_eq!(&text[n.orig_range(num..num + 4)], "٢٠٢٥");
        assert_eq!(&text[n.orig_range(num + 1..num + 2)], "٠");
        assert_eq!(n.orig_range(0..0), 3..3);
        // Composed segment maps to its whole source.
        let t2 = "xا\u{0654}y";
        let n2 = normalize(t2, &NormalizeOptions::display());
        assert_eq!(n2.as_str(), "xأy");
        assert_eq!(&t2[n2.orig_range(1..3)], "ا\u{0654}");
    }

    #[test]
    fn cow_borrows_when_unchanged() {
        let o = NormalizeOptions::search();
        assert!(matches!(normalize_str("hello world", &o), Cow::Borrowed(_)));
        assert!(matches!(normalize_str("الرياض 2025", &o), Cow::Borrowed(_)));
        assert_eq!(normalize_str("Hello", &o), "hello");
        assert_eq!(normalize_str("الرياض ا\u{0654}", &NormalizeOptions::display()), "الرياض أ");
        assert_eq!(normalize_str("abcأ", &o), "abcا");
    }

    #[test]
    fn compiled_normalizer_agrees() {
        for o in [NormalizeOptions::search(), NormalizeOptions::display(), NormalizeOptions::loose()] {
            let n = Normalizer::new(o.clone());
            for t in [
                "قالَ الرئيـــسُ",
                "مسؤول",
                "ا\u{0654}",
                "و\u{0654}",
                "ﻷ",
                "Hello ٢٠٢٥٫٥٪",
                "م\u{0651}\u{064E}",
                "\u{200F}x",
                "ی ک ۀ",
                "é",
                "",
            ] {
                let mut a = String::new();
                n.normalize_into(t, &mut a);
                let mut b = String::new();
                normalize_into(t, &o, &mut b);
                assert_eq!(a, b, "{t:?} {o:?}");
            }
        }
    }

    #[test]
    fn level_names() {
        for l in [Level::Display, Level::Search, Level::Loose] {
            assert_eq!(l.name().parse::<Level>().unwrap(), l);
        }
        assert!("nope".parse::<Level>().is_err());
    }

    /// The hand-written fast classification agrees with the Unicode tables.
    #[test]
    fn fast_nfc_class_matches_tables() {
        for u in (0u32..0x300).chain(0x0600..0x0700) {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(nfc_class(c), nfc_class_slow(c), "U+{u:04X}");
        }
    }

    #[test]
    fn diacritic_set_is_marks() {
        for u in 0x0600u32..0x0900 {
            let Some(c) = char::from_u32(u) else { continue };
            if is_arabic_diacritic(c) {
                assert!(unicode_normalization::char::is_combining_mark(c), "U+{u:04X}");
            }
        }
    }
}
