//! Updating a story map with new articles (placed articles keep their
//! places) gives the same stories as building over everything at once.

use chrono::{DateTime, TimeZone, Utc};
use marsad_stories::{build, Config, Placed, StoryInput, StoryMap, Verdict};

fn t(day: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 4, day, h, 0, 0).unwrap()
}

const QUAKE: &str = "ضرب زلزال بقوة ست درجات مدينة ملاطية شرق تركيا صباح اليوم وأعلنت السلطات وفاة ثلاثة أشخاص \
وإصابة العشرات وقال محافظ المدينة إن فرق الإنقاذ تعمل في كل الأحياء المتضررة منذ الساعات الأولى";
const QUAKE_FOLLOW: &str = "ارتفع عدد ضحايا الزلزال الذي ضرب مدينة ملاطية شرق تركيا إلى سبعة قتلى وعشرات المصابين \
وقال محافظ المدينة إن فرق الإنقاذ ما زالت تعمل في الأحياء المتضررة من الزلزال";
const FOOTBALL: &str = "فاز الهلال على الاتحاد بهدفين دون رد في الجولة السادسة والعشرين من الدوري السعودي \
وسجل الهدفين مهاجم الفريق في الشوط الثاني";
const FOOTBALL_2: &str = "تصدر الهلال الدوري السعودي بعد فوزه على الاتحاد بهدفين دون رد وقال مدرب الهلال إن \
الفوز على الاتحاد مستحق";
const DAM: &str = "افتتح وزير المياه سد وادي بيش في منطقة جازان بسعة تخزينية تبلغ مئتي مليون متر مكعب \
لخدمة المزارعين في المنطقة";

fn input(id: &str, time: DateTime<Utc>, source: &str, title: &str, body: &str) -> StoryInput {
    StoryInput {
        id: id.into(),
        time,
        source: source.into(),
        title: title.into(),
        body: body.into(),
        ..Default::default()
    }
}

fn corpus() -> Vec<StoryInput> {
    vec![
        input("a1", t(1, 8), "wakala", "زلزال يضرب ملاطية شرق تركيا", QUAKE),
        input("a2", t(1, 9), "almarfa", "زلزال قوي يهز ملاطية", &format!("{QUAKE} وفق الوكالة")),
        input("f1", t(1, 10), "alwadi", "الهلال يفوز على الاتحاد", FOOTBALL),
        input("d1", t(1, 11), "nabd", "افتتاح سد وادي بيش في جازان", DAM),
        // Second file: a copy, developments of both stories, and a copy of a copy.
        input("a3", t(2, 7), "sahel", "زلزال ملاطية: ارتفاع عدد الضحايا", QUAKE_FOLLOW),
        input("a4", t(2, 8), "wakala2", "زلزال بقوة ست درجات في ملاطية", &format!("{QUAKE} والتفاصيل لاحقاً")),
        input("f2", t(2, 9), "almarfa", "الهلال يتصدر الدوري", FOOTBALL_2),
        input("a5", t(2, 10), "almarfa", "ضحايا زلزال ملاطية يرتفعون", &format!("{QUAKE_FOLLOW} حسب مصادر")),
    ]
}

/// Which articles share a story, as sorted groups of ids.
fn partition(map: &StoryMap) -> Vec<Vec<String>> {
    let mut p: Vec<Vec<String>> = map
        .stories
        .iter()
        .map(|s| {
            let mut a = s.articles.clone();
            a.sort();
            a
        })
        .collect();
    p.sort();
    p
}

/// The first map, then an update with the rest: the stored results of the
/// first map's articles ride along as `placed`.
fn update(first: &StoryMap, first_inputs: &[StoryInput], rest: &[StoryInput], config: &Config) -> StoryMap {
    let mut inputs: Vec<StoryInput> = rest.to_vec();
    for i in first_inputs {
        let result = first.articles.iter().find(|a| a.article == i.id).unwrap().clone();
        let story = first.stories.iter().find(|s| s.id == result.story).unwrap();
        let mut i = i.clone();
        i.placed = Some(Placed {
            result,
            story_development_of: story.development_of.clone(),
            story_continued_by: story.continued_by.clone(),
        });
        inputs.push(i);
    }
    build(&inputs, config)
}

#[test]
fn an_update_places_new_articles_like_a_full_build() {
    let all = corpus();
    let full = build(&all, &Config::default());
    let (first_inputs, rest) = all.split_at(4);
    let first = build(first_inputs, &Config::default());
    let up = update(&first, first_inputs, rest, &Config::default());

    assert_eq!(partition(&up), partition(&full), "same stories either way");
    assert!(up.removed_stories.is_empty());
    // Stories keep their stored ids.
    let quake = first.story_of("a1").unwrap();
    assert_eq!(up.story_of("a3"), Some(quake), "the follow-up joins the stored story under its id");
    assert_eq!(up.story_of("f2"), first.story_of("f1"));
    // Verdicts of the new articles.
    let verdict = |m: &StoryMap, id: &str| m.articles.iter().find(|a| a.article == id).unwrap().verdict.clone();
    assert_eq!(verdict(&up, "a4"), Verdict::Copy { of: "a1".into() }, "a copy of a placed article");
    assert_eq!(verdict(&up, "a5"), Verdict::Copy { of: "a3".into() }, "a copy of a new article");
    assert!(matches!(verdict(&up, "a3"), Verdict::Development { .. }));
    // Placed articles keep their verdicts and groups.
    assert_eq!(verdict(&up, "a2"), verdict(&first, "a2"));
    let group = |m: &StoryMap, id: &str| m.articles.iter().find(|a| a.article == id).unwrap().group.clone();
    assert_eq!(group(&up, "a4"), group(&first, "a2"), "the new copy joins the stored group");
    let g = up.groups.iter().find(|g| g.id == "a1").unwrap();
    assert_eq!(g.articles, vec!["a1", "a2", "a4"]);
    // The story's timeline holds old and new articles.
    let s = up.stories.iter().find(|s| s.id == quake).unwrap();
    assert_eq!(s.articles.len(), 5);
    assert_eq!(s.first_seen, t(1, 8));
    assert_eq!(s.last_seen, t(2, 10));
}

#[test]
fn a_new_article_that_bridges_two_stored_stories_merges_them() {
    // Two unrelated stored stories, then an article with the words of both
    // (reversed, so it shares no shingle with either and is no copy).
    let rev = |s: &str| s.split_whitespace().rev().collect::<Vec<_>>().join(" ");
    let first_inputs = vec![
        input("f1", t(1, 10), "alwadi", "الهلال يفوز على الاتحاد", FOOTBALL),
        input("d1", t(1, 11), "nabd", "افتتاح سد وادي بيش في جازان", DAM),
    ];
    let bridge = input(
        "b1",
        t(1, 15),
        "sahel",
        "الهلال يفوز على الاتحاد وافتتاح سد وادي بيش في جازان",
        &format!("{} {}", rev(FOOTBALL), rev(DAM)),
    );
    // The bridge holds all the words of both stories, but the background
    // IDF weighs the football words and the dam words differently, so its
    // cosine to the lighter story stays under the default 0.6: a bar of
    // 0.5 lets it merge them (what is tested here is the update's merge).
    let config = Config { merge_threshold: 0.5, ..Config::default() };
    let first = build(&first_inputs, &config);
    assert_eq!(first.stories.len(), 2, "two stories before the bridge");
    let mut all = first_inputs.clone();
    all.push(bridge.clone());
    let full = build(&all, &config);
    let up = update(&first, &first_inputs, &[bridge], &config);
    assert_eq!(partition(&up), partition(&full));
    assert_eq!(full.stories.len(), 1, "the bridge merges the two stories in a full build");
    // The update merges them too: the earlier story's stored id survives,
    // the other is reported for deletion, and its articles point to the survivor.
    assert_eq!(up.stories.len(), 1);
    assert_eq!(up.stories[0].id, first.story_of("f1").unwrap());
    assert_eq!(up.removed_stories, vec![first.story_of("d1").unwrap().to_string()]);
    let moved = up.articles.iter().find(|a| a.article == "d1").unwrap();
    assert_eq!(moved.story, up.stories[0].id);
}
