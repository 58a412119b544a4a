//! JSON API handlers. Each carries a `#[utoipa::path]` description; the
//! OpenAPI document at `/api/openapi.json` is generated from them.

use crate::{ApiError, AppState, MAX_LIMIT};
use axum::extract::{Path, Query, State};
use axum::Json;
use marsad_store::StorySort;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// The OpenAPI description of the JSON API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "marsad API",
        description = "Arabic news as stories: stories, articles, search, entities, quotes, sources."
    ),
    paths(health, stories, story, article, search, entity, quotes, sources),
    components(schemas(StoryPage, StorySummary, ErrorBody, Health))
)]
pub struct ApiDoc;

/// `GET /api/openapi.json`.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// An error: a message and the HTTP status.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: String,
    /// The HTTP status code.
    pub status: u16,
}

/// `GET /api/health`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always true when the server answers.
    pub ok: bool,
    /// Articles stored.
    pub articles: u64,
    /// Stories in the story map.
    pub stories: u64,
}

/// Query of `GET /api/stories`.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StoriesQuery {
    /// `recent` (default), `size` or `growth`.
    sort: Option<String>,
    /// Only stories active on or after this day (YYYY-MM-DD) or instant (RFC 3339).
    since: Option<String>,
    /// Page size, 1–100 (default 20).
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// One story in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct StorySummary {
    /// Story id.
    pub id: String,
    /// Headline (the first report's title).
    pub headline: String,
    /// First report (RFC 3339).
    pub first_seen: String,
    /// Latest report (RFC 3339).
    pub last_seen: String,
    /// Articles, copies included.
    pub articles: usize,
    /// Reports (near-duplicate groups).
    pub reports: usize,
    /// Sources that carried it.
    pub sources: usize,
    /// Central terms.
    pub terms: Vec<String>,
    /// Key phrases (from the reports' keywords).
    pub keywords: Vec<String>,
    /// Growth signal: articles in the last 24 h against the story's rate before.
    pub growth: f32,
    /// Articles in the 24 h before the story's latest report.
    pub last_24h: u32,
    /// The earlier story this one develops, if any.
    pub development_of: Option<String>,
}

/// A page of stories, as the list endpoints return it.
#[derive(Debug, Serialize, ToSchema)]
pub struct StoryPage {
    /// Stories on this page.
    pub stories: Vec<StorySummary>,
    /// Cursor for the next page, if there is one.
    pub next_cursor: Option<String>,
    /// All stories in the store.
    pub total: u64,
}

pub(crate) fn parse_sort(s: Option<&str>) -> Result<StorySort, ApiError> {
    match s.unwrap_or("recent") {
        "recent" => Ok(StorySort::Recent),
        "size" => Ok(StorySort::Size),
        "growth" => Ok(StorySort::Growth),
        other => Err(ApiError::bad_request(&format!("sort must be recent, size or growth, not {other:?}"))),
    }
}

/// Cursors are opaque to clients; here they are the offset, prefixed.
pub(crate) fn parse_cursor(c: Option<&str>) -> Result<u32, ApiError> {
    match c {
        None | Some("") => Ok(0),
        Some(c) => {
            c.strip_prefix("o").and_then(|n| n.parse().ok()).ok_or_else(|| ApiError::bad_request("invalid cursor"))
        }
    }
}

fn check_id(id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::bad_request("ids are up to 64 ASCII letters and digits"));
    }
    Ok(())
}

fn story_summary(s: &marsad_stories::Story) -> StorySummary {
    StorySummary {
        id: s.id.clone(),
        headline: s.headline.clone(),
        first_seen: s.first_seen.to_rfc3339(),
        last_seen: s.last_seen.to_rfc3339(),
        articles: s.articles.len(),
        reports: s.groups.len(),
        sources: s.sources.len(),
        terms: s.terms.clone(),
        keywords: s.keywords.clone(),
        growth: s.growth,
        last_24h: s.last_24h,
        development_of: s.development_of.clone(),
    }
}

/// Liveness and store counts.
#[utoipa::path(get, path = "/api/health", responses((status = 200, body = Health)))]
pub async fn health(State(st): State<AppState>) -> Result<Json<Health>, ApiError> {
    st.with_store(|s| Ok(Json(Health { ok: true, articles: s.count()?, stories: s.story_count()? }))).await
}

/// Stories, newest, largest or fastest-growing first, with cursor pagination.
#[utoipa::path(get, path = "/api/stories", params(StoriesQuery), responses(
    (status = 200, description = "A page of stories", body = StoryPage),
    (status = 400, description = "A parameter is invalid", body = ErrorBody)))]
pub async fn stories(State(st): State<AppState>, Query(q): Query<StoriesQuery>) -> Result<Json<StoryPage>, ApiError> {
    let sort = parse_sort(q.sort.as_deref())?;
    let offset = parse_cursor(q.cursor.as_deref())?;
    let limit = q.limit.unwrap_or(20);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::bad_request(&format!("limit must be between 1 and {MAX_LIMIT}")));
    }
    if let Some(since) = &q.since {
        if chrono::NaiveDate::parse_from_str(since, "%Y-%m-%d").is_err()
            && chrono::DateTime::parse_from_rfc3339(since).is_err()
        {
            return Err(ApiError::bad_request("since must be YYYY-MM-DD or RFC 3339"));
        }
    }
    st.with_store(move |s| {
        let mut list = s.stories(sort, q.since.as_deref(), limit + 1, offset)?;
        let more = list.len() > limit as usize;
        list.truncate(limit as usize);
        Ok(Json(StoryPage {
            stories: list.iter().map(story_summary).collect(),
            next_cursor: more.then(|| format!("o{}", offset + limit)),
            total: s.story_count()?,
        }))
    })
    .await
}

/// One story: its reports, copies, sources, timeline, storyline links, the
/// entities it mentions most and its quotes.
#[utoipa::path(get, path = "/api/stories/{id}", params(("id" = String, Path, description = "Story id")), responses(
    (status = 200, description = "The story, with `article_details`, `entities` and `quotes`"),
    (status = 400, description = "Malformed id", body = ErrorBody),
    (status = 404, description = "No such story", body = ErrorBody)))]
pub async fn story(State(st): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    check_id(&id)?;
    st.with_store(move |s| {
        let story = s.story(&id)?.ok_or_else(|| ApiError::not_found("story"))?;
        let mut articles = Vec::new();
        for aid in &story.articles {
            if let Some(a) = s.get(aid)? {
                let r = s.article_story(aid)?;
                articles.push(json!({
                    "id": a.id, "title": a.title, "source": a.source, "url": a.url,
                    "time": a.effective_time(),
                    "group": r.as_ref().map(|r| r.group.clone()),
                    "verdict": r.as_ref().map(|r| r.verdict.clone()),
                    "novelty": r.as_ref().map(|r| r.novelty),
                }));
            }
        }
        let mut v = serde_json::to_value(&story).map_err(|e| ApiError::internal(&e.to_string()))?;
        v["article_details"] = Value::Array(articles);
        v["entities"] = serde_json::to_value(s.top_entities(&story.articles, 20)?).unwrap_or_default();
        v["quotes"] = serde_json::to_value(s.quotes_in(&story.articles, 50)?).unwrap_or_default();
        Ok(Json(v))
    })
    .await
}

/// One article: clean text, what cleanup removed, its story verdict, and its
/// analysis (entities, times, quotes, repeated statements).
#[utoipa::path(get, path = "/api/articles/{id}", params(("id" = String, Path, description = "Article id")), responses(
    (status = 200, description = "The article with `story` and `analysis`"),
    (status = 400, description = "Malformed id", body = ErrorBody),
    (status = 404, description = "No such article", body = ErrorBody)))]
pub async fn article(State(st): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    check_id(&id)?;
    st.with_store(move |s| {
        let a = s.get(&id)?.ok_or_else(|| ApiError::not_found("article"))?;
        let story = s.article_story(&id)?;
        let mut v = serde_json::to_value(&a).map_err(|e| ApiError::internal(&e.to_string()))?;
        v["story"] = serde_json::to_value(&story).unwrap_or(Value::Null);
        v["analysis"] = s.analysis(&id)?.unwrap_or(Value::Null);
        Ok(Json(v))
    })
    .await
}

/// Sources with their article counts, and crawl health where crawled.
#[utoipa::path(get, path = "/api/sources", responses((status = 200, description = "`sources`: [{source, articles}]")))]
pub async fn sources(State(st): State<AppState>) -> Result<Json<Value>, ApiError> {
    st.with_store(|s| {
        let stats = s.stats()?;
        let list: Vec<Value> =
            stats.per_source.iter().map(|(name, n)| json!({ "source": name, "articles": n })).collect();
        Ok(Json(json!({ "sources": list, "articles": stats.articles })))
    })
    .await
}

pub async fn not_found() -> ApiError {
    ApiError::not_found("route")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_and_sorts() {
        assert_eq!(parse_cursor(None).unwrap(), 0);
        assert_eq!(parse_cursor(Some("o40")).unwrap(), 40);
        assert!(parse_cursor(Some("40")).is_err());
        assert!(parse_cursor(Some("o-1")).is_err());
        assert_eq!(parse_sort(Some("size")).unwrap(), StorySort::Size);
        assert!(parse_sort(Some("x")).is_err());
        assert!(check_id("s0123abcd").is_ok());
        assert!(check_id("../etc").is_err());
    }
}

/// Query of `GET /api/search` and `GET /search`.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Query: words, "phrases", AND / OR / NOT, +must -mustnot, `title:…`, `quotes:…` (speakers and quoted words).
    pub(crate) q: Option<String>,
    /// Only this source.
    pub(crate) source: Option<String>,
    /// Only articles on or after this day (YYYY-MM-DD).
    pub(crate) from: Option<String>,
    /// Only articles on or before this day (YYYY-MM-DD).
    pub(crate) to: Option<String>,
    /// Only articles of this story (id).
    pub(crate) story: Option<String>,
    /// Only articles that mention this entity (id or name).
    pub(crate) entity: Option<String>,
    /// Match the spelling as written: no folding, no stemming.
    pub(crate) exact: Option<bool>,
    /// Reports to return, 1–100 (default 20).
    pub(crate) limit: Option<u32>,
    /// Also count the matches per source, day and entity.
    pub(crate) facets: Option<bool>,
}

/// Which story or entity a search is restricted to.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub(crate) story: Option<String>,
    pub(crate) entity: Option<String>,
}

impl SearchParams {
    pub(crate) fn to_query(&self) -> Result<(marsad_store::SearchQuery, usize), ApiError> {
        let text = self.q.clone().unwrap_or_default();
        if text.trim().is_empty() {
            return Err(ApiError::bad_request("q is required"));
        }
        if text.len() > marsad_store::search::MAX_QUERY_BYTES {
            return Err(ApiError::bad_request("q is too long"));
        }
        let day = |s: &Option<String>, name: &str| -> Result<Option<chrono::NaiveDate>, ApiError> {
            match s.as_deref().filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| ApiError::bad_request(&format!("{name} must be YYYY-MM-DD"))),
            }
        };
        let limit = self.limit.unwrap_or(20);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::bad_request(&format!("limit must be between 1 and {MAX_LIMIT}")));
        }
        if let Some(sid) = self.story.as_deref().filter(|s| !s.is_empty()) {
            check_id(sid)?;
        }
        if self.entity.as_ref().is_some_and(|e| e.len() > 200) {
            return Err(ApiError::bad_request("entity is too long"));
        }
        Ok((
            marsad_store::SearchQuery {
                text,
                source: self.source.clone().filter(|s| !s.is_empty()),
                from: day(&self.from, "from")?,
                to: day(&self.to, "to")?,
                exact: self.exact.unwrap_or(false),
                ids: None,
                limit: 500,
            },
            limit as usize,
        ))
    }

    pub(crate) fn scope(&self) -> Scope {
        let keep = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        Scope { story: keep(&self.story), entity: keep(&self.entity) }
    }
}

/// Full-text search, one hit per report (copies counted), with optional
/// facets over the top 500 matches.
#[utoipa::path(get, path = "/api/search", params(SearchParams), responses(
    (status = 200, description = "`total` (matching articles), `hits` (the best of them, at most 500, that `reports` and `facets` are made of), `reports` (one per near-duplicate group), `facets` when asked"),
    (status = 400, description = "Missing or invalid query", body = ErrorBody),
    (status = 404, description = "The story or entity filter is not known", body = ErrorBody),
    (status = 503, description = "No search index", body = ErrorBody)))]
pub async fn search(State(st): State<AppState>, Query(p): Query<SearchParams>) -> Result<Json<Value>, ApiError> {
    let (q, limit) = p.to_query()?;
    let (found, facets) = st.search(q, limit, p.scope(), p.facets.unwrap_or(false)).await?;
    let mut v = json!({ "hits": found.hits, "total": found.total, "reports": found.reports });
    if let Some(f) = facets {
        v["facets"] = serde_json::to_value(f).unwrap_or_default();
    }
    Ok(Json(v))
}

/// Query of `GET /api/quotes`.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuotesQuery {
    /// Speaker name (substring) or entity id.
    speaker: Option<String>,
    /// At most this many, 1–100 (default 50).
    limit: Option<u32>,
}

/// Quotes, latest first, optionally by one speaker. A quote that copies of
/// one report repeat is listed once; `articles` counts the articles that
/// carry it.
#[utoipa::path(get, path = "/api/quotes", params(QuotesQuery), responses(
    (status = 200, description = "`quotes`: [{article, speaker, speaker_entity, kind, text, day, articles}]; copies of one report are listed once, `articles` counting them"),
    (status = 400, description = "Invalid parameter", body = ErrorBody)))]
pub async fn quotes(State(st): State<AppState>, Query(q): Query<QuotesQuery>) -> Result<Json<Value>, ApiError> {
    let limit = q.limit.unwrap_or(50);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::bad_request(&format!("limit must be between 1 and {MAX_LIMIT}")));
    }
    if q.speaker.as_ref().is_some_and(|s| s.len() > 200) {
        return Err(ApiError::bad_request("speaker is too long"));
    }
    st.with_store(move |s| {
        Ok(Json(json!({ "quotes": s.quotes(q.speaker.as_deref().filter(|x| !x.is_empty()), limit)? })))
    })
    .await
}

/// An entity by id or name: its articles, stories, mentions per day,
/// co-occurring entities and its quotes.
#[utoipa::path(get, path = "/api/entities/{key}", params(("key" = String, Path, description = "Entity id or (part of) its name")), responses(
    (status = 200, description = "The best-matching entity and what is known of it"),
    (status = 404, description = "No such entity", body = ErrorBody)))]
pub async fn entity(State(st): State<AppState>, Path(key): Path<String>) -> Result<Json<EntityView>, ApiError> {
    check_entity_key(&key)?;
    Ok(Json(st.with_store(move |s| entity_view(s, key.trim())).await?))
}

pub(crate) fn check_entity_key(key: &str) -> Result<(), ApiError> {
    if key.trim().is_empty() || key.len() > 200 {
        return Err(ApiError::bad_request("an entity id or name of up to 200 bytes"));
    }
    Ok(())
}

/// An article named in a view.
#[derive(Debug, Serialize)]
pub struct ArticleRef {
    /// Article id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Source.
    pub source: String,
    /// Day (YYYY-MM-DD), when known.
    pub day: Option<String>,
}

/// A story named in a view.
#[derive(Debug, Serialize)]
pub struct StoryRef {
    /// Story id.
    pub id: String,
    /// Headline.
    pub headline: String,
    /// Articles in the story.
    pub articles: usize,
}

/// An entity that shares articles with another.
#[derive(Debug, Serialize)]
pub struct CoEntity {
    /// Entity id.
    pub id: String,
    /// Canonical name.
    pub canonical: String,
    /// Articles shared.
    pub articles: u64,
}

/// What is known of one entity across the corpus.
#[derive(Debug, Serialize)]
pub struct EntityView {
    /// The best match for the key.
    pub entity: marsad_store::EntityRow,
    /// Other entities the key matched.
    pub other_matches: Vec<marsad_store::EntityRow>,
    /// Latest articles that mention it (up to 50).
    pub articles: Vec<ArticleRef>,
    /// Stories of those articles.
    pub stories: Vec<StoryRef>,
    /// Mentions per day, in day order.
    pub mentions_per_day: std::collections::BTreeMap<String, u64>,
    /// Entities that appear in the same articles, most shared first.
    pub cooccurring: Vec<CoEntity>,
    /// Quotes attributed to it.
    pub quotes: Vec<marsad_store::QuoteRow>,
}

pub(crate) fn entity_view(s: &marsad_store::Store, key: &str) -> Result<EntityView, ApiError> {
    let mut found = s.find_entities(key, 10)?;
    if found.is_empty() {
        return Err(ApiError::not_found("entity"));
    }
    let top = found.remove(0);
    let (ids, per_day) = s.entity_articles(&top.id, 50)?;
    let mut articles = Vec::with_capacity(ids.len());
    for id in &ids {
        if let Some(a) = s.get(id)? {
            articles.push(ArticleRef {
                id: a.id.clone(),
                title: a.title.clone(),
                source: a.source.clone(),
                day: a.day().map(|d| d.to_string()),
            });
        }
    }
    let stories: Vec<StoryRef> = s
        .stories_of(&ids)?
        .into_iter()
        .map(|story| StoryRef { id: story.id, headline: story.headline, articles: story.articles.len() })
        .collect();
    let cooccurring = s
        .cooccurring(&top.id, 12)?
        .into_iter()
        .map(|(id, canonical, articles)| CoEntity { id, canonical, articles })
        .collect();
    let quotes = s.quotes(Some(&top.id), 30)?;
    Ok(EntityView {
        entity: top,
        other_matches: found,
        articles,
        stories,
        mentions_per_day: per_day.into_iter().collect(),
        cooccurring,
        quotes,
    })
}
