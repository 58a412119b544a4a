use super::*;

fn anchor() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2025, 2, 8)
}

/// (text, type, value) of every expression.
fn tv(text: &str) -> Vec<(String, &'static str, String)> {
    extract_times(text, anchor()).into_iter().map(|t| (t.text, t.kind.as_str(), t.value)).collect()
}

fn one(text: &str) -> (String, &'static str, String) {
    let v = tv(text);
    assert_eq!(v.len(), 1, "{text}: {v:?}");
    v.into_iter().next().unwrap()
}

fn val(text: &str) -> String {
    one(text).2
}

/// Our own text in the spirit of the seed article (8 February 2025).
const SEED_LIKE: &str = "ذكرت شبكة إخبارية أمريكية أن الرئيس دونالد ترامب قال يوم الجمعة 7 فبراير \
إنه يسعى إلى إعادة الاتصالات مع زعيم كوريا الشمالية. وكان فريق ترامب قد ناقش في 26 نوفمبر 2024 \
فكرة محادثات مباشرة. والتقى الزعيمان ثلاث مرات في عام 2019، وأجرت بيونغ يانغ تجربة صاروخية في مايو 2022 \
ثم في يوليو 2024. وتعود العلاقات الرسمية إلى عام 1960، لكنها تدهورت كثيراً في السنوات الأخيرة.";

#[test]
fn seed_walkthrough_values() {
    let v = tv(SEED_LIKE);
    let get = |t: &str| v.iter().find(|x| x.0 == t).unwrap_or_else(|| panic!("{t} not in {v:?}")).2.clone();
    assert_eq!(get("يوم الجمعة 7 فبراير"), "2025-02-07");
    assert_eq!(get("26 نوفمبر 2024"), "2024-11-26");
    assert_eq!(get("عام 2019"), "2019");
    assert_eq!(get("مايو 2022"), "2022-05");
    assert_eq!(get("يوليو 2024"), "2024-07");
    assert_eq!(get("عام 1960"), "1960");
    assert_eq!(get("السنوات الأخيرة"), "PAST_REF");
    assert_eq!(v.len(), 7, "{v:?}");
}

#[test]
fn deictic_days() {
    assert_eq!(val("وصل الوفد أمس"), "2025-02-07");
    assert_eq!(val("ويصل الوفد غداً"), "2025-02-09");
    assert_eq!(val("اجتمع اليوم المجلس"), "2025-02-08");
    assert_eq!(val("اجتمع أول أمس"), "2025-02-06");
    assert_eq!(val("يجتمع بعد غد"), "2025-02-10");
    assert_eq!(one("وقال بالأمس").0, "الأمس");
    assert_eq!(one("قال أمس الجمعة").2, "2025-02-07");
    assert!(tv("احتفلت البلاد باليوم الوطني").is_empty());
}

#[test]
fn weekdays() {
    // 2025-02-08 is a Saturday.
    assert_eq!(val("التقى الوزير يوم الخميس"), "2025-02-06");
    assert_eq!(val("سيلتقي الوزير يوم الثلاثاء"), "2025-02-11");
    assert_eq!(val("يلتقي الوزيران الخميس المقبل"), "2025-02-13");
    assert_eq!(val("التقى السبت الماضي"), "2025-02-01");
}

#[test]
fn relative_periods() {
    assert_eq!(val("نما الاقتصاد العام الماضي"), "2024");
    assert_eq!(val("في العام الجاري"), "2025");
    assert_eq!(val("هذا العام"), "2025");
    assert_eq!(val("الشهر المقبل"), "2025-03");
    assert_eq!(val("الأسبوع الماضي"), "2025-W05");
    let m = &extract_times("مطلع الشهر", anchor())[0];
    assert_eq!((m.value.as_str(), m.modifier), ("2025-02", Some("START")));
    let m = &extract_times("حتى نهاية 2024", anchor())[0];
    assert_eq!((m.text.as_str(), m.value.as_str(), m.modifier), ("نهاية 2024", "2024", Some("END")));
    assert_eq!(val("منذ يومين"), "2025-02-06");
    assert_eq!(val("قبل ثلاث سنوات"), "2022");
    assert_eq!(val("بعد 40 عاما"), "2065");
    assert_eq!(val("نوفمبر الماضي"), "2024-11");
    assert_eq!(val("في مارس"), "2025-03");
}

#[test]
fn digits_diacritics_tatweel() {
    assert_eq!(val("في ٢٦ نوفمبر ٢٠٢٤"), "2024-11-26");
    assert_eq!(val("عامَ ٢٠١٩م"), "2019");
    assert_eq!(val("وصلوا أَمْسِ"), "2025-02-07");
    assert_eq!(val("اجتمعوا الأمـــس"), "2025-02-07");
    assert_eq!(val("في 29/07/2016"), "2016-07-29");
    assert_eq!(val("في ٧ شباط ٢٠٢٥"), "2025-02-07");
    assert_eq!(val("في 5 جويلية 2019"), "2019-07-05");
    assert_eq!(val("في 10 كانون الثاني 2020"), "2020-01-10");
}

#[test]
fn hijri() {
    let t = &extract_times("صدر في 25 شوال 1436 هـ", anchor())[0];
    assert_eq!(t.value, "2015-08-10");
    assert_eq!(t.hijri.as_deref(), Some("1436-10-25"));
    let t = &extract_times("ميزانية عام ١٤٤٦ هـ", anchor())[0];
    assert_eq!(t.hijri.as_deref(), Some("1446"));
    assert_eq!(t.value, "2025");
    let t = &extract_times("خلال شهر رمضان", anchor())[0];
    assert_eq!(t.hijri.as_deref(), Some("1446-09"));
    assert_eq!(t.value, "2025-03");
}

#[test]
fn decades_centuries() {
    assert_eq!(val("في الستينيات"), "196");
    assert_eq!(val("القرن التاسع عشر"), "18");
    assert_eq!(val("القرن العشرين"), "19");
    assert_eq!(val("القرن الماضي"), "19");
    assert_eq!(val("القرن الحادي والعشرين"), "20");
    let m = &extract_times("أواخر القرن التاسع عشر", anchor())[0];
    assert_eq!((m.value.as_str(), m.modifier), ("18", Some("END")));
}

#[test]
fn durations_and_sets() {
    assert_eq!(one("استمر ثلاثة أيام"), ("ثلاثة أيام".into(), "DURATION", "P3D".into()));
    assert_eq!(val("البالغ من العمر 13 عاما"), "P13Y");
    assert_eq!(val("عن ثمانية وسبعين عاما"), "P78Y");
    let m = &extract_times("خلال أقل من عشر سنوات", anchor())[0];
    assert_eq!((m.value.as_str(), m.modifier), ("P10Y", Some("LESS_THAN")));
    assert_eq!(val("في السنتين الأخيرتين"), "P2Y");
    assert_eq!(one("يجتمع كل أسبوع"), ("كل أسبوع".into(), "SET", "P1W".into()));
    assert_eq!(one("كل عامين").2, "P2Y");
    assert_eq!(one("يقام سنوياً").1, "SET");
    // counts that are not durations or years
    assert!(tv("حضر 2000 شخص").is_empty(), "{:?}", tv("حضر 2000 شخص"));
}

#[test]
fn times_of_day() {
    assert_eq!(one("صباح اليوم").2, "2025-02-08TMO");
    assert_eq!(one("مساء أمس").2, "2025-02-07TEV");
    assert_eq!(one("الليلة الماضية").2, "2025-02-07TNI");
    assert_eq!(one("في الساعة العاشرة صباحاً").2, "2025-02-08T10:00");
    assert_eq!(one("الساعة 10:30 مساء").2, "2025-02-08T22:30");
    assert_eq!(one("الساعة الحادية عشرة والنصف").2, "2025-02-08T11:30");
}

#[test]
fn refs() {
    assert_eq!(val("تحسنت مؤخراً"), "PAST_REF");
    assert_eq!(val("يعمل الآن"), "PRESENT_REF");
    assert_eq!(val("يصدر قريباً"), "FUTURE_REF");
    assert_eq!(val("في الآونة الأخيرة"), "PAST_REF");
    assert_eq!(one("وأكد في نفس الوقت أن"), ("نفس الوقت".to_string(), "DATE", "PRESENT_REF".to_string()));
    assert_eq!(one("ودعا في الوقت نفسه إلى"), ("الوقت نفسه".to_string(), "DATE", "PRESENT_REF".to_string()));
    // Without `في` it is a comparison, not a time.
    assert!(tv("ليس نفس الوقت الذي طلبه").is_empty());
}

#[test]
fn offsets_point_into_original() {
    let s = "وقال المتحدث بالأمس إن الاجتماع سيعقد يوم الأحد ٩ فبراير ٢٠٢٥م.";
    for t in extract_times(s, anchor()) {
        assert_eq!(&s[t.start..t.end], t.text);
    }
}

#[test]
fn no_anchor_underspecified() {
    let t = extract_times("وصل أمس", None);
    assert_eq!(t[0].value, "XXXX-XX-XX");
}

proptest::proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,80}") {
        for t in extract_times(&s, anchor()) {
            proptest::prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end) && t.start < t.end);
        }
    }

    #[test]
    fn never_panics_arabic(words in proptest::collection::vec(proptest::sample::select(vec![
        "في", "عام", "2019", "٢٠٢٥", "هـ", "1446", "أمس", "يوم", "الجمعة", "7", "فبراير", "/", "29", "الماضي",
        "قبل", "ثلاث", "سنوات", "الساعة", "العاشرة", "و", "النصف", "نهاية", "القرن", "التاسع", "عشر", "كل",
        "شوال", "رمضان", "شهر", "31", "0", "99999", ":", "منذ", "بعد", "غد", "الستينيات", "ربيع", "الأول",
    ]), 0..14)) {
        let s = words.join(" ");
        let _ = extract_times(&s, anchor());
        let _ = extract_times(&s, None);
        let _ = extract_times(&s, NaiveDate::from_ymd_opt(1, 1, 1));
        let _ = extract_times(&s, NaiveDate::from_ymd_opt(9999, 12, 31));
    }
}

#[test]
fn not_times() {
    for s in ["من خلال عقد مثل هذه اللقاءات", "في هذا العصر الحديث", "وقع عقد العمل", "كلا الاثنين"]
    {
        assert!(tv(s).is_empty(), "{s}: {:?}", tv(s));
    }
}

#[test]
fn a_weekday_beside_a_relative_day_decides_the_date() {
    // The anchor, 8 February 2025, is a Saturday.
    assert_eq!(val("وصل الوفد أمس الجمعة"), "2025-02-07");
    // Written on the Saturday, published on the Sunday: "yesterday, Friday".
    let sunday = NaiveDate::from_ymd_opt(2025, 2, 9);
    let t = extract_times("وصل الوفد أمس الجمعة", sunday);
    assert_eq!(t[0].value, "2025-02-07", "{t:?}");
    // The day before yesterday, Thursday; tomorrow, Sunday.
    assert_eq!(val("التقى الوزيران أول أمس الخميس"), "2025-02-06");
    assert_eq!(val("يصل الوفد غدا الأحد"), "2025-02-09");
    // Two days of delay at most: Monday the 10th, not a Wednesday.
    assert_eq!(val("تبدأ القمة بعد غد الأربعاء"), "2025-02-10");
    // Yesterday, Friday, from Sunday: the 7th (two days back); from
    // Thursday the 13th, no Friday a day or two back: the day counted.
    assert_eq!(extract_times("أمس الجمعة", NaiveDate::from_ymd_opt(2025, 2, 9))[0].value, "2025-02-07");
    assert_eq!(extract_times("أمس الجمعة", NaiveDate::from_ymd_opt(2025, 2, 13))[0].value, "2025-02-12");
}
