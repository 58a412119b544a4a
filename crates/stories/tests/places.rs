//! Headlines that name different places: two earthquakes a day apart, in
//! two countries, are two stories even when their wording is alike.

use chrono::{DateTime, TimeZone, Utc};
use marsad_stories::{build, Config, StoryInput};

fn t(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 4, 2, h, 0, 0).unwrap()
}

fn quake(id: &str, h: u32, title: &str, body: &str, places: &[&str]) -> StoryInput {
    StoryInput {
        id: id.into(),
        time: t(h),
        source: id.into(),
        title: title.into(),
        body: body.into(),
        title_places: places.iter().map(|p| p.to_string()).collect(),
        ..Default::default()
    }
}

fn inputs(second_places: &[&str]) -> Vec<StoryInput> {
    vec![
        quake(
            "tr",
            6,
            "زلزال بقوة 5.6 درجة يضرب ملاطية شرقي تركيا",
            "ضرب زلزال بقوة 5.6 درجة على مقياس ريختر ولاية ملاطية صباح اليوم وأصيب 14 شخصا بجروح طفيفة وتضررت مبان قديمة",
            &["loc-turkey"],
        ),
        quake(
            "ir",
            9,
            "زلزال بقوة 5.9 درجة يهز كرمان جنوب شرقي إيران",
            "هز زلزال بقوة 5.9 درجة على مقياس ريختر محافظة كرمان فجر اليوم وأصيب 32 شخصا وتضررت منازل طينية في القرى",
            second_places,
        ),
    ]
}

#[test]
fn headlines_naming_other_places_keep_like_worded_reports_apart() {
    // A steep penalty shows the mechanism whatever the cosine of the pair.
    let config = Config { place_conflict: 1.0, ..Config::default() };
    let apart = build(&inputs(&["loc-iran"]), &config);
    assert_ne!(apart.story_of("tr"), apart.story_of("ir"), "Turkey and Iran: two stories");
    // Without the conflict (a shared place, or no place named) the bar is the usual one.
    let shared = build(&inputs(&["loc-iran", "loc-turkey"]), &config);
    let unnamed = build(&inputs(&[]), &config);
    let plain = build(&inputs(&["loc-iran"]), &Config { place_conflict: 0.0, ..Config::default() });
    assert_eq!(shared.story_of("ir") == shared.story_of("tr"), plain.story_of("ir") == plain.story_of("tr"));
    assert_eq!(unnamed.story_of("ir") == unnamed.story_of("tr"), plain.story_of("ir") == plain.story_of("tr"));
    assert_eq!(plain.story_of("ir"), plain.story_of("tr"), "alike wording alone would join them");
}
