//! The API and pages over a small store built here.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{TimeZone, Utc};
use marsad_model::{Article, Paragraph};
use marsad_store::{AnalysisRecord, EntityMention, QuoteMention, Store};
use marsad_stories::{build, Config, StoryInput};
use tower::ServiceExt;

const WIRE: &str =
    "ضرب زلزال بقوة ست درجات مدينة ملاطية شرق تركيا صباح اليوم، وأعلنت السلطات وفاة ثلاثة أشخاص وإصابة العشرات. \
وقال محافظ المدينة: «فرق الإنقاذ تعمل في كل الأحياء المتضررة منذ الساعات الأولى».";

fn article(n: u32, source: &str, title: &str, body: &str, hour: u32) -> Article {
    let mut a = Article::new(source, title);
    a.url = Some(format!("http://{source}.example/news/{n}"));
    a.fetched_at = Some(Utc.with_ymd_and_hms(2025, 4, 3, hour, 0, 0).unwrap());
    a.body = vec![Paragraph::text(body)];
    a.assign_id();
    a
}

fn app() -> (axum::Router, Vec<Article>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let arts = vec![
        article(1, "wakala", "زلزال يضرب ملاطية", WIRE, 8),
        article(2, "almarfa", "زلزال قوي يهز ملاطية <التركية>", &format!("{WIRE} وفق الوكالة."), 9),
        article(
            3,
            "alwadi",
            "الهلال يفوز على الاتحاد",
            "فاز الهلال على الاتحاد بهدفين دون رد في الجولة السادسة والعشرين من الدوري.",
            10,
        ),
    ];
    store.insert_batch(&arts).unwrap();
    let inputs: Vec<StoryInput> = arts
        .iter()
        .map(|a| StoryInput {
            id: a.id.clone(),
            time: a.fetched_at.unwrap(),
            source: a.source.clone(),
            title: a.title.clone(),
            body: a.body_text(),
            ..Default::default()
        })
        .collect();
    store.save_story_map(&build(&inputs, &Config::default())).unwrap();
    // The analysis stage's output, as the entity and quote indexes hold it.
    let ent = |id: &str, name: &str, kind: &str| EntityMention {
        id: id.into(),
        canonical: name.into(),
        kind: kind.into(),
        mentions: 1,
        in_title: 0,
    };
    let records: Vec<AnalysisRecord> = arts
        .iter()
        .take(2)
        .map(|a| AnalysisRecord {
            article: a.id.clone(),
            day: Some("2025-04-03".into()),
            doc: "{}".into(),
            entities: vec![ent("loc-malatya", "ملاطية", "LOC"), ent("loc-turkey", "تركيا", "LOC")],
            quotes: vec![QuoteMention {
                speaker: Some("محافظ ملاطية".into()),
                speaker_entity: None,
                kind: "direct".into(),
                text: "فرق الإنقاذ تعمل في كل الأحياء المتضررة <منذ الساعات الأولى>".into(),
            }],
        })
        .collect();
    store.save_analyses(&records).unwrap();
    let idx = store.search_index().unwrap();
    assert_eq!(store.sync_index(&idx).unwrap(), 3);
    drop(idx);
    (marsad_server::router(store), arts, dir)
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, String) {
    let res = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn api_lists_stories_with_cursors_and_details() {
    let (app, arts, _dir) = app();
    let (st, body) = get(&app, "/api/stories?sort=size&limit=1").await;
    assert_eq!(st, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["total"], 2);
    assert_eq!(v["stories"][0]["articles"], 2);
    assert_eq!(v["stories"][0]["reports"], 1);
    let cursor = v["next_cursor"].as_str().unwrap().to_string();
    let (_, body) = get(&app, &format!("/api/stories?sort=size&limit=1&cursor={cursor}")).await;
    let v2: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v2["stories"][0]["articles"], 1);
    assert!(v2["next_cursor"].is_null());

    let sid = v["stories"][0]["id"].as_str().unwrap();
    let (st, body) = get(&app, &format!("/api/stories/{sid}")).await;
    assert_eq!(st, StatusCode::OK);
    let s: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(s["article_details"].as_array().unwrap().len(), 2);

    let (st, body) = get(&app, &format!("/api/articles/{}", arts[1].id)).await;
    assert_eq!(st, StatusCode::OK);
    let a: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(a["story"]["verdict"]["kind"], "copy");
    assert_eq!(a["story"]["verdict"]["of"], arts[0].id.as_str());

    let (_, body) = get(&app, "/api/sources").await;
    assert!(body.contains("\"wakala\""));
}

#[tokio::test]
async fn api_errors_are_json_with_status() {
    let (app, _, _dir) = app();
    for (uri, code) in [
        ("/api/stories?limit=0", StatusCode::BAD_REQUEST),
        ("/api/stories?limit=100000", StatusCode::BAD_REQUEST),
        ("/api/stories?sort=bogus", StatusCode::BAD_REQUEST),
        ("/api/stories?cursor=zzz", StatusCode::BAD_REQUEST),
        ("/api/stories?since=yesterday", StatusCode::BAD_REQUEST),
        ("/api/stories/s0000000000000000", StatusCode::NOT_FOUND),
        ("/api/articles/..%2f..%2fetc", StatusCode::BAD_REQUEST),
        ("/api/nothing", StatusCode::NOT_FOUND),
    ] {
        let (st, body) = get(&app, uri).await;
        assert_eq!(st, code, "{uri}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{uri}: not JSON: {body}"));
        assert!(v["error"].is_string());
    }
}

#[tokio::test]
async fn pages_are_arabic_rtl_and_escaped() {
    let (app, arts, _dir) = app();
    let (st, body) = get(&app, "/").await;
    assert_eq!(st, StatusCode::OK);
    assert!(body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(body.contains("القصص الآن"));
    assert!(body.contains("زلزال يضرب ملاطية"));
    let (_, json) = get(&app, "/api/stories?sort=size&limit=1").await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sid = v["stories"][0]["id"].as_str().unwrap();
    let (st, page) = get(&app, &format!("/story/{sid}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("<svg"), "timeline chart");
    assert!(page.contains("نُشر في موقعين"), "copies folded with their sources");
    assert!(page.contains("1 نسخة أخرى"));
    let (_, page) = get(&app, &format!("/article/{}", arts[1].id)).await;
    assert!(page.contains("&lt;التركية&gt;"), "titles are escaped");
    assert!(!page.contains("<التركية>"));
    assert!(page.contains("نسخة من"));
    assert!(page.contains("نسخ هذا التقرير"), "the copies of the report are listed");
    assert!(page.contains(&format!("/article/{}", arts[0].id)));
    let (st, _) = get(&app, "/story/nope").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn search_collapses_copies_and_rejects_bad_queries() {
    let (app, arts, _dir) = app();
    let (st, body) = get(&app, "/api/search?q=%D9%85%D9%84%D8%A7%D8%B7%D9%8A%D8%A9").await; // ملاطية
    assert_eq!(st, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"], 2, "both copies match");
    assert_eq!(v["total"], 2, "and the total says so");
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1, "one report, the copy folded under it");
    assert_eq!(reports[0]["copies"], 1);
    assert!(reports[0]["id"] == arts[0].id.as_str() || reports[0]["id"] == arts[1].id.as_str());
    assert!(reports[0]["snippet_html"].as_str().unwrap().contains("<b>"));
    for uri in ["/api/search", "/api/search?q=", "/api/search?q=x&from=yesterday", "/api/search?q=x&limit=0"] {
        let (st, _) = get(&app, uri).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{uri}");
    }
    let (st, page) = get(&app, "/search?q=%D8%A7%D9%84%D9%87%D9%84%D8%A7%D9%84").await; // الهلال
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("الهلال يفوز على الاتحاد"));
}

#[tokio::test]
async fn entity_pages_and_api() {
    let (app, arts, _dir) = app();
    let (st, body) = get(&app, "/api/entities/loc-malatya").await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["entity"]["canonical"], "ملاطية");
    assert_eq!(v["articles"].as_array().unwrap().len(), 2);
    assert_eq!(v["stories"].as_array().unwrap().len(), 1, "both articles are one story");
    assert_eq!(v["cooccurring"][0]["canonical"], "تركيا");
    // By name, through the percent-encoded path.
    let (st, page) = get(&app, "/entity/%D8%AA%D8%B1%D9%83%D9%8A%D8%A7").await; // تركيا
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(page.contains("<h1>تركيا</h1>"));
    assert!(page.contains("<svg"), "mentions over time");
    assert!(page.contains("/entity/loc-malatya"), "co-occurring names link to their pages");
    assert!(page.contains(&arts[0].id));
    let (st, _) = get(&app, "/entity/%D8%BA%D9%8A%D8%B1").await; // غير
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = get(&app, "/api/entities/nobody-here").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn story_page_lists_entities_and_escaped_quotes() {
    let (app, _, _dir) = app();
    let (_, json) = get(&app, "/api/stories?sort=size&limit=1").await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sid = v["stories"][0]["id"].as_str().unwrap().to_string();
    let (_, page) = get(&app, &format!("/story/{sid}")).await;
    assert!(page.contains("الأسماء في القصة"));
    assert!(page.contains("/entity/loc-turkey"));
    assert!(page.contains("من قال ماذا"));
    assert!(page.contains("&lt;منذ الساعات الأولى&gt;"), "quotes are escaped");
    let (_, json) = get(&app, &format!("/api/stories/{sid}")).await;
    let s: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(s["entities"][0]["articles"], 2);
    let quotes = s["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 1, "the same quote in two copies is listed once");
    assert_eq!(quotes[0]["articles"], 2);
    let (_, front) = get(&app, "/").await;
    assert!(front.contains("/entity/loc-malatya"), "top entities on the front page");
}

#[tokio::test]
async fn search_filters_by_story_and_entity_with_facets() {
    let (app, arts, _dir) = app();
    // الهلال matches only the football article; restricted to the entity ملاطية, nothing.
    let (st, body) = get(&app, "/api/search?q=%D8%A7%D9%84%D9%87%D9%84%D8%A7%D9%84&entity=loc-malatya").await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"], 0);
    // Everything (`*`) inside the entity's articles, with facets.
    let (st, body) = get(&app, "/api/search?q=*&entity=loc-malatya&facets=true").await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"], 2);
    let sources: Vec<&str> =
        v["facets"]["sources"].as_array().unwrap().iter().map(|p| p[0].as_str().unwrap()).collect();
    assert_eq!(sources.len(), 2);
    assert!(sources.contains(&"wakala") && sources.contains(&"almarfa"));
    assert_eq!(v["facets"]["entities"][0]["articles"], 2);
    // Story filter: the football story holds only the football article.
    let (_, a) = get(&app, &format!("/api/articles/{}", arts[2].id)).await;
    let a: serde_json::Value = serde_json::from_str(&a).unwrap();
    let story = a["story"]["story"].as_str().unwrap().to_string();
    let (_, body) = get(&app, &format!("/api/search?q=*&story={story}")).await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"], 1);
    assert_eq!(v["reports"][0]["id"], arts[2].id.as_str());
    for (uri, code) in [
        ("/api/search?q=x&story=s0000000000000000", StatusCode::NOT_FOUND),
        ("/api/search?q=x&entity=nobody-here", StatusCode::NOT_FOUND),
        ("/api/search?q=x&story=../x", StatusCode::BAD_REQUEST),
    ] {
        let (st, body) = get(&app, uri).await;
        assert_eq!(st, code, "{uri}: {body}");
    }
    // The page shows the facets as links that narrow the search.
    let (st, page) = get(&app, "/search?q=%D8%B2%D9%84%D8%B2%D8%A7%D9%84").await; // زلزال
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("class=\"facets\""));
    assert!(page.contains("&amp;entity=loc-malatya"), "{page}");
    assert!(page.contains("&amp;source=wakala"));
}

#[tokio::test]
async fn openapi_document_lists_every_api_route() {
    let (app, _, _dir) = app();
    let (st, body) = get(&app, "/api/openapi.json").await;
    assert_eq!(st, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/health",
        "/api/stories",
        "/api/stories/{id}",
        "/api/articles/{id}",
        "/api/search",
        "/api/entities/{key}",
        "/api/quotes",
        "/api/sources",
    ] {
        assert!(v["paths"][path]["get"].is_object(), "{path} missing from the OpenAPI document");
    }
    let params: Vec<&str> = v["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for p in ["q", "source", "from", "to", "story", "entity", "exact", "limit", "facets"] {
        assert!(params.contains(&p), "search parameter {p} undocumented");
    }
    assert!(v["components"]["schemas"]["StoryPage"].is_object());
}

#[tokio::test]
async fn quotes_are_a_search_field() {
    let (app, arts, _dir) = app();
    // quotes:الإنقاذ — the governor's words; both copies carry them.
    let (st, body) = get(&app, "/api/search?q=quotes%3A%D8%A7%D9%84%D8%A5%D9%86%D9%82%D8%A7%D8%B0").await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"], 2);
    assert!(v["reports"][0]["id"] == arts[0].id.as_str() || v["reports"][0]["id"] == arts[1].id.as_str());
    // The speaker too: quotes:محافظ
    let (_, body) = get(&app, "/api/search?q=quotes%3A%D9%85%D8%AD%D8%A7%D9%81%D8%B8").await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"], 2);
    // A word of the football article's body is in no quote: quotes:الهلال
    let (_, body) = get(&app, "/api/search?q=quotes%3A%D8%A7%D9%84%D9%87%D9%84%D8%A7%D9%84").await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"], 0);
}
