//! The team's HTML fixtures (tests/fixtures/html: `NAME.html` + expected
//! `NAME.txt`), modelled on Arabic publisher templates: the extracted body
//! must match the expected text closely, page by page.

use marsad_extract::eval::{eval_extract, overlap};
use marsad_extract::html::{extract_html, HtmlOptions};
use std::path::Path;

fn dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/html"))
}

fn page(name: &str) -> marsad_extract::html::HtmlPage {
    let bytes = std::fs::read(dir().join(format!("{name}.html"))).unwrap();
    extract_html(&bytes, &HtmlOptions::default()).unwrap()
}

#[test]
fn every_fixture_extracts_well() {
    let r = eval_extract(dir()).unwrap();
    assert!(r.pages.len() >= 8);
    for p in &r.pages {
        eprintln!("{:28} P {:.3} R {:.3} F1 {:.3} {:?}", p.name, p.precision, p.recall, p.f1, p.error);
    }
    eprintln!("all: P {:.3} R {:.3} F1 {:.3}", r.precision, r.recall, r.f1);
    for p in &r.pages {
        assert!(p.f1 >= 0.95, "{}: F1 {:.3}", p.name, p.f1);
    }
    assert!(r.f1 >= 0.98, "overall F1 {:.3}", r.f1);
}

#[test]
fn jsonld_page_metadata() {
    let p = page("01_jsonld_newsarticle");
    let a = &p.article;
    assert_eq!(a.title, "بدء تطوير الواجهة البحرية في الدمام بـ300 مليون ريال");
    assert_eq!(a.published_at.unwrap().to_rfc3339(), "2015-08-11T06:20:00+00:00");
    assert_eq!(a.modified_at.unwrap().to_rfc3339(), "2015-08-11T10:05:00+00:00");
    assert_eq!(a.author.as_deref(), Some("فهد العتيبي"));
    assert_eq!(a.section.as_deref(), Some("محليات"));
    assert_eq!(a.lead_image.as_deref(), Some("https://sada.example/img/corniche.jpg"));
    assert_eq!(a.canonical_url.as_deref(), Some("https://sada.example/local/123456"));
    for t in ["الدمام", "الواجهة البحرية", "أمانة الشرقية", "مشاريع"] {
        assert!(a.publisher_tags.iter().any(|x| x == t), "{t} in {:?}", a.publisher_tags);
    }
    assert_eq!(a.read_also.len(), 1);
    assert_eq!(a.read_also[0].title, "افتتاح ثلاث حدائق جديدة في الخبر");
    assert_eq!(a.read_also[0].url.as_deref(), Some("https://sada.example/local/123400"));
    assert_eq!(a.dateline.as_ref().and_then(|d| d.place.as_deref()), Some("الدمام"));
    let kinds: Vec<&str> = a.removed.iter().map(|b| b.reason.as_str()).collect();
    for k in [
        "share_bar",
        "caption",
        "read_also",
        "ads",
        "tags",
        "related",
        "comments",
        "sidebar",
        "footer",
        "byline",
        "navigation",
    ] {
        assert!(kinds.contains(&k), "{k} not in {kinds:?}");
    }
}

#[test]
fn legacy_windows_1256_page() {
    let p = page("03_legacy_windows1256");
    assert_eq!(p.charset, "windows-1256");
    let a = &p.article;
    assert_eq!(a.title, "أمير عسير يدشن حملة التشجير الكبرى في متنزهات المنطقة");
    let dl = a.dateline.as_ref().unwrap();
    assert_eq!((dl.place.as_deref(), dl.agency.as_deref()), (Some("أبها"), Some("واس")));
    assert_eq!(dl.day.unwrap().to_string(), "2015-08-11");
    assert_eq!(a.published_at.unwrap().to_rfc3339(), "2015-08-11T11:05:00+00:00");
    assert!(a.removed.iter().any(|b| b.reason == "end_marker"));
}

#[test]
fn iso_8859_6_page() {
    let p = page("04_iso8859_6");
    assert_eq!(p.charset, "ISO-8859-6");
    assert_eq!(p.article.title, "تأجيل بطولة الأندية الخليجية لكرة اليد أسبوعاً");
}

#[test]
fn wordpress_and_br_pages() {
    let a = page("02_wordpress_entry").article;
    assert!(a.removed.iter().any(|b| b.reason == "self_link"));
    assert!(a.publisher_tags.iter().any(|t| t == "شرطة الطائف"), "{:?}", a.publisher_tags);
    assert_eq!(a.published_at.unwrap().date_naive().to_string(), "2015-08-12");
    let a = page("05_br_divs_ads").article;
    assert_eq!(a.author.as_deref(), Some("محمد السالم"));
    assert_eq!(a.published_at.unwrap().to_rfc3339(), "2015-08-11T10:30:00+00:00");
}

#[test]
fn aggregator_republication() {
    let a = page("06_aggregator_page").article;
    assert_eq!(a.title, "اعتماد حكم الفيديو في دوري أبطال آسيا");
    assert_eq!(a.original_publisher.as_deref(), Some("الرياضي اليوم"));
    assert_eq!(a.published_at.unwrap().date_naive().to_string(), "2025-04-02");
    assert_eq!(a.read_also.len(), 1);
    assert!(a.read_also[0].title.starts_with("الهلال يبدأ"));
    assert!(a.publisher_tags.iter().any(|t| t == "حكم الفيديو"), "{:?}", a.publisher_tags);
}

#[test]
fn headings_are_kept_as_headings() {
    let a = page("07_opinion_column").article;
    let headings: Vec<&str> =
        a.body.iter().filter(|p| p.kind == marsad_model::ParagraphKind::Heading).map(|p| p.text.as_str()).collect();
    assert_eq!(headings, ["النقل العام ليس ترفاً", "ما المطلوب الآن؟"]);
    assert_eq!(a.author.as_deref(), Some("خالد الحربي"));
    let (c, _, g) = overlap(&a.body_text(), "كاتب صحفي مهتم بقضايا التنمية الحضرية");
    assert!(c < g, "the author box is not body text");
}
