//! Small general-knowledge word lists the cleanup needs: news agencies, the
//! place names that open Arabic datelines, and the words a byline uses for
//! "our correspondents" / "agencies". Nothing here is specific to one
//! newspaper: per-source boilerplate is learned (see [`crate::learn`]).
//!
//! All lookups fold spelling first ([`key`]): hamza forms, ى/ي, ة/ه,
//! diacritics, tatweel, bidi marks and punctuation around the word.

use std::collections::HashMap;
use std::sync::OnceLock;

/// News agencies as Arabic bylines write them, with the canonical name.
const AGENCIES: &[(&str, &str)] = &[
    ("واس", "واس"),
    ("وكالة الانباء السعودية", "واس"),
    ("أ ف ب", "أ ف ب"),
    ("ا ف ب", "أ ف ب"),
    ("أف ب", "أ ف ب"),
    ("أفب", "أ ف ب"),
    ("فرانس برس", "أ ف ب"),
    ("فرانس بريس", "أ ف ب"),
    ("رويترز", "رويترز"),
    ("د ب أ", "د ب أ"),
    ("دب أ", "د ب أ"),
    ("يو بي آي", "يو بي آي"),
    ("يو بي اي", "يو بي آي"),
    ("أ ب", "أ ب"),
    ("أسوشيتد برس", "أ ب"),
    ("اسوشيتد برس", "أ ب"),
    ("أ ش أ", "أ ش أ"),
    ("قنا", "قنا"),
    ("وام", "وام"),
    ("بنا", "بنا"),
    ("كونا", "كونا"),
    ("سبأ", "سبأ"),
    ("سانا", "سانا"),
    ("بترا", "بترا"),
    ("العمانية", "العمانية"),
    ("الأناضول", "الأناضول"),
    ("الاناضول", "الأناضول"),
    ("شينخوا", "شينخوا"),
    ("سبوتنيك", "سبوتنيك"),
    ("إرنا", "إرنا"),
    ("ارنا", "إرنا"),
    ("وات", "وات"),
    ("واج", "واج"),
    ("لاماب", "لاماب"),
    ("ومع", "ومع"),
    ("نوفوستي", "نوفوستي"),
    ("إيتار تاس", "إيتار تاس"),
    ("تاس", "تاس"),
    ("كيودو", "كيودو"),
    ("يونهاب", "يونهاب"),
    ("بي بي سي", "بي بي سي"),
    ("سي إن إن", "سي إن إن"),
    ("afp", "أ ف ب"),
    ("reuters", "رويترز"),
    ("ap", "أ ب"),
    ("dpa", "د ب أ"),
    ("spa", "واس"),
];

/// Words a byline uses for the paper's own staff or for compiled wires:
/// they are neither a place nor a person.
const CREDIT_WORDS: &[&str] = &[
    "وكالات",
    "الوكالات",
    "متابعات",
    "متابعة",
    "خاص",
    "خاص ب",
    "مراسلنا",
    "مراسلونا",
    "مكاتبنا",
    "المحرر",
    "المحليات",
    "محرر",
    "تحرير",
    "ترجمة",
    "اعداد",
    "تقرير",
    "رصد",
    "بقلم",
    "كتب",
    "كتبت",
    "زائر",
    // titles before a name (`المحامي: عبدالله …`)
    "المحامي",
    "الدكتور",
    "د",
    "المهندس",
    "الكاتب",
    "الاستاذ",
    "الشيخ",
    "المستشار",
];

/// Places that open datelines and bylines: Saudi regions, cities and
/// governorates, Arab and world capitals and cities often datelined, and
/// the generic `عواصم` ("capitals").
const PLACES: &[&str] = &[
    // Saudi Arabia
    "الرياض",
    "جدة",
    "مكة المكرمة",
    "مكة",
    "المدينة المنورة",
    "الدمام",
    "الخبر",
    "الظهران",
    "الأحساء",
    "الاحساء",
    "الهفوف",
    "المبرز",
    "القطيف",
    "الجبيل",
    "رأس تنورة",
    "بقيق",
    "تبوك",
    "أبها",
    "خميس مشيط",
    "جازان",
    "جيزان",
    "نجران",
    "الباحة",
    "حائل",
    "عرعر",
    "سكاكا",
    "الجوف",
    "القريات",
    "طبرجل",
    "بريدة",
    "عنيزة",
    "القصيم",
    "الرس",
    "البكيرية",
    "المذنب",
    "البدائع",
    "الطائف",
    "ينبع",
    "رابغ",
    "القنفذة",
    "الليث",
    "بيشة",
    "محايل عسير",
    "محايل",
    "النماص",
    "تنومة",
    "بلجرشي",
    "المخواة",
    "العقيق",
    "الخرج",
    "المجمعة",
    "الزلفي",
    "شقراء",
    "الدوادمي",
    "عفيف",
    "القويعية",
    "وادي الدواسر",
    "الأفلاج",
    "السليل",
    "حوطة بني تميم",
    "الدرعية",
    "حفر الباطن",
    "الخفجي",
    "النعيرية",
    "رفحاء",
    "طريف",
    "العلا",
    "ضباء",
    "الوجه",
    "أملج",
    "تيماء",
    "حقل",
    "صبيا",
    "أبو عريش",
    "صامطة",
    "فرسان",
    "الدرب",
    "شرورة",
    "سراة عبيدة",
    "ظهران الجنوب",
    "رجال ألمع",
    "أحد رفيدة",
    "منى",
    "عرفات",
    "مزدلفة",
    "خليص",
    "الكامل",
    "بدر",
    "خيبر",
    "المهد",
    "الحناكية",
    "رنية",
    "تربة",
    "الخرمة",
    "ميسان",
    "أضم",
    "العرضيات",
    "المملكة",
    "السعودية",
    "عسير",
    "الشرقية",
    "المنطقة الشرقية",
    "منطقة مكة المكرمة",
    "الحدود الشمالية",
    // Gulf and Arab world
    "دبي",
    "أبوظبي",
    "أبو ظبي",
    "الشارقة",
    "عجمان",
    "الفجيرة",
    "رأس الخيمة",
    "العين",
    "الدوحة",
    "المنامة",
    "الكويت",
    "مسقط",
    "صلالة",
    "صنعاء",
    "عدن",
    "تعز",
    "الحديدة",
    "مأرب",
    "المكلا",
    "حضرموت",
    "صعدة",
    "لحج",
    "أبين",
    "القاهرة",
    "الإسكندرية",
    "الاسكندرية",
    "الجيزة",
    "أسوان",
    "الأقصر",
    "بورسعيد",
    "السويس",
    "الإسماعيلية",
    "شرم الشيخ",
    "العريش",
    "سيناء",
    "عمان",
    "عمّان",
    "الزرقاء",
    "إربد",
    "العقبة",
    "بيروت",
    "طرابلس",
    "صيدا",
    "صور",
    "دمشق",
    "حلب",
    "حمص",
    "حماة",
    "إدلب",
    "ادلب",
    "درعا",
    "اللاذقية",
    "طرطوس",
    "الرقة",
    "دير الزور",
    "الحسكة",
    "القامشلي",
    "بغداد",
    "البصرة",
    "الموصل",
    "أربيل",
    "اربيل",
    "كركوك",
    "النجف",
    "كربلاء",
    "الفلوجة",
    "الرمادي",
    "تكريت",
    "السليمانية",
    "الأنبار",
    "القدس",
    "رام الله",
    "غزة",
    "نابلس",
    "الخليل",
    "جنين",
    "بيت لحم",
    "الناصرة",
    "تل أبيب",
    "حيفا",
    "الخرطوم",
    "أم درمان",
    "بورتسودان",
    "جوبا",
    "بنغازي",
    "مصراتة",
    "سرت",
    "درنة",
    "تونس",
    "صفاقس",
    "سوسة",
    "الجزائر",
    "وهران",
    "قسنطينة",
    "الرباط",
    "الدار البيضاء",
    "مراكش",
    "فاس",
    "طنجة",
    "نواكشوط",
    "مقديشو",
    "جيبوتي",
    "أسمرة",
    "موروني",
    // countries used as datelines
    "مصر",
    "الأردن",
    "لبنان",
    "سوريا",
    "سورية",
    "العراق",
    "اليمن",
    "قطر",
    "البحرين",
    "الإمارات",
    "عُمان",
    "فلسطين",
    "ليبيا",
    "السودان",
    "المغرب",
    "موريتانيا",
    "الصومال",
    "إيران",
    "ايران",
    "تركيا",
    "باكستان",
    "أفغانستان",
    "الهند",
    "الصين",
    "اليابان",
    "روسيا",
    "أمريكا",
    "الولايات المتحدة",
    "بريطانيا",
    "فرنسا",
    "ألمانيا",
    "إيطاليا",
    "إسبانيا",
    // world
    "طهران",
    "مشهد",
    "أنقرة",
    "إسطنبول",
    "اسطنبول",
    "استانبول",
    "إسلام آباد",
    "اسلام اباد",
    "كراتشي",
    "لاهور",
    "كابول",
    "نيودلهي",
    "مومباي",
    "دكا",
    "كولومبو",
    "كاتمندو",
    "واشنطن",
    "نيويورك",
    "لوس أنجليس",
    "لوس انجليس",
    "شيكاغو",
    "ميامي",
    "هيوستن",
    "سان فرانسيسكو",
    "بوسطن",
    "أوتاوا",
    "تورنتو",
    "مونتريال",
    "مكسيكو",
    "هافانا",
    "كاراكاس",
    "برازيليا",
    "ريو دي جانيرو",
    "ساو باولو",
    "بوينس آيرس",
    "سانتياغو",
    "ليما",
    "بوغوتا",
    "لندن",
    "مانشستر",
    "ليفربول",
    "باريس",
    "مرسيليا",
    "ليون",
    "برلين",
    "ميونيخ",
    "فرانكفورت",
    "هامبورغ",
    "روما",
    "ميلانو",
    "تورينو",
    "نابولي",
    "الفاتيكان",
    "مدريد",
    "برشلونة",
    "لشبونة",
    "بروكسل",
    "أمستردام",
    "لاهاي",
    "جنيف",
    "زيوريخ",
    "برن",
    "لوزان",
    "فيينا",
    "أثينا",
    "نيقوسيا",
    "موسكو",
    "سانت بطرسبرغ",
    "كييف",
    "وارسو",
    "براغ",
    "بودابست",
    "بوخارست",
    "صوفيا",
    "بلغراد",
    "ستوكهولم",
    "أوسلو",
    "كوبنهاغن",
    "هلسنكي",
    "دبلن",
    "بكين",
    "شنغهاي",
    "هونغ كونغ",
    "هونج كونج",
    "طوكيو",
    "سول",
    "بيونغ يانغ",
    "بيونج يانج",
    "تايبيه",
    "مانيلا",
    "جاكرتا",
    "كوالالمبور",
    "سنغافورة",
    "بانكوك",
    "هانوي",
    "سيدني",
    "ملبورن",
    "كانبيرا",
    "ويلينغتون",
    "نيروبي",
    "أديس أبابا",
    "لاغوس",
    "أبوجا",
    "داكار",
    "جوهانسبرغ",
    "كيب تاون",
    "بريتوريا",
    "كمبالا",
    "دار السلام",
    "كينشاسا",
    "باماكو",
    "نيامي",
    "انجامينا",
    "الأمم المتحدة",
    "نيويورك الأمم المتحدة",
    "عواصم",
    "العواصم",
];

/// Fold a word or phrase for lookup: hamza forms and madda → ا, ى → ي,
/// ة → ه, diacritics, tatweel and bidi marks dropped, brackets and quotes
/// and punctuation at the ends dropped, inner whitespace collapsed, Latin
/// lower-cased, dots between letters (`أ.ف.ب`) turned into spaces.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' | 'ی' => 'ي',
            'ة' => 'ه',
            'ک' => 'ك',
            '\u{064B}'..='\u{0652}' | '\u{0670}' | 'ـ' => continue,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => continue,
            '.' | '«' | '»' | '"' | '\'' | '(' | ')' | '[' | ']' | '“' | '”' | '‘' | '’' | ':' | '،' | ',' | '؛'
            | ';' => ' ',
            c if c.is_whitespace() => ' ',
            c if c.is_ascii_uppercase() => c.to_ascii_lowercase(),
            c => c,
        };
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

struct Tables {
    agencies: HashMap<String, &'static str>,
    places: HashMap<String, &'static str>,
    credits: HashMap<String, &'static str>,
    max_place_words: usize,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let agencies = AGENCIES.iter().map(|&(k, v)| (key(k), v)).collect();
        let places: HashMap<String, &'static str> = PLACES.iter().map(|&p| (key(p), p)).collect();
        let credits = CREDIT_WORDS.iter().map(|&c| (key(c), c)).collect();
        let max_place_words = places.keys().map(|k| k.split(' ').count()).max().unwrap_or(1);
        Tables { agencies, places, credits, max_place_words }
    })
}

/// The canonical agency name when `s` (a whole byline segment) is a news agency.
pub fn agency(s: &str) -> Option<&'static str> {
    let k = key(s);
    let t = tables();
    if let Some(a) = t.agencies.get(&k) {
        return Some(a);
    }
    // Spaced-out initials: "أ.ف.ب" → "ا ف ب" is covered by key(); "ا.ف.ب." too.
    // "(د ب أ)" and "د.ب.أ" likewise. Also "وكالة رويترز" / "وكالة الأنباء الألمانية".
    let stripped = k.strip_prefix("وكاله ").unwrap_or(&k);
    t.agencies.get(stripped).copied()
}

/// True when `s` is a known place (a whole segment).
pub fn is_place(s: &str) -> bool {
    tables().places.contains_key(&key(s))
}

/// True when `s` is a credit word (وكالات، متابعات، خاص …).
pub fn is_credit(s: &str) -> bool {
    let k = key(s);
    let t = tables();
    t.credits.contains_key(&k) || k.starts_with("مكتب ") || k.starts_with("خاص ب") || k.starts_with("مراسل")
}

/// The longest known place at the start of `words` (already split on
/// whitespace), as the number of words it spans.
pub fn place_prefix(words: &[&str]) -> Option<usize> {
    let t = tables();
    let max = t.max_place_words.min(words.len());
    (1..=max).rev().find(|&n| t.places.contains_key(&key(&words[..n].join(" "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agencies_in_their_spellings() {
        assert_eq!(agency("أ ف ب"), Some("أ ف ب"));
        assert_eq!(agency("أ.ف.ب"), Some("أ ف ب"));
        assert_eq!(agency("(د ب أ)"), Some("د ب أ"));
        assert_eq!(agency("واس"), Some("واس"));
        assert_eq!(agency("وكالة رويترز"), Some("رويترز"));
        assert_eq!(agency("AFP"), Some("أ ف ب"));
        assert_eq!(agency("الرياض"), None);
    }

    #[test]
    fn places_fold_spelling() {
        assert!(is_place("أبها"));
        assert!(is_place("ابها"));
        assert!(is_place("أبهــا"));
        assert!(is_place("مكة المكرمة"));
        assert!(is_place("مكه المكرمه"));
        assert!(!is_place("عبدالله"));
        assert_eq!(place_prefix(&["المدينة", "المنورة", "صرح"]), Some(2));
        assert_eq!(place_prefix(&["نجران", "صرح"]), Some(1));
        assert_eq!(place_prefix(&["صرح", "المتحدث"]), None);
    }

    #[test]
    fn credits() {
        assert!(is_credit("متابعات"));
        assert!(is_credit("مكتب الجزيرة"));
        assert!(is_credit("خاص بـ«الشرق الأوسط»"));
        assert!(!is_credit("محمد"));
    }
}
