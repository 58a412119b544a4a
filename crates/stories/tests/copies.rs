//! What counts as a copy ("same report") when one text is much longer than
//! the other: an expanded copy keeps the wire's lead; a round-up that
//! carries short items after its own lead is not their copy, and does not
//! chain them into one group.

use chrono::{DateTime, TimeZone, Utc};
use marsad_stories::{build, Config, StoryInput, StoryMap, Verdict};

fn t(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 8, 7, h, 0, 0).unwrap()
}

fn input(id: &str, h: u32, source: &str, title: &str, body: &str) -> StoryInput {
    StoryInput {
        id: id.into(),
        time: t(h),
        source: source.into(),
        title: title.into(),
        body: body.into(),
        ..Default::default()
    }
}

const ARSENAL: &str = "مدد نادي أرسنال حامل لقب كأس إنجلترا لكرة القدم عقد مهاجمه الدولي ثيو والكوت ولاعب الوسط \
الإسباني سانتي كازورلا ويعتبر والكوت أقدم لاعب في التشكيلة الحالية وخاض ثلاثمئة مباراة مع الفريق مسجلا ستة وسبعين هدفا \
منذ انضمامه وخاض كازورلا مئة وثمانيا وأربعين مباراة منذ قدومه من ملقة";
const CITY: &str = "أعلن نادي مانشستر سيتي وصيف بطل الدوري الإنجليزي إعارة المهاجم الدولي المونتينيغري ستيفان \
يوفيتيتش إلى إنتر ميلان الإيطالي لمدة ثمانية عشر شهرا مع إمكانية انتقاله بشكل نهائي ويعود يوفيتيتش إلى الدوري الإيطالي \
بعد أن دافع عن ألوان فيورنتينا قبل انتقاله إلى مانشستر في صيف العام قبل الماضي";
const ROUNDUP_LEAD: &str = "تواصلت تحركات الأندية الأوروبية في سوق الانتقالات الصيفية قبل أسابيع من انطلاق المواسم \
الجديدة وشهد الأسبوع الماضي صفقات عدة في الدوريات الكبرى بين تمديد عقود وإعارات وانتقالات نهائية بمبالغ قياسية \
وتنتظر الجماهير المزيد من الصفقات في الأيام الأخيرة من فترة التسجيل التي تغلق نهاية الشهر الجاري في معظم البلدان \
وفي ألمانيا أنهى بايرن ميونيخ التعاقد مع لاعب وسط جديد بينما جدد بوروسيا دورتموند عقد قائده لثلاثة مواسم إضافية \
وفي إسبانيا يواصل ريال مدريد مفاوضاته مع حارس مرمى دولي في حين أعار برشلونة مدافعا شابا إلى ناد في الدرجة الثانية";
const EXTRA: &str = "وقال المدرب الفرنسي أرسين فينغر في مؤتمر صحفي إنه سعيد بتمديد العقدين لأن اللاعبين يملكان \
نوعية مرتفعة ويؤثران كثيرا في غرفة الملابس وأضاف أن النادي يعمل على تدعيم صفوفه بلاعبين آخرين قبل إغلاق باب الانتقالات \
وأشار إلى أن الفريق سيخوض مباراة ودية أخيرة نهاية الأسبوع قبل انطلاق الدوري الإنجليزي الممتاز \
وأوضح فينغر أن والكوت سيلعب في مركز رأس الحربة هذا الموسم بعد أن شغل الجناح طويلا وأن كازورلا سيبقى صانع الألعاب \
وكشف أن إدارة النادي وضعت ميزانية للتعاقدات الجديدة وأن المفاوضات مع لاعبين اثنين بلغت مراحلها الأخيرة \
وختم بأن الهدف هذا الموسم هو المنافسة على لقب الدوري بعد غياب طويل ومواصلة المشوار في دوري أبطال أوروبا";

fn verdict<'a>(map: &'a StoryMap, id: &str) -> &'a Verdict {
    &map.articles.iter().find(|a| a.article == id).unwrap().verdict
}

fn group(map: &StoryMap, id: &str) -> String {
    map.articles.iter().find(|a| a.article == id).unwrap().group.clone()
}

#[test]
fn a_round_up_is_not_a_copy_of_its_items_and_does_not_chain_them() {
    let inputs = vec![
        input("arsenal", 8, "wakala", "أرسنال يمدد عقدي والكوت وكازورلا", ARSENAL),
        input("city", 9, "almarfa", "مانشستر سيتي يعير يوفيتيتش إلى الإنتر", CITY),
        input("roundup", 10, "alwadi", "حصاد سوق الانتقالات الأوروبية", &format!("{ROUNDUP_LEAD}\n{ARSENAL}\n{CITY}")),
        input("arsenal2", 11, "sahel", "أرسنال يجدد لوالكوت وكازورلا", ARSENAL),
    ];
    let map = build(&inputs, &Config::default());
    // The wire item republished word for word is still a copy.
    assert_eq!(verdict(&map, "arsenal2"), &Verdict::Copy { of: "arsenal".into() });
    // The round-up is its own report, and keeps the two items apart.
    assert!(!matches!(verdict(&map, "roundup"), Verdict::Copy { .. }), "{:?}", verdict(&map, "roundup"));
    assert_ne!(group(&map, "arsenal"), group(&map, "city"));
    assert_ne!(group(&map, "roundup"), group(&map, "arsenal"));
}

#[test]
fn an_expanded_copy_that_keeps_the_lead_is_a_copy() {
    let inputs = vec![
        input("wire", 8, "wakala", "أرسنال يمدد عقدي والكوت وكازورلا", ARSENAL),
        input("long", 9, "almarfa", "أرسنال يمدد لوالكوت وكازورلا وفينغر سعيد", &format!("{ARSENAL}\n{EXTRA}\n{EXTRA}")),
    ];
    let map = build(&inputs, &Config::default());
    assert_eq!(verdict(&map, "long"), &Verdict::Copy { of: "wire".into() });
}
