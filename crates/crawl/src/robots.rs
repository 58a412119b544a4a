//! robots.txt, fetched once per host and round (RFC 9309 reading: 2xx →
//! the rules, 4xx → everything allowed, 5xx or unreachable → nothing
//! allowed). `Crawl-delay` raises the host's pause.

use crate::fetch::{FetchError, Fetcher};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use texting_robots::Robot;
use tokio::sync::OnceCell;
use url::Url;

/// robots.txt bodies read at most (RFC 9309 asks for at least 500 KiB).
const MAX_ROBOTS_BYTES: usize = 512 * 1024;

/// What a host's robots.txt says.
#[derive(Debug)]
pub enum Rules {
    /// No robots.txt (4xx): everything allowed.
    AllowAll,
    /// robots.txt unreachable (5xx, network): nothing allowed, this round.
    DisallowAll(String),
    /// The parsed rules.
    Parsed(Box<Robot>),
}

impl Rules {
    /// Whether `url` may be fetched.
    pub fn allowed(&self, url: &str) -> bool {
        match self {
            Rules::AllowAll => true,
            Rules::DisallowAll(_) => false,
            Rules::Parsed(r) => r.allowed(url),
        }
    }
}

/// robots.txt per host, for one round.
#[derive(Default)]
pub struct RobotsCache {
    hosts: Mutex<HashMap<String, Arc<OnceCell<Arc<Rules>>>>>,
}

impl RobotsCache {
    /// The rules for `url`'s host (fetched on first use).
    pub async fn rules(&self, fetcher: &Fetcher, url: &Url, allow_private: bool) -> Arc<Rules> {
        let origin = url.origin().ascii_serialization();
        let cell = self.hosts.lock().expect("robots lock").entry(origin.clone()).or_default().clone();
        cell.get_or_init(|| async move {
            let robots_url = format!("{origin}/robots.txt");
            let rules = match fetcher.get(&robots_url, None, allow_private).await {
                Ok(f) => {
                    let body = &f.body[..f.body.len().min(MAX_ROBOTS_BYTES)];
                    match Robot::new(&fetcher.settings().user_agent, body) {
                        Ok(r) => {
                            if let Some(d) = r.delay.filter(|d| d.is_finite() && *d > 0.0) {
                                fetcher.raise_host_delay(url, Duration::from_secs_f32(d.min(60.0)));
                            }
                            Rules::Parsed(Box::new(r))
                        }
                        // Unparseable robots.txt: treat as absent.
                        Err(_) => Rules::AllowAll,
                    }
                }
                Err(FetchError::Status(s)) if (400..500).contains(&s) => Rules::AllowAll,
                Err(e) => Rules::DisallowAll(format!("robots.txt unavailable: {e}")),
            };
            Arc::new(rules)
        })
        .await
        .clone()
    }
}
