//! A story's age raises the bar for joining it: the daily reports of one
//! topic (a market, a war) keep chaining into one story while it is young,
//! and start a new one once it is days old, unless they are close to it.

use chrono::{DateTime, Duration, TimeZone, Utc};
use marsad_stories::{build, Config, StoryInput};

fn day(d: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 8, 1, 16, 0, 0).unwrap() + Duration::days(d)
}

/// A daily market close: the same topic words, each day's own wording.
fn market(d: i64, title: &str, body: &str) -> StoryInput {
    StoryInput {
        id: format!("m{d}"),
        time: day(d),
        source: "alsouq".into(),
        title: title.into(),
        body: body.into(),
        ..Default::default()
    }
}

fn days() -> Vec<StoryInput> {
    vec![
        market(
            0,
            "مؤشر الأسهم السعودية يغلق مرتفعا بقيادة المصارف",
            "أغلق مؤشر سوق الأسهم السعودية مرتفعا 42 نقطة بدعم من أسهم المصارف وبلغت قيمة التداولات خمسة مليارات ريال",
        ),
        market(
            1,
            "مؤشر الأسهم السعودية يتراجع مع هبوط البتروكيماويات",
            "تراجع مؤشر سوق الأسهم السعودية 17 نقطة في ختام التعاملات متأثرا بهبوط أسهم البتروكيماويات",
        ),
        market(
            2,
            "الأسهم السعودية تنهي تعاملاتها على ارتفاع",
            "أنهى مؤشر الأسهم السعودية تعاملاته على ارتفاع 65 نقطة وسط مكاسب لقطاع الاتصالات وتحسن السيولة",
        ),
        market(
            3,
            "مؤشر السوق السعودية يخسر 23 نقطة",
            "خسر مؤشر السوق السعودية 23 نقطة مع ضغوط على أسهم التجزئة وتراجع قيمة التداولات إلى أربعة مليارات ريال",
        ),
        market(
            4,
            "الأسهم السعودية تعود إلى المكاسب بدعم التأمين",
            "عادت الأسهم السعودية إلى المكاسب وارتفع المؤشر 31 نقطة بدعم من شركات التأمين في جلسة هادئة",
        ),
        market(
            5,
            "تراجع طفيف لمؤشر الأسهم السعودية",
            "سجل مؤشر الأسهم السعودية تراجعا طفيفا بلغ 12 نقطة مع انخفاض أسهم الأسمنت وضعف التداولات",
        ),
    ]
}

fn stories_of(config: &Config) -> Vec<String> {
    let map = build(&days(), config);
    (0..6).map(|d| map.story_of(&format!("m{d}")).unwrap().to_string()).collect()
}

#[test]
fn without_the_penalty_daily_reports_chain_into_one_story() {
    let s = stories_of(&Config { age_penalty: 0.0, ..Config::default() });
    assert!(s.iter().all(|x| x == &s[0]), "{s:?}");
}

#[test]
fn an_old_story_needs_a_closer_follow_up() {
    // The default penalty is gentle: a one-day-old story takes the next close.
    let s = stories_of(&Config::default());
    assert_eq!(s[0], s[1], "{s:?}");
    // A steeper one makes the effect plain: the chain breaks, and the
    // fifth day's close does not join the first day's story.
    let s = stories_of(&Config { age_penalty: 0.05, ..Config::default() });
    assert_ne!(s[0], s[5], "{s:?}");
    assert!(s.iter().collect::<std::collections::HashSet<_>>().len() > 1, "{s:?}");
}
