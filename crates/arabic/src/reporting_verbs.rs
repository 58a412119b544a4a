//! News reporting verbs (`قال، أضاف، أوضح، أكد`…), written by the marsad team.
//!
//! # Rationale
//!
//! Arabic news attributes almost every statement with a small set of verbs of
//! saying, usually sentence-initial and often with the conjunction `و`
//! (`وأضاف`, `وأوضحت`). They are a class of their own: they are noise for
//! topic similarity (every article "says"), but they are the anchor of quote
//! and source attribution (`وقال وزير الصحة: «…»`), so they are kept apart
//! from the [stopwords](crate::stopwords) and looked up with their lemma.
//!
//! The list covers verbs that introduce or qualify reported speech in Saudi
//! and pan-Arab news: statement (`قال، صرح، ذكر، أفاد، أعلن`), continuation
//! (`أضاف، تابع، أردف، استطرد، أكمل، اختتم`), explanation (`أوضح، بين، أشار،
//! لفت، نوه، كشف`), stance (`أكد، شدد، اعتبر، رأى، زعم، نفى، حذر، دعا، طالب،
//! أعرب، أبدى، توقع، رجح، أقر، اعترف`) and reply (`أجاب، رد، علق`). Each is
//! listed with the forms news uses: past 3rd person masculine/feminine,
//! singular/dual/plural, and imperfect 3rd person (`يقول، تقول، يقولون`). A
//! leading conjunction `و`/`ف` is handled by rule.

use std::sync::OnceLock;

use crate::normalize::{normalize_str, NormalizeOptions};

/// A reporting verb: its lemma (past 3rd person masculine singular, in
/// ordinary spelling) and its forms, also in ordinary spelling. A form
/// written `+` is expanded by [`forms`]: see [`VERBS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportingVerb {
    /// The lemma, e.g. `أضاف`.
    pub lemma: &'static str,
    /// Past 3ms and imperfect 3ms (`أضاف`, `يضيف`), from which the regular
    /// forms are made, plus any irregular forms.
    pub forms: &'static [&'static str],
    /// Whether the past and imperfect are regular: past + `ت وا ا تا`,
    /// imperfect with `ت` for `ي` and + `ون`.
    pub regular: bool,
}

const fn reg(lemma: &'static str, forms: &'static [&'static str]) -> ReportingVerb {
    ReportingVerb { lemma, forms, regular: true }
}

const fn irr(lemma: &'static str, forms: &'static [&'static str]) -> ReportingVerb {
    ReportingVerb { lemma, forms, regular: false }
}

/// The reporting verbs.
pub const VERBS: &[ReportingVerb] = &[
    irr("قال", &["قال", "قالت", "قالوا", "قالا", "قالتا", "قلن", "يقول", "تقول", "يقولون", "يقولان", "تقولان"]),
    reg("أضاف", &["أضاف", "يضيف"]),
    reg("أوضح", &["أوضح", "يوضح"]),
    reg("أكد", &["أكد", "يؤكد"]),
    reg("صرح", &["صرح", "يصرح"]),
    reg("أشار", &["أشار", "يشير"]),
    reg("لفت", &["لفت", "يلفت"]),
    reg("نوه", &["نوه", "ينوه"]),
    reg("كشف", &["كشف", "يكشف"]),
    reg("أعلن", &["أعلن", "يعلن"]),
    reg("ذكر", &["ذكر", "يذكر"]),
    reg("تابع", &["تابع", "يتابع"]),
    reg("شدد", &["شدد", "يشدد"]),
    reg("بين", &["بين", "يبين"]),
    reg("أفاد", &["أفاد", "يفيد"]),
    reg("أردف", &["أردف", "يردف"]),
    reg("اعتبر", &["اعتبر", "يعتبر"]),
    irr("رأى", &["رأى", "رأت", "رأوا", "رأيا", "رأتا", "يرى", "ترى", "يرون"]),
    reg("زعم", &["زعم", "يزعم"]),
    irr("نفى", &["نفى", "نفت", "نفوا", "نفيا", "نفتا", "ينفي", "تنفي", "ينفون"]),
    reg("استطرد", &["استطرد", "يستطرد"]),
    reg("حذر", &["حذر", "يحذر"]),
    irr("دعا", &["دعا", "دعت", "دعوا", "دعتا", "يدعو", "تدعو", "يدعون"]),
    reg("طالب", &["طالب", "يطالب"]),
    reg("أعرب", &["أعرب", "يعرب"]),
    irr("أبدى", &["أبدى", "أبدت", "أبدوا", "أبديا", "يبدي", "تبدي", "يبدون"]),
    reg("أكمل", &["أكمل", "يكمل"]),
    reg("اختتم", &["اختتم", "يختتم"]),
    reg("أجاب", &["أجاب", "يجيب"]),
    irr("رد", &["رد", "ردت", "ردوا", "ردا", "يرد", "ترد", "يردون"]),
    reg("علق", &["علق", "يعلق"]),
    reg("أفصح", &["أفصح", "يفصح"]),
    reg("أبلغ", &["أبلغ", "يبلغ"]),
    reg("أقر", &["أقر", "يقر"]),
    reg("اعترف", &["اعترف", "يعترف"]),
    reg("توقع", &["توقع", "يتوقع"]),
    reg("رجح", &["رجح", "يرجح"]),
    reg("ألمح", &["ألمح", "يلمح"]),
    reg("نقل", &["نقل", "ينقل"]),
    reg("أبان", &["أبان", "يبين"]),
    reg("أشاد", &["أشاد", "يشيد"]),
    reg("حث", &["حث", "يحث"]),
    reg("ناشد", &["ناشد", "يناشد"]),
    irr("أوصى", &["أوصى", "أوصت", "أوصوا", "يوصي", "توصي", "يوصون"]),
];

/// Every form of `v` in ordinary spelling (regular forms expanded).
pub fn forms(v: &ReportingVerb) -> Vec<String> {
    let mut out: Vec<String> = v.forms.iter().map(|s| s.to_string()).collect();
    if v.regular {
        if let [past, imperf, ..] = v.forms {
            for suf in ["ت", "وا", "ا", "تا"] {
                out.push(format!("{past}{suf}"));
            }
            if let Some(rest) = imperf.strip_prefix('ي') {
                out.push(format!("ت{rest}"));
                out.push(format!("{imperf}ون"));
            }
        }
    }
    out
}

fn table() -> &'static [(String, &'static str)] {
    static T: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    T.get_or_init(|| {
        let o = NormalizeOptions::search();
        let mut v: Vec<(String, &'static str)> = Vec::new();
        for verb in VERBS {
            for f in forms(verb) {
                v.push((normalize_str(&f, &o).into_owned(), verb.lemma));
            }
        }
        v.sort();
        // A form shared by two lemmas keeps the first in sort order.
        v.dedup_by(|a, b| a.0 == b.0);
        v
    })
}

/// All reporting-verb forms in Search form with their lemma, sorted by form.
pub fn all_forms() -> &'static [(String, &'static str)] {
    table()
}

/// Forms → lemma. FxHash: this runs for every token of every article (quote
/// attribution looks for reporting verbs everywhere), where a binary
/// search's string comparisons took 6% of the analysis.
type FormIndex = rustc_hash::FxHashMap<&'static str, &'static str>;

/// The table as a hash map, and its longest form in bytes.
fn index() -> &'static (FormIndex, usize) {
    static I: OnceLock<(FormIndex, usize)> = OnceLock::new();
    I.get_or_init(|| {
        let t = table();
        let map: FormIndex = t.iter().map(|(f, l)| (f.as_str(), *l)).collect();
        (map, t.iter().map(|(f, _)| f.len()).max().unwrap_or(0))
    })
}

fn lookup(w: &str) -> Option<&'static str> {
    let (map, max_len) = index();
    if w.len() > *max_len {
        return None;
    }
    map.get(w).copied()
}

/// The lemma of a reporting verb, given a word in any spelling (it is
/// Search-normalised here), with or without a leading `و`/`ف`:
/// `reporting_verb("وأضافت") == Some("أضاف")`.
pub fn reporting_verb(word: &str) -> Option<&'static str> {
    let n = normalize_str(word, &NormalizeOptions::search());
    reporting_verb_normalized(&n)
}

/// [`reporting_verb`] for a word already in Search form.
pub fn reporting_verb_normalized(normalized: &str) -> Option<&'static str> {
    if let Some(l) = lookup(normalized) {
        return Some(l);
    }
    if normalized.len() > 4 && (normalized.starts_with('و') || normalized.starts_with('ف')) {
        return lookup(&normalized[2..]);
    }
    None
}

/// Whether `word` (any spelling) is a reporting verb.
pub fn is_reporting_verb(word: &str) -> bool {
    reporting_verb(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_lemmas() {
        for (w, l) in [
            ("قال", "قال"),
            ("وقالت", "قال"),
            ("وأضاف", "أضاف"),
            ("وأوضحت", "أوضح"),
            ("يؤكد", "أكد"),
            ("وتؤكد", "أكد"),
            ("أكّدوا", "أكد"),
            ("وأشارت", "أشار"),
            ("فيما يرى", "رأى"),
            ("ونفت", "نفى"),
            ("يقولون", "قال"),
            ("وشدّد", "شدد"),
            ("مشيرا", ""),
        ] {
            let got = reporting_verb(w.split(' ').next_back().unwrap());
            if l.is_empty() {
                assert_eq!(got, None, "{w}");
            } else {
                assert_eq!(got, Some(l), "{w}");
            }
        }
        assert!(!is_reporting_verb("الرياض"));
        assert!(!is_reporting_verb("و"));
    }

    #[test]
    fn table_sorted() {
        let t = all_forms();
        assert!(t.len() > 200);
        assert!(t.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
