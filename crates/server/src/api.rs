//! JSON API handlers.

use crate::{ApiError, AppState, MAX_LIMIT};
use axum::extract::{Path, Query, State};
use axum::Json;
use marsad_store::StorySort;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Query of `GET /api/stories`.
#[derive(Debug, Deserialize, Default)]
pub struct StoriesQuery {
    sort: Option<String>,
    since: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// A page of stories, as the list endpoints return it.
#[derive(Debug, Serialize)]
pub struct StoryPage {
    /// Stories on this page.
    pub stories: Vec<Value>,
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

fn story_summary(s: &marsad_stories::Story) -> Value {
    json!({
        "id": s.id,
        "headline": s.headline,
        "first_seen": s.first_seen,
        "last_seen": s.last_seen,
        "articles": s.articles.len(),
        "reports": s.groups.len(),
        "sources": s.sources.len(),
        "terms": s.terms,
        "growth": s.growth,
        "last_24h": s.last_24h,
        "development_of": s.development_of,
    })
}

pub async fn health(State(st): State<AppState>) -> Result<Json<Value>, ApiError> {
    st.with_store(|s| Ok(Json(json!({ "ok": true, "articles": s.count()?, "stories": s.story_count()? })))).await
}

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
        Ok(Json(v))
    })
    .await
}

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
#[derive(Debug, Deserialize, Default)]
pub struct SearchParams {
    pub(crate) q: Option<String>,
    pub(crate) source: Option<String>,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) exact: Option<bool>,
    pub(crate) limit: Option<u32>,
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
        Ok((
            marsad_store::SearchQuery {
                text,
                source: self.source.clone().filter(|s| !s.is_empty()),
                from: day(&self.from, "from")?,
                to: day(&self.to, "to")?,
                exact: self.exact.unwrap_or(false),
                limit: 500,
            },
            limit as usize,
        ))
    }
}

pub async fn search(State(st): State<AppState>, Query(p): Query<SearchParams>) -> Result<Json<Value>, ApiError> {
    let (q, limit) = p.to_query()?;
    let (reports, hits) = st.search(q, limit).await?;
    Ok(Json(json!({ "hits": hits, "reports": reports })))
}

/// Query of `GET /api/quotes`.
#[derive(Debug, Deserialize, Default)]
pub struct QuotesQuery {
    speaker: Option<String>,
    limit: Option<u32>,
}

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

pub async fn entity(State(st): State<AppState>, Path(key): Path<String>) -> Result<Json<Value>, ApiError> {
    if key.trim().is_empty() || key.len() > 200 {
        return Err(ApiError::bad_request("an entity id or name of up to 200 bytes"));
    }
    st.with_store(move |s| {
        let found = s.find_entities(key.trim(), 10)?;
        let top = found.first().ok_or_else(|| ApiError::not_found("entity"))?;
        let (articles, per_day) = s.entity_articles(&top.id, 50)?;
        let co = s.cooccurring(&top.id, 10)?;
        let mut stories: Vec<String> = Vec::new();
        for a in &articles {
            if let Some(r) = s.article_story(a)? {
                if !stories.contains(&r.story) {
                    stories.push(r.story);
                }
            }
        }
        Ok(Json(json!({
            "entity": top,
            "other_matches": &found[1..],
            "articles": articles,
            "stories": stories,
            "mentions_per_day": per_day.iter().map(|(d, n)| (d.clone(), Value::from(*n))).collect::<serde_json::Map<_, _>>(),
            "cooccurring": co.iter().map(|(id, c, n)| json!({"id": id, "canonical": c, "articles": n})).collect::<Vec<_>>(),
        })))
    })
    .await
}
