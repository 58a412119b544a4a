//! Light stemming and clitic splitting.
//!
//! Both work on a **single word in [`Level::Search`](crate::normalize::Level)
//! form** (no diacritics, folded alef/yeh/hamza); words that are not made of
//! Arabic letters only (Latin, digits, leftovers) are returned unchanged.
//!
//! [`light_stem`] is a Light10-style stemmer (Larkey, Ballesteros & Connell,
//! 2002/2007): it strips a conjunction + article prefix and a list of plural,
//! dual, feminine and pronoun suffixes, with length guards, and never looks a
//! word up in a lexicon. The stem is always a substring of the input, so it is
//! returned as a `&str` and costs no allocation. It is a *search key*, not a
//! linguistic root: `المدارس` and `مدرسة` do not meet, `مدرسة` and `مدرس` do.
//! See the crate README for how it compares with Snowball's Arabic stemmer on
//! SaudiNewsNet.
//!
//! [`clitic_split`] is more conservative and readable: it splits off only the
//! proclitics and enclitic pronouns it is fairly sure about, and returns the
//! parts (`و+ ال+ كتاب`, `كتاب +ها`).
//!
//! ```
//! use marsad_arabic::stem::{clitic_split, light_stem};
//!
//! assert_eq!(light_stem("والمسءولين"), "مسءول");
//! assert_eq!(light_stem("للمملكة"), "مملك");
//! assert_eq!(light_stem("قال"), "قال");
//! assert_eq!(clitic_split("وبالمدارس").to_string(), "و+ ب+ ال+ مدارس");
//! assert_eq!(clitic_split("كتابها").to_string(), "كتاب +ها");
//! ```

use std::fmt;

/// The parameters of the light stemmer. [`LightStemParams::MARSAD`] is what
/// [`light_stem`] uses; [`LightStemParams::LIGHT10`] is the published
/// Light10 for comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LightStemParams {
    /// Strip `و` / `ف` + article combinations as one prefix (`وال فال بال
    /// كال ولل فلل`, and `وبال وكال فبال فكال` when `long_prefixes` is set).
    pub long_prefixes: bool,
    /// Letters that must remain after removing an article prefix.
    pub min_after_article: usize,
    /// How the conjunction `و` is stripped when no article follows it.
    pub waw: WawRule,
    /// Letters that must remain after removing a suffix.
    pub min_after_suffix: usize,
    /// Also strip the pronoun suffixes `هم هما هن كم كما نا` (Light10 does not).
    pub pronoun_suffixes: bool,
    /// Strip a single-letter preposition `ب ل ك` (after any conjunction) when
    /// no article follows and at least 4 letters remain (Light10 does not).
    pub prepositions: bool,
}

/// How a leading `و` ("and") without an article is stripped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WawRule {
    /// Never.
    Never,
    /// Light10: once, before the article, if at least this many letters remain.
    BeforeArticle(usize),
    /// After the article too (so `وزير`, `الوزير`, `والوزير` all lose the
    /// `و` and meet), if at least this many letters remain.
    Everywhere(usize),
}

impl LightStemParams {
    /// Light10 as published: `و` (if ≥ 3 letters remain), then one of `ال وال
    /// بال كال فال لل` (if ≥ 2 remain), then each of `ها ان ات ون ين يه ية ه ة
    /// ي` in turn (if ≥ 2 remain).
    pub const LIGHT10: LightStemParams = LightStemParams {
        long_prefixes: false,
        min_after_article: 2,
        waw: WawRule::BeforeArticle(3),
        min_after_suffix: 2,
        pronoun_suffixes: false,
        prepositions: false,
    };

    /// marsad's stemmer: Light10's affixes with the prefix combinations
    /// `وبال وكال فبال فكال`, the `و` rule applied after the article too (so
    /// the stem does not depend on whether the article was there), and a
    /// guard of 3 letters after a suffix (Light10's 2 over-stems short
    /// words: `بيان` → `بي`).
    pub const MARSAD: LightStemParams = LightStemParams {
        long_prefixes: true,
        min_after_article: 2,
        waw: WawRule::Everywhere(3),
        min_after_suffix: 3,
        pronoun_suffixes: false,
        prepositions: false,
    };
}

impl Default for LightStemParams {
    fn default() -> Self {
        Self::MARSAD
    }
}

/// The number of letters of `w` if it is made of Arabic letters
/// (U+0621–U+064A) only, which are all two bytes in UTF-8.
#[inline]
fn arabic_letters(w: &str) -> Option<usize> {
    let b = w.as_bytes();
    if b.is_empty() || b.len() % 2 != 0 {
        return None;
    }
    // U+0621..=U+064A is D8 A1 ..= D9 8A in UTF-8; tatweel U+0640 is D9 80.
    let ok = b.chunks_exact(2).all(|p| {
        let v = u16::from_be_bytes([p[0], p[1]]);
        (0xD8A1..=0xD98A).contains(&v) && v != 0xD980
    });
    ok.then_some(b.len() / 2)
}

const ARTICLES_LONG: [&str; 10] = ["وبال", "وكال", "فبال", "فكال", "وال", "فال", "بال", "كال", "ولل", "فلل"];
const ARTICLES_L10: [&str; 5] = ["وال", "فال", "بال", "كال", "لل"];
const SUFFIXES: [&str; 10] = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];
const PRONOUNS: [&str; 6] = ["هما", "كما", "هم", "هن", "كم", "نا"];

/// Light-stem one Search-normalised word with [`LightStemParams::MARSAD`].
/// The result is a substring of `word`.
#[inline]
pub fn light_stem(word: &str) -> &str {
    light_stem_with(word, &LightStemParams::MARSAD)
}

/// Light-stem one Search-normalised word with the given parameters.
pub fn light_stem_with<'a>(word: &'a str, p: &LightStemParams) -> &'a str {
    let Some(mut n) = arabic_letters(word) else {
        return word;
    };
    let mut w = word;
    // Conjunction before the article (Light10).
    if let WawRule::BeforeArticle(min) = p.waw {
        if w.starts_with('و') && n > min {
            w = &w[2..];
            n -= 1;
        }
    }
    // Article with its proclitics: all start with one of و ف ب ك ل ا.
    let mut stripped = false;
    let may_prefix = matches!(w.as_bytes()[..2], [0xD9, 0x88 | 0x81 | 0x83 | 0x84] | [0xD8, 0xA8 | 0xA7]);
    if !may_prefix {
    } else if p.long_prefixes {
        for a in ARTICLES_LONG {
            if w.starts_with(a) && n >= a.len() / 2 + p.min_after_article {
                w = &w[a.len()..];
                n -= a.len() / 2;
                stripped = true;
                break;
            }
        }
    } else {
        for a in ARTICLES_L10 {
            if w.starts_with(a) && n >= a.len() / 2 + p.min_after_article {
                w = &w[a.len()..];
                n -= a.len() / 2;
                stripped = true;
                break;
            }
        }
    }
    if !stripped && may_prefix {
        for a in ["ال", "لل"] {
            if w.starts_with(a) && n >= 2 + p.min_after_article {
                w = &w[4..];
                n -= 2;
                break;
            }
        }
    }
    if let WawRule::Everywhere(min) = p.waw {
        while w.starts_with('و') && n > min {
            w = &w[2..];
            n -= 1;
        }
    }
    if p.prepositions && !stripped && n >= 5 && (w.starts_with('ب') || w.starts_with('ل') || w.starts_with('ك')) {
        w = &w[2..];
        n -= 1;
    }
    // Suffixes, each tried once in order. They all end in ا ن ت ه ة ي, and
    // the pronouns in ا م ن.
    if n < 1 + p.min_after_suffix {
        return w;
    }
    let last = &w.as_bytes()[w.len() - 2..];
    let may_suffix = matches!(last, [0xD8, 0xA7 | 0xAA | 0xA9] | [0xD9, 0x86 | 0x87 | 0x8A | 0x85]);
    if !may_suffix {
        return w;
    }
    if p.pronoun_suffixes {
        for s in PRONOUNS {
            if w.ends_with(s) && n >= s.len() / 2 + p.min_after_suffix {
                w = &w[..w.len() - s.len()];
                n -= s.len() / 2;
                break;
            }
        }
    }
    for s in SUFFIXES {
        if w.ends_with(s) && n >= s.len() / 2 + p.min_after_suffix {
            w = &w[..w.len() - s.len()];
            n -= s.len() / 2;
        }
    }
    w
}

/// A word split into proclitics, base and an enclitic pronoun.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliticSplit<'a> {
    /// Proclitics in order, each a slice of the word (`و`, `ف`, `ب`, `ك`,
    /// `ل`, `ال`). For `لل` the parts are `ل` and `ال` even though the word
    /// spells the article without its alef; the second part is then `"ل"`,
    /// rendered as `ال` by [`CliticSplit::article`] and `Display`.
    pub proclitics: Vec<&'a str>,
    /// The rest of the word.
    pub base: &'a str,
    /// An enclitic pronoun (`ه ها هم هما هن كم كما كن نا ني`), if split off.
    pub enclitic: Option<&'a str>,
    /// Whether the proclitics include the definite article.
    pub article: bool,
}

impl CliticSplit<'_> {
    /// The form with `+` marks in the Penn Arabic Treebank style:
    /// `و+ ال+ كتاب +ها` (the same as `to_string()`).
    pub fn surface(&self) -> String {
        self.to_string()
    }

    /// Whether anything was split off.
    pub fn is_split(&self) -> bool {
        !self.proclitics.is_empty() || self.enclitic.is_some()
    }
}

impl fmt::Display for CliticSplit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.proclitics.len();
        for (i, p) in self.proclitics.iter().enumerate() {
            // The article of `لل` is spelled `ل`: show it as `ال`.
            let shown = if self.article && i == n - 1 && *p == "ل" { "ال" } else { p };
            write!(f, "{shown}+ ")?;
        }
        f.write_str(self.base)?;
        if let Some(e) = self.enclitic {
            write!(f, " +{e}")?;
        }
        Ok(())
    }
}

const ENCLITICS: [&str; 10] = ["هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ني", "ه"];

/// Split a Search-normalised word into proclitics, base and enclitic.
///
/// Conservative, lexicon-free rules:
/// * the article `ال` is split when at least 2 letters remain, with an
///   optional preposition `ب`/`ك` before it and an optional conjunction
///   `و`/`ف` before that; `لل` is `ل` + article;
/// * without an article, a conjunction `و`/`ف` is split when the rest is at
///   least 3 letters and starts with a second `و`/`ف` or an imperfect-verb
///   prefix + 3 letters (`ويقول` → `و+ يقول`);
/// * an enclitic pronoun is split only from a word without the article (the
///   two never co-occur), when at least 3 letters remain, and `ه` not after
///   `ا` (`اتجاه`).
pub fn clitic_split(word: &str) -> CliticSplit<'_> {
    let mut out = CliticSplit { proclitics: Vec::new(), base: word, enclitic: None, article: false };
    let Some(mut n) = arabic_letters(word) else {
        return out;
    };
    let mut w = word;
    // Try: conj? prep? article.
    let conj = w.starts_with('و') || w.starts_with('ف');
    let after_conj = if conj { &w[2..] } else { w };
    let nc = if conj { n - 1 } else { n };
    let prep = after_conj.starts_with('ب') || after_conj.starts_with('ك');
    let (after_prep, np) = if prep { (&after_conj[2..], nc - 1) } else { (after_conj, nc) };
    let mut i = 0;
    if after_prep.starts_with("ال") && np >= 4 && after_prep != "الله" {
        if conj {
            out.proclitics.push(&word[0..2]);
            i = 2;
        }
        if prep {
            out.proclitics.push(&word[i..i + 2]);
            i += 2;
        }
        out.proclitics.push(&word[i..i + 4]);
        i += 4;
        out.article = true;
    } else if after_conj.starts_with("لل") && nc >= 4 && after_conj != "لله" {
        if conj {
            out.proclitics.push(&word[0..2]);
            i = 2;
        }
        out.proclitics.push(&word[i..i + 2]);
        out.proclitics.push(&word[i + 2..i + 4]);
        i += 4;
        out.article = true;
    } else if conj && nc >= 3 {
        let second = after_conj.starts_with('و') || after_conj.starts_with('ف');
        let verb = nc >= 4 && ["ي", "ت", "ن"].iter().any(|p| after_conj.starts_with(p)) && !after_conj.ends_with('ة');
        if second || verb {
            out.proclitics.push(&word[..2]);
            i = 2;
        }
    }
    w = &word[i..];
    n -= i / 2;
    if !out.article && !w.starts_with("ال") {
        for e in ENCLITICS {
            if w.ends_with(e) && n >= e.len() / 2 + 3 {
                if e == "ه" && w[..w.len() - 2].ends_with('ا') {
                    continue;
                }
                out.enclitic = Some(&w[w.len() - e.len()..]);
                w = &w[..w.len() - e.len()];
                break;
            }
        }
    }
    out.base = w;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{normalize_str, NormalizeOptions};

    fn st(w: &str) -> String {
        let n = normalize_str(w, &NormalizeOptions::search());
        light_stem(&n).to_string()
    }

    #[test]
    fn prefixes_and_suffixes() {
        assert_eq!(st("المعلمون"), "معلم");
        assert_eq!(st("والمعلمين"), "معلم");
        assert_eq!(st("بالمدرسة"), "مدرس");
        assert_eq!(st("للمدرسة"), "مدرس");
        assert_eq!(st("وبالسيارات"), "سيار");
        assert_eq!(st("السيارة"), "سيار");
        assert_eq!(st("كتابها"), "كتاب");
        // و is treated the same with and without the article.
        assert_eq!(st("وزير"), st("الوزير"));
        assert_eq!(st("والوزير"), st("الوزير"));
    }

    #[test]
    fn length_guards() {
        assert_eq!(st("ال"), "ال");
        assert_eq!(st("الى"), "الي");
        assert_eq!(st("بيان"), "بيان");
        assert_eq!(st("قال"), "قال");
        assert_eq!(st("ولد"), "ولد");
        assert_eq!(st("اليمن"), "يمن");
    }

    #[test]
    fn non_arabic_unchanged() {
        assert_eq!(light_stem("iphone"), "iphone");
        assert_eq!(light_stem("2025"), "2025");
        assert_eq!(light_stem(""), "");
        assert_eq!(light_stem("مُدرسة"), "مُدرسة");
    }

    #[test]
    fn light10_preset() {
        let p = LightStemParams::LIGHT10;
        assert_eq!(light_stem_with("والكتاب", &p), "كتاب");
        assert_eq!(light_stem_with("بيان", &p), "بي");
    }

    #[test]
    fn clitics() {
        let c = clitic_split("والكتاب");
        assert_eq!(c.proclitics, ["و", "ال"]);
        assert_eq!(c.base, "كتاب");
        assert!(c.article);
        assert_eq!(clitic_split("للمملكة").to_string(), "ل+ ال+ مملكة");
        assert_eq!(clitic_split("وللمملكة").to_string(), "و+ ل+ ال+ مملكة");
        assert_eq!(clitic_split("فبالتالي").to_string(), "ف+ ب+ ال+ تالي");
        assert_eq!(clitic_split("ويقول").to_string(), "و+ يقول");
        assert_eq!(clitic_split("وزير").to_string(), "وزير");
        assert_eq!(clitic_split("منهم").to_string(), "منهم");
        assert_eq!(clitic_split("كتابهم").to_string(), "كتاب +هم");
        assert_eq!(clitic_split("اتجاه").to_string(), "اتجاه");
        assert_eq!(clitic_split("الله").to_string(), "الله");
        assert_eq!(clitic_split("ال").to_string(), "ال");
        assert!(!clitic_split("abc").is_split());
    }
}
