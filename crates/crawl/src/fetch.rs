//! HTTP fetching: rustls, gzip/brotli, timeouts, conditional GET, redirects
//! followed by hand (each hop re-checked against the SSRF rules, loops
//! caught), bodies read in chunks and cut off past the cap, retries with
//! exponential backoff, and per-host politeness (a concurrency limit and a
//! minimum pause between requests) under a global concurrency limit.

use crate::config::Settings;
use crate::safety::{check_url, GuardedResolver, Refused};
use marsad_store::crawl::Validators;
use reqwest::header::{
    HeaderMap, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION,
};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::Instant;
use url::Url;

/// Why a fetch failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    /// The URL or an address it resolves to is not allowed.
    #[error("refused: {0}")]
    Refused(String),
    /// Not a URL.
    #[error("bad URL: {0}")]
    BadUrl(String),
    /// An HTTP status other than 2xx / 304.
    #[error("HTTP {0}")]
    Status(u16),
    /// The request or body took too long.
    #[error("timed out after {0:.1} s")]
    Timeout(f64),
    /// Connecting or reading failed.
    #[error("connection failed: {0}")]
    Connect(String),
    /// The body is over the cap.
    #[error("body over the {0}-byte limit, cut off")]
    TooLarge(u64),
    /// A redirect leads back to a URL already visited.
    #[error("redirect loop at {0}")]
    RedirectLoop(String),
    /// More redirects than allowed.
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    /// A redirect without a usable `Location`.
    #[error("redirect without a usable Location")]
    BadRedirect,
    /// A redirect leads to a URL the site's robots.txt disallows; it was
    /// not followed.
    #[error("redirect to {0}, which robots.txt disallows")]
    RobotsRedirect(String),
}

impl FetchError {
    /// A short label for summaries and the store (`http_status`, `timeout` …).
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::Refused(_) => "refused",
            FetchError::BadUrl(_) => "bad_url",
            FetchError::Status(_) => "http_status",
            FetchError::Timeout(_) => "timeout",
            FetchError::Connect(_) => "connection",
            FetchError::TooLarge(_) => "too_large",
            FetchError::RedirectLoop(_) => "redirect_loop",
            FetchError::TooManyRedirects(_) => "too_many_redirects",
            FetchError::BadRedirect => "bad_redirect",
            FetchError::RobotsRedirect(_) => "robots",
        }
    }

    /// Worth trying again later (server errors, 429, timeouts, connection failures).
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status(s) => *s >= 500 || *s == 429 || *s == 408,
            FetchError::Timeout(_) | FetchError::Connect(_) => true,
            _ => false,
        }
    }
}

/// A fetched response.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL the body came from (after redirects).
    pub final_url: Url,
    /// 200 with a body, or 304 (empty body) for a conditional request.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// New validators (`ETag`, `Last-Modified`).
    pub validators: Validators,
    /// The body (decompressed), at most the cap.
    pub body: Vec<u8>,
}

impl Fetched {
    /// True for a 304.
    pub fn not_modified(&self) -> bool {
        self.status == 304
    }
}

/// Per-host gate: a concurrency limit and the earliest next request.
struct HostGate {
    permits: Arc<Semaphore>,
    next: tokio::sync::Mutex<Instant>,
    delay: Mutex<Duration>,
}

/// The fetcher; cheap to share (`Arc`).
pub struct Fetcher {
    strict: reqwest::Client,
    permissive: reqwest::Client,
    settings: Settings,
    global: Arc<Semaphore>,
    hosts: Mutex<HashMap<String, Arc<HostGate>>>,
    requests: AtomicU64,
}

fn build_client(s: &Settings, allow_private: bool) -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(s.user_agent.clone())
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .gzip(true)
        .brotli(true)
        .connect_timeout(s.connect_timeout())
        .timeout(s.timeout())
        .pool_max_idle_per_host(s.per_host_concurrency.max(1) * 2)
        .dns_resolver(Arc::new(GuardedResolver { allow_private }))
        .https_only(false)
        .build()
        .expect("the HTTP client configuration is valid")
}

fn host_key(u: &Url) -> String {
    format!("{}:{}", u.host_str().unwrap_or(""), u.port_or_known_default().unwrap_or(0))
}

fn header(h: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// Turn a reqwest error into ours, finding a refusal from the resolver.
fn classify(e: &reqwest::Error, timeout: Duration) -> FetchError {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = src {
        if let Some(r) = s.downcast_ref::<Refused>() {
            return FetchError::Refused(r.0.clone());
        }
        src = s.source();
    }
    if e.is_timeout() {
        return FetchError::Timeout(timeout.as_secs_f64());
    }
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    FetchError::Connect(msg)
}

impl Fetcher {
    /// A fetcher with these settings.
    pub fn new(settings: &Settings) -> Fetcher {
        Fetcher {
            strict: build_client(settings, false),
            permissive: build_client(settings, true),
            settings: settings.clone(),
            global: Arc::new(Semaphore::new(settings.concurrency.max(1))),
            hosts: Mutex::new(HashMap::new()),
            requests: AtomicU64::new(0),
        }
    }

    /// HTTP requests sent so far (every hop and retry counted).
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    fn gate(&self, u: &Url) -> Arc<HostGate> {
        let mut hosts = self.hosts.lock().expect("host table lock");
        hosts
            .entry(host_key(u))
            .or_insert_with(|| {
                Arc::new(HostGate {
                    permits: Arc::new(Semaphore::new(self.settings.per_host_concurrency.max(1))),
                    next: tokio::sync::Mutex::new(Instant::now()),
                    delay: Mutex::new(Duration::from_millis(self.settings.host_delay_ms)),
                })
            })
            .clone()
    }

    /// Raise the pause between requests to a host (robots.txt `Crawl-delay`), up to 60 s.
    pub fn raise_host_delay(&self, u: &Url, delay: Duration) {
        let gate = self.gate(u);
        let mut d = gate.delay.lock().expect("delay lock");
        *d = (*d).max(delay.min(Duration::from_secs(60)));
    }

    /// GET `url` (conditional when `validators` are given): redirects,
    /// retries, politeness and the body cap included.
    pub async fn get(
        &self,
        url: &str,
        validators: Option<&Validators>,
        allow_private: bool,
    ) -> Result<Fetched, FetchError> {
        self.get_guarded(url, validators, allow_private, |_| async { true }).await
    }

    /// [`Fetcher::get`], asking `may_follow` before each redirect hop (the
    /// crawler checks robots.txt of the hop's host there): a hop it refuses
    /// ends the fetch with [`FetchError::RobotsRedirect`], unrequested.
    pub async fn get_guarded<F, Fut>(
        &self,
        url: &str,
        validators: Option<&Validators>,
        allow_private: bool,
        may_follow: F,
    ) -> Result<Fetched, FetchError>
    where
        F: Fn(Url) -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let url = Url::parse(url).map_err(|e| FetchError::BadUrl(format!("{url}: {e}")))?;
        let mut attempt = 0u32;
        loop {
            match self.get_once(&url, validators, allow_private, &may_follow).await {
                Err(e) if e.is_transient() && attempt < self.settings.retries => {
                    let pause = Duration::from_millis(self.settings.backoff_ms.saturating_mul(1 << attempt.min(16)));
                    tracing::debug!("retrying {url} after {e} in {pause:?}");
                    tokio::time::sleep(pause).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn get_once<F, Fut>(
        &self,
        start: &Url,
        validators: Option<&Validators>,
        allow_private: bool,
        may_follow: &F,
    ) -> Result<Fetched, FetchError>
    where
        F: Fn(Url) -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let client = if allow_private { &self.permissive } else { &self.strict };
        let mut url = start.clone();
        let mut visited: Vec<Url> = vec![url.clone()];
        for _hop in 0..=self.settings.max_redirects {
            check_url(&url, allow_private).map_err(|r| FetchError::Refused(r.0))?;
            let resp = self.send(client, &url, validators).await?;
            let status = resp.status();
            if status.is_redirection() && status.as_u16() != 304 {
                let loc = header(resp.headers(), LOCATION).ok_or(FetchError::BadRedirect)?;
                let next = url.join(&loc).map_err(|_| FetchError::BadRedirect)?;
                if visited.contains(&next) {
                    return Err(FetchError::RedirectLoop(next.to_string()));
                }
                if !may_follow(next.clone()).await {
                    return Err(FetchError::RobotsRedirect(next.to_string()));
                }
                visited.push(next.clone());
                url = next;
                continue;
            }
            let h = resp.headers();
            let validators_new = Validators { etag: header(h, ETAG), last_modified: header(h, LAST_MODIFIED) };
            let content_type = header(h, CONTENT_TYPE);
            if status.as_u16() == 304 {
                return Ok(Fetched {
                    final_url: url,
                    status: 304,
                    content_type,
                    validators: validators_new,
                    body: Vec::new(),
                });
            }
            if !status.is_success() {
                return Err(FetchError::Status(status.as_u16()));
            }
            let body = self.read_body(resp).await?;
            return Ok(Fetched {
                final_url: url,
                status: status.as_u16(),
                content_type,
                validators: validators_new,
                body,
            });
        }
        Err(FetchError::TooManyRedirects(self.settings.max_redirects))
    }

    /// One request, under the global and per-host limits.
    async fn send(
        &self,
        client: &reqwest::Client,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<reqwest::Response, FetchError> {
        // The host's turn first (a request waiting out a host's delay holds
        // no global permit, so other hosts go on), then a global permit.
        let gate = self.gate(url);
        let _host = gate.permits.acquire().await.expect("semaphore open");
        {
            let mut next = gate.next.lock().await;
            let now = Instant::now();
            if *next > now {
                tokio::time::sleep_until(*next).await;
            }
            let delay = *gate.delay.lock().expect("delay lock");
            *next = Instant::now() + delay;
        }
        let _global = self.global.acquire().await.expect("semaphore open");
        let mut req = client.get(url.clone());
        if let Some(v) = validators {
            if let Some(e) = &v.etag {
                req = req.header(IF_NONE_MATCH, e);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header(IF_MODIFIED_SINCE, lm);
            }
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        req.send().await.map_err(|e| classify(&e, self.settings.timeout()))
    }

    async fn read_body(&self, mut resp: reqwest::Response) -> Result<Vec<u8>, FetchError> {
        let cap = self.settings.max_body_bytes;
        // A declared length over the cap is refused before reading (when not
        // compressed, the header is the body's size).
        if let Some(n) = header(resp.headers(), CONTENT_LENGTH).and_then(|v| v.parse::<u64>().ok()) {
            if n > cap && resp.headers().get(reqwest::header::CONTENT_ENCODING).is_none() {
                return Err(FetchError::TooLarge(cap));
            }
        }
        let mut body: Vec<u8> = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(c)) => {
                    if body.len() as u64 + c.len() as u64 > cap {
                        return Err(FetchError::TooLarge(cap));
                    }
                    body.extend_from_slice(&c);
                }
                Ok(None) => return Ok(body),
                Err(e) => return Err(classify(&e, self.settings.timeout())),
            }
        }
    }
}
