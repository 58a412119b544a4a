//! marsad's serving side: a JSON API and an Arabic, right-to-left web UI
//! over the embedded store. Pages are rendered on the server and work
//! without JavaScript.
//!
//! Routes:
//! - `GET /` — stories now; `GET /story/{id}`; `GET /article/{id}`.
//! - `GET /api/stories?sort=recent|size|growth&since=&limit=&cursor=`,
//!   `GET /api/stories/{id}`, `GET /api/articles/{id}`, `GET /api/sources`,
//!   `GET /api/search?q=&source=&from=&to=&exact=&limit=` (one hit per
//!   report, copies counted; `GET /search?q=` is its page),
//!   `GET /api/entities/{id-or-name}`, `GET /api/quotes?speaker=&limit=`,
//!   `GET /api/health`. Errors are JSON `{"error": …}` with a proper status.
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
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use svg::timeline_svg;

/// Largest page of stories the API returns.
pub const MAX_LIMIT: u32 = 100;

/// Shared state: the store behind a mutex (SQLite connections are not `Sync`).
#[derive(Clone)]
pub struct AppState {
    store: Arc<Mutex<Store>>,
    index: Option<Arc<marsad_store::SearchIndex>>,
}

impl AppState {
    /// Search with collapsing, on a blocking thread.
    async fn search(
        &self,
        q: marsad_store::SearchQuery,
        limit: usize,
    ) -> Result<(Vec<marsad_store::Report>, usize), ApiError> {
        let idx = self.index.clone().ok_or_else(|| ApiError::unavailable("the search index is not available"))?;
        self.with_store(move |s| {
            idx.reload().map_err(|e| ApiError::internal(&e.to_string()))?;
            s.search_reports(&idx, &q, limit).map_err(|e| match e {
                marsad_store::StoreError::Search(m) => ApiError::bad_request(&m),
                other => other.into(),
            })
        })
        .await
    }

    /// Run `f` with the store on a blocking thread.
    async fn with_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            let guard = store.lock().map_err(|_| ApiError::internal("store lock poisoned"))?;
            f(&guard)
        })
        .await
        .map_err(|e| ApiError::internal(&e.to_string()))?
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

/// The application: API and UI routes over `store`.
pub fn router(store: Store) -> Router {
    let index = match store.search_index() {
        Ok(i) => Some(Arc::new(i)),
        Err(e) => {
            tracing::warn!("search disabled: {e}");
            None
        }
    };
    let state = AppState { store: Arc::new(Mutex::new(store)), index };
    Router::new()
        .route("/", get(html::front_page))
        .route("/story/{id}", get(html::story_page))
        .route("/article/{id}", get(html::article_page))
        .route("/search", get(html::search_page))
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
