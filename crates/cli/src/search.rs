//! `marsad search`: full-text search over the store, one hit per report.

use anyhow::Result;
use chrono::NaiveDate;
use marsad_store::SearchQuery;
use std::path::Path;
use std::process::ExitCode;

/// Arguments of `marsad search`.
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// The query: words, "phrases", AND / OR / NOT, +must -mustnot.
    query: String,
    /// Only this source.
    #[arg(long)]
    source: Option<String>,
    /// Only articles on or after this day (YYYY-MM-DD).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Only articles on or before this day (YYYY-MM-DD).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// Only articles of this story (its id).
    #[arg(long)]
    story: Option<String>,
    /// Only articles that mention this entity (id or name).
    #[arg(long)]
    entity: Option<String>,
    /// Match the spelling as written (no folding or stemming).
    #[arg(long)]
    exact: bool,
    /// Reports to show.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `marsad search`.
pub fn run(data_dir: &Path, a: SearchArgs) -> Result<ExitCode> {
    let mut store = crate::datadir::open_existing(data_dir)?;
    let idx = store.search_index()?;
    store.sync_index(&idx)?;
    let ids = store.search_scope(a.story.as_deref(), a.entity.as_deref())?;
    let q = SearchQuery { text: a.query, source: a.source, from: a.from, to: a.to, exact: a.exact, ids, limit: 500 };
    let found = store.search_reports(&idx, &q, a.limit)?;
    let (reports, n_hits) = (&found.reports, found.hits);
    if a.json {
        let facets = store.facets(&found.matched, 10)?;
        println!(
            "{}",
            serde_json::to_string(
                &serde_json::json!({ "hits": n_hits, "total": found.total, "reports": reports, "facets": facets })
            )?
        );
        return Ok(ExitCode::SUCCESS);
    }
    if found.total > n_hits {
        println!("{} matching articles (the best {n_hits} grouped), {} reports shown", found.total, reports.len());
    } else {
        println!("{} matching articles, {} reports shown", n_hits, reports.len());
    }
    for r in reports {
        let copies = if r.copies > 0 { format!(" (+{} copies)", r.copies) } else { String::new() };
        println!("\n{}  [{}]  {}  score {:.2}{}", r.hit.id, r.hit.source, r.hit.day, r.hit.score, copies);
        println!("  {}", r.hit.title);
        // Mark matches with ⟦ ⟧ in the fragment (terminals have no bold here).
        let mut frag = String::new();
        let mut last = 0;
        for h in &r.hit.highlights {
            if h.start >= last && h.end <= r.hit.fragment.len() {
                frag.push_str(&r.hit.fragment[last..h.start]);
                frag.push('⟦');
                frag.push_str(&r.hit.fragment[h.clone()]);
                frag.push('⟧');
                last = h.end;
            }
        }
        frag.push_str(&r.hit.fragment[last..]);
        println!("  {}", frag.replace('\n', " "));
    }
    Ok(ExitCode::SUCCESS)
}
