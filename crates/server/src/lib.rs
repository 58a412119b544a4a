//! marsad's serving side: a JSON API and an Arabic, right-to-left web UI
//! over the embedded store. Pages are rendered on the server and work
//! without JavaScript.
//!
//! Routes:
//! - `GET /` — stories now; `GET /story/{id}`; `GET /article/{id}`;
//!   `GET /entity/{id-or-name}`; `GET /search?q=` (with facets).
//! - `GET /api/stories?sort=recent|size|growth&since=&limit=&cursor=`,
//!   `GET /api/stories/{id}`, `GET /api/articles/{id}`, `GET /api/sources`,
//!   `GET /api/search?q=&source=&from=&to=&story=&entity=&exact=&limit=&facets=` (one hit per
//!   report, copies counted; `GET /search?q=` is its page),
//!   `GET /api/entities/{id-or-name}`, `GET /api/quotes?speaker=&limit=`,
//!   `GET /api/health`, and `GET /api/openapi.json` (the OpenAPI 3.1
//!   document, generated from the handlers). Errors are JSON
//!   `{"error": …, "status": …}` with a proper status.
//!
//! The server binds to 127.0.0.1 by default, caps page sizes, and times out
//! slow requests. It only reads: nothing over HTTP changes the store.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let store = marsad_store::Store::open(std::path::Path::new("data")).unwrap();
//! let app = marsad_server::router(store);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await
//! # }
//! ```
#![warn(missing_docs)]

mod api;
mod html;
mod svg;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use marsad_store::Store;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

pub use svg::timeline_svg;

/// Largest page of stories the API returns.
pub const MAX_LIMIT: u32 = 100;

/// A few connections to the store, one per request in flight (SQLite
/// connections are not `Sync`; WAL lets readers run side by side).
struct Pool {
    idle: Mutex<Vec<Store>>,
    returned: Condvar,
}

impl Pool {
    fn new(first: Store, size: usize) -> Pool {
        let mut idle = Vec::with_capacity(size);
        for _ in 1..size {
            match first.reopen() {
                Ok(s) => idle.push(s),
                Err(e) => {
                    tracing::warn!("store: one connection fewer: {e}");
                    break;
                }
            }
        }
        idle.push(first);
        for s in &idle {
            if let Err(e) = s.use_mmap(1 << 30) {
                tracing::warn!("store: reads without a memory map: {e}");
            }
        }
        Pool { idle: Mutex::new(idle), returned: Condvar::new() }
    }

    fn with<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T, ApiError> {
        let poisoned = |_| ApiError::internal("store pool lock poisoned");
        let store = {
            let mut idle = self.idle.lock().map_err(poisoned)?;
            loop {
                if let Some(s) = idle.pop() {
                    break s;
                }
                idle = self.returned.wait(idle).map_err(poisoned)?;
            }
        };
        // Give the connection back even if `f` panics.
        struct Return<'a>(&'a Pool, Option<Store>);
        impl Drop for Return<'_> {
            fn drop(&mut self) {
                if let (Some(s), Ok(mut idle)) = (self.1.take(), self.0.idle.lock()) {
                    idle.push(s);
                    self.0.returned.notify_one();
                }
            }
        }
        let guard = Return(self, Some(store));
        Ok(f(guard.1.as_ref().expect("set above")))
    }
}

/// Shared state: a pool of store connections and the search index.
#[derive(Clone)]
pub struct AppState {
    pool: Arc<Pool>,
    index: Option<Arc<marsad_store::SearchIndex>>,
}

impl AppState {
    /// Search with collapsing, on a blocking thread.
    async fn search(
        &self,
        q: marsad_store::SearchQuery,
        limit: usize,
        scope: api::Scope,
        facets: bool,
    ) -> Result<(marsad_store::SearchResults, Option<marsad_store::Facets>), ApiError> {
        let idx = self.index.clone().ok_or_else(|| ApiError::unavailable("the search index is not available"))?;
        self.with_store(move |s| {
            let mut q = q;
            q.ids = s.search_scope(scope.story.as_deref(), scope.entity.as_deref())?;
            idx.reload().map_err(|e| ApiError::internal(&e.to_string()))?;
            let found = s.search_reports(&idx, &q, limit).map_err(|e| match e {
                marsad_store::StoreError::Search(m) => ApiError::bad_request(&m),
                other => other.into(),
            })?;
            let facets = if facets { Some(s.facets(&found.matched, 12)?) } else { None };
            Ok((found, facets))
        })
        .await
    }

    /// Run `f` with the store on a blocking thread.
    async fn with_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || pool.with(f)?).await.map_err(|e| ApiError::internal(&e.to_string()))?
    }
}

/// An error answered as JSON (API) or as a small page (UI).
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn not_found(what: &str) -> Self {
        ApiError { status: StatusCode::NOT_FOUND, message: format!("{what} not found") }
    }
    fn bad_request(msg: &str) -> Self {
        ApiError { status: StatusCode::BAD_REQUEST, message: msg.to_string() }
    }
    fn unavailable(msg: &str) -> Self {
        ApiError { status: StatusCode::SERVICE_UNAVAILABLE, message: msg.to_string() }
    }
    fn internal(msg: &str) -> Self {
        ApiError { status: StatusCode::INTERNAL_SERVER_ERROR, message: msg.to_string() }
    }
}

impl From<marsad_store::StoreError> for ApiError {
    fn from(e: marsad_store::StoreError) -> Self {
        if let marsad_store::StoreError::NotFound(what) = &e {
            return ApiError::not_found(what);
        }
        tracing::error!("store error: {e}");
        ApiError::internal("store error")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(serde_json::json!({ "error": self.message, "status": self.status.as_u16() })))
            .into_response()
    }
}

/// SQLite connections the server keeps: one per core and two spare; more
/// would only wait on the CPU. Store queries run on tokio's blocking
/// threads, so a runtime needs no more blocking threads than this (each
/// extra one would only wait for a connection, holding its own stack and
/// allocator caches).
pub fn pool_size() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) + 2
}

/// The application: API and UI routes over `store`.
pub fn router(store: Store) -> Router {
    let index = match store.search_index() {
        Ok(i) => Some(Arc::new(i)),
        Err(e) => {
            tracing::warn!("search disabled: {e}");
            None
        }
    };
    let state = AppState { pool: Arc::new(Pool::new(store, pool_size())), index };
    Router::new()
        .route("/", get(html::front_page))
        .route("/story/{id}", get(html::story_page))
        .route("/article/{id}", get(html::article_page))
        .route("/search", get(html::search_page))
        .route("/entity/{key}", get(html::entity_page))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/search", get(api::search))
        .route("/api/health", get(api::health))
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/sources", get(api::sources))
        .route("/api/entities/{key}", get(api::entity))
        .route("/api/quotes", get(api::quotes))
        .fallback(api::not_found)
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(15),
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(64 * 1024))
        .with_state(state)
}

/// Serve `store` on `addr` until Ctrl-C.
pub async fn serve(store: Store, addr: std::net::SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, router(store))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
