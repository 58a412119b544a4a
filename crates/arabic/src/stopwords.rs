//! Stopwords: Arabic function words, written by the marsad team.
//!
//! # Rationale
//!
//! A stopword here is a **closed-class function word**: something that any
//! news article uses regardless of its subject, so that it says nothing about
//! *which* story an article tells. The list is used to flag terms (the
//! [`Analyzer`](crate::analyzer::Analyzer) sets `stopword` on each term; the
//! caller decides whether to drop them) for keyword extraction, similarity
//! signatures and query parsing.
//!
//! Included, by group (see [`SOURCE`]):
//! * prepositions and their most frequent pronoun-suffixed forms (`في، فيه،
//!   عليها، لهم`);
//! * conjunctions, subordinators and particles (`ثم، أو، بل، لكن، أن، إن،
//!   لأن، إذا، قد، سوف`);
//! * negation (`لا، لم، لن، ليس، ما`): it matters to meaning, but in a bag
//!   of words it is noise; phrase search keeps it because the analyzer only
//!   flags stopwords;
//! * pronouns, demonstratives, relative pronouns, interrogatives;
//! * the copula and its sisters (`كان، أصبح، ظل، لا يزال`…), which carry
//!   tense but not topic;
//! * quantifiers and discourse adverbs (`كل، بعض، جميع، أيضا، فقط، حيث،
//!   كذلك`), and `أمس`, which almost every Saudi news item contains.
//!
//! Left out on purpose: numerals (`ثلاثة، مليون` — numbers matter in news),
//! temporal nouns that name something (`اليوم` is also a newspaper's name in
//! SaudiNewsNet; weekdays and months), titles (`الأمير، الشيخ`), and
//! reporting verbs (`قال، أضاف`), which live in
//! [`reporting_verbs`](crate::reporting_verbs) because quote attribution
//! needs them as a separate class.
//!
//! Words are written here in ordinary spelling; [`stopwords()`] gives the
//! sorted list in [`Level::Search`](crate::normalize::Level) form, which is
//! what [`is_stopword`] checks. A word with a conjunction `و`/`ف` in front of
//! a stopword (`وفي، فإن، ولكن`) is a stopword too.
//!
//! Folding has one well-known cost: the search form of `على` ("on") is
//! `علي`, the name Ali; [`is_stopword_token`] looks at the original spelling
//! to keep `علي` (and `آلي` "automatic", whose search form is that of `إلى`).
//!
//! Compared with the published list in `shared/data/reference/` (Mohataher,
//! ~750 entries with every clitic combination spelled out), this list is
//! shorter (about 250 entries) because conjunction prefixes are handled by
//! rule and spelling variants by normalisation, and it leaves out the
//! numerals and time nouns that list includes.

use std::sync::OnceLock;

use crate::normalize::{normalize_str, NormalizeOptions};

/// The stopwords in ordinary spelling, grouped, one group per line. This is
/// the source of [`stopwords()`].
pub const SOURCE: &[&str] = &[
    // Prepositions.
    "في من إلى على عن مع حتى منذ مذ عند لدى لدن نحو حول خلال بين ضد عبر دون سوى غير تجاه رغم بعد قبل فوق تحت أمام خلف وراء ضمن عدا خلا حيال إزاء جراء وفق وفقا طبقا حسب بحسب بسبب لصالح",
    // Prepositions with pronoun suffixes.
    "فيه فيها فيهم فيهما فينا منه منها منهم منهما منا إليه إليها إليهم إلينا عليه عليها عليهم عليهما علينا عنه عنها عنهم عنا معه معها معهم معنا له لها لهم لهما لنا لك لكم به بها بهم بنا بك بكم لديه لديها لديهم لدينا بينهم بينها بينهما عندهم عنده عندها",
    // Conjunctions, subordinators, particles.
    "و ف ثم أو أم بل لكن ولكن لكنه لكنها إن أن إنه إنها أنه أنها أنهم إنهم أنهما كأن لأن لأنه لأنها لأنهم لعل ليت كي لكي إذ إذا إذن لو لولا لما كلما بينما حيث حين حينما عندما كما مثلما بما فيما مما ممن عما إما أما إلا ألا قد لقد سوف هل",
    // Negation.
    "لا لم لن ليس ليست ليسوا ما",
    // Pronouns.
    "أنا نحن أنت أنتم أنتما أنتن هو هي هم هما هن إياه إياها إياهم",
    // Demonstratives and place deixis.
    "هذا هذه هذان هذين هاتان هاتين هؤلاء ذلك تلك ذاك أولئك هنا هناك هنالك",
    // Relative pronouns.
    "الذي التي الذين اللذان اللذين اللتان اللتين اللاتي اللواتي اللائي",
    // Interrogatives.
    "كيف متى أين كم ماذا لماذا أي أية",
    // The copula and its sisters.
    "كان كانت كانوا كانا يكون تكون يكونوا يكونون أصبح أصبحت أصبحوا صار صارت ظل ظلت بات باتت مازال مازالت يزال تزال زال زالت",
    // Quantifiers and discourse adverbs.
    "كل كلا كلتا بعض جميع عدة أيضا كذلك فقط جدا الآن حاليا دائما أبدا قط تماما معا نفس ذات حوالي قرابة أكثر أقل مثل أمس",
];

/// The stopwords in Search form, sorted and deduplicated.
pub fn stopwords() -> &'static [String] {
    static LIST: OnceLock<Vec<String>> = OnceLock::new();
    LIST.get_or_init(|| {
        let o = NormalizeOptions::search();
        let mut v: Vec<String> =
            SOURCE.iter().flat_map(|g| g.split_whitespace()).map(|w| normalize_str(w, &o).into_owned()).collect();
        v.sort();
        v.dedup();
        v
    })
}

/// An open-addressing hash set over [`stopwords()`]: the lookup is on the
/// hot path of the analyzer (once or twice per word), where a binary search
/// over ~250 strings costs more than normalising the word.
struct Table {
    slots: Vec<u16>,
    mask: usize,
    max_len: usize,
}

const EMPTY: u16 = u16::MAX;

#[inline]
fn hash(b: &[u8]) -> usize {
    // The first and last 8 bytes and the length: the words are short.
    let n = b.len();
    let k = n.min(8);
    let mut head = [0u8; 8];
    head[..k].copy_from_slice(&b[..k]);
    let mut tail = [0u8; 8];
    tail[8 - k..].copy_from_slice(&b[n - k..]);
    let h = (u64::from_le_bytes(head) ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ u64::from_le_bytes(tail).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    (h ^ (h >> 31)) as usize
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let list = stopwords();
        let cap = (list.len() * 4).next_power_of_two();
        let mut slots = vec![EMPTY; cap];
        for (i, w) in list.iter().enumerate() {
            let mut h = hash(w.as_bytes()) & (cap - 1);
            while slots[h] != EMPTY {
                h = (h + 1) & (cap - 1);
            }
            slots[h] = i as u16;
        }
        Table { slots, mask: cap - 1, max_len: list.iter().map(|s| s.len()).max().unwrap_or(0) }
    })
}

#[inline]
fn lookup(w: &str) -> bool {
    let t = table();
    if w.len() > t.max_len {
        return false;
    }
    let list = stopwords();
    let mut h = hash(w.as_bytes()) & t.mask;
    loop {
        let i = t.slots[h];
        if i == EMPTY {
            return false;
        }
        if list[i as usize] == w {
            return true;
        }
        h = (h + 1) & t.mask;
    }
}

/// Whether a **Search-normalised** word is a stopword, directly or after a
/// conjunction `و`/`ف` (`وفي`, `فان`).
#[inline]
pub fn is_stopword(normalized: &str) -> bool {
    if normalized.is_empty() {
        return false;
    }
    if lookup(normalized) {
        return true;
    }
    if normalized.len() > 2 && (normalized.starts_with('و') || normalized.starts_with('ف')) && normalized != "فهم"
    {
        return lookup(&normalized[2..]);
    }
    false
}

/// [`is_stopword`] with the original spelling as a tie-breaker: `علي` (Ali)
/// and `آلي`/`الي` ("automatic") are not stopwords, though their search forms
/// equal those of `على` and `إلى`. `original` is the token as written.
pub fn is_stopword_token(original: &str, normalized: &str) -> bool {
    if !is_stopword(normalized) {
        return false;
    }
    let base = normalized.trim_start_matches(['و', 'ف']);
    if base == "علي" || base == "الي" {
        // Spelled with a dotted yeh at the end (ignoring marks): not على/إلى.
        let last = original.chars().rev().find(|c| !crate::normalize::is_arabic_diacritic(*c) && *c != '\u{0640}');
        return last != Some('ي');
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_normalised_unique() {
        let l = stopwords();
        assert!(l.len() > 200, "{}", l.len());
        assert!(l.windows(2).all(|w| w[0] < w[1]));
        let o = NormalizeOptions::search();
        for w in l {
            assert_eq!(normalize_str(w, &o), w.as_str());
        }
    }

    #[test]
    fn source_has_no_duplicates() {
        let mut all: Vec<&str> = SOURCE.iter().flat_map(|g| g.split_whitespace()).collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "duplicate entries in SOURCE");
    }

    #[test]
    fn lookups() {
        for w in ["في", "الي", "علي", "الذي", "هذه", "وفي", "فان", "ولكن", "ايضا", "لا"]
        {
            assert!(is_stopword(w), "{w}");
        }
        for w in ["الرياض", "وزير", "قال", "", "2025", "the", "فريق", "فهم"] {
            assert!(!is_stopword(w), "{w}");
        }
    }

    #[test]
    fn ali_is_not_ala() {
        assert!(is_stopword_token("على", "علي"));
        assert!(is_stopword_token("عَلَى", "علي"));
        assert!(!is_stopword_token("علي", "علي"));
        assert!(is_stopword_token("إلى", "الي"));
        assert!(!is_stopword_token("آلي", "الي"));
        assert!(is_stopword_token("وعلى", "وعلي"));
    }
}
