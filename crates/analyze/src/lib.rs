//! `Article` → `AnalyzedArticle`: named entities with one canonical name
//! each, time expressions, quotes with their speakers, keywords and repeated
//! statements.
//!
//! Modules:
//! - [`entities`]: named-entity recognition and canonicalisation.
//! - [`times`]: TimeML time expressions resolved against a reference date.
//! - [`quotes`]: direct and indirect quotations with reporting verb and speaker.
//! - [`keywords`]: keyphrases scored by corpus statistics.
//! - [`repeats`]: sentences of one article that restate each other.
#![warn(missing_docs)]

pub mod article;
pub mod entities;
pub mod keywords;
pub mod quotes;
pub mod repeats;
pub mod times;

/// The version of the analysis rules: bumped whenever a code change alters
/// what the analysis of an unchanged article holds (entity ids or canonical
/// names, time values, quotes, keywords), so that stores re-analyse the
/// articles they hold. See [`analysis_version`].
///
/// 2: entity ids of places, organisations and the rest hash the loose key
/// (alefs kept), no longer a person's skeleton.
/// 3: institutions named after people (مستشفى الملك فهد) are institutions.
/// 4: a clitic is not split off a name because the rest is a two-letter
/// word found elsewhere (فان غال).
/// 5: a month name beside its other regional name (نيسان (أبريل)) is a date.
/// 6: an institution's name cut at a title joins the person after it.
/// 7: quotes: participles (مشيراً) continue the speaker, long speaker
/// descriptions, titles and asides (يذكر أن، قبل أن) are not sayings,
/// speakers resolve to the person rather than a place or nationality;
/// repeated statements: sentences giving different figures are different
/// facts; a decimal written with a bidi mark is one number.
/// 8: a name found once in an article is found wherever it is repeated
/// there (surnames of persons named in full included); a lone name after
/// the family's آل is not the person.
/// 9: keywords neither start nor end on a word that links the parts of a
/// name (بن، بنت), nor end on one that needs a part after it (عبد، أبو، آل);
/// a phrase that is only a part of a longer name weighs less; honorifics
/// (سموه، معاليه) are no part of a keyword.
/// 10: a weekday beside a relative day (أمس الأحد) decides the date when it
/// lies a day or two before the day counted from the publication date (an
/// article published after it was written); no keyword straddles the
/// edge of a name, is made of person titles alone (الأمير) or ends on صاحب;
/// a word said only inside longer names is no keyword, nor is a word cut
/// out of a phrase that holds it twice (ولي of ولي ولي العهد); a feminine or
/// plural relative adjective (السعودية) is keyed apart from its noun (سعود);
/// a quote's speaker continued from an earlier paragraph gives way to the
/// person the quote's paragraph opens with; an adverb of time by the verb
/// (حينها) is no speaker.
/// 11: the preposition على is no name (it is علي once normalised) outside
/// Egyptian spelling; a place only named with the article (اليمن) is not
/// its bare word (يمن, a verb); a name that starts inside a phrase the
/// alias table says is never one (حسن الجوار) is none.
/// 12: Saudi Arabia's regions and governorates in the alias table (the
/// tagger retrained); a person's regnal number keeps its `ا` in the name's
/// skeleton (عبدالله الثاني is not عبدالله الثني).
/// 13: the governorates of Yemen, Iraq, Syria, Libya and Egypt in the alias
/// table (the tagger retrained); an ambiguous place name is a place in a
/// list beside a place already found (عدن ولحج وأبين); a word-final `اء`
/// stays in a name's skeleton (السويداء is not السويد).
/// 14: a Latin letter's name alone (`بي` of `بي. بي. سي`) is no entity;
/// a person span that runs two people together with `و` is split
/// (`عبدالله السديري وفهد الثنيان`); no name begins with `الله`; a name
/// written with `لل` is named with `ال` (`للإسلام` → `الإسلام`).
/// 15: a person named by one word alone, whose word the corpus almost never
/// takes for a name (`أين`, `كوادر`), is no entity; an unknown name keeps a
/// first letter that would leave such a word (`بلان` is not ب + `لان`); a
/// person's name after `مدينة`, `قاعة`, `متنزه` or `مديرية` is a place's
/// (`مدينة الملك عبدالله`, `مديرية الشيخ عثمان`).
/// 16: a person's name after a company's, association's or competition's
/// head noun is that body's or competition's (`شركة عبد اللطيف جميل`,
/// `دوري عبد اللطيف جميل`, `مسابقة الملك عبدالعزيز`); a name is cut before a
/// blessing (`محمد صلى الله عليه وسلم`); the alias table names the late
/// king (`الملك عبدالله`), Jordan's king and the Prophet, and stops
/// `الرضا`, `توفيق الله` (the tagger retrained).
/// 17: the alias table's newspapers, banks, clubs, a stadium, a stock
/// index, the MERS virus and more `STOP` names (the tagger retrained); an
/// adjective after an institution's name is no person (`مطار الملك خالد
/// الدولي`); a word alone is no one's name under 15 % instead of 10 %; a
/// connector no name can follow leaves the person's name (`صدام حسين |
/// ابن عمه`).
/// 18: a name the tagger cut in two is one (`أم | محمد`, `محمد | عثمان
/// الخشت`); `محمد` before `صلى الله عليه وسلم` is the Prophet; rarely
/// written spellings of a foreign name join it on less company (person
/// merges 6); twelve nouns and verbs alone are no persons (`رضا`
/// "satisfaction", `ريب`, `دان`); a group named with what it is called
/// (`تنظيم داعش الإرهابي`) is the group; eleven common nouns alone are
/// no other names (`ميليشيا`, `هاون`); a name does not end with a bare
/// article (`البطولة العربية ال|13`).
/// 19: an organisation or other name of one word is one entity with and
/// without its article (`تويتر` / `التويتر`, `الفيتو` / `فيتو`); a kunya after
/// a person's name continues it (`محمد أبو زيد`); a second name whose `و` is
/// its own letter (`مبارك واكاسو`) continues the first.
pub const ANALYSIS_RULES: u32 = 19;

/// What an analysis is made with: [`ANALYSIS_RULES`] and the fingerprint of
/// the built-in NER model (which covers the tables it was trained with). A
/// store records it beside its analyses; when it differs from the running
/// marsad's, the stored analyses are outdated and are made again.
///
/// Computed once per process (it hashes the embedded model).
///
/// ```
/// let v = marsad_analyze::analysis_version();
/// assert!(v.starts_with(&format!("{}-", marsad_analyze::ANALYSIS_RULES)));
/// assert_eq!(v, marsad_analyze::analysis_version());
/// ```
pub fn analysis_version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| format!("{ANALYSIS_RULES}-{:016x}", entities::tagger::Tagger::builtin_fingerprint()))
}
