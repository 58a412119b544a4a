//! `marsad crawl` and `marsad sources`: the live crawler and its sources' health.

use anyhow::Result;
use marsad_crawl::{format_round, format_sources, Config, Crawler, RoundSummary};
use marsad_store::Store;
use std::path::Path;
use std::process::ExitCode;

/// Exit code of `crawl --once` when some feed, sitemap or page failed (the rest was stored).
const EXIT_ERRORS: u8 = 3;

/// After a round that stored articles: analyse them, update the story map
/// (incrementally: only the new articles are placed) and catch the search
/// index up.
fn after_round(data_dir: &Path, store: &mut Store, s: &RoundSummary) -> Result<()> {
    if s.ingested == 0 {
        return Ok(());
    }
    let analyzed = crate::pipeline::analyze_pending(data_dir)?;
    let st = crate::serve::update_stories(data_dir)?;
    println!(
        "analysed {analyzed} articles; stories {}: {} new articles placed → {} stories in {:.2} s",
        st.mode, st.placed, st.stories, st.seconds
    );
    let idx = store.search_index()?;
    let n = store.sync_index(&idx)?;
    println!("search index: {n} articles added");
    Ok(())
}

/// `marsad crawl --sources FILE [--once]`.
pub fn crawl_cmd(data_dir: &Path, sources: &Path, once: bool) -> Result<ExitCode> {
    let config = Config::load(sources)?;
    if config.sources.is_empty() {
        anyhow::bail!("{}: no [[source]] listed", sources.display());
    }
    let mut store = crate::datadir::open_store(data_dir)?;
    let rt = tokio::runtime::Runtime::new()?;
    let crawler = Crawler::new(config);
    if once {
        let summary = rt.block_on(crawler.run_round(&mut store))?;
        print!("{}", format_round(&summary));
        after_round(data_dir, &mut store, &summary)?;
        return Ok(if summary.errors > 0 { ExitCode::from(EXIT_ERRORS) } else { ExitCode::SUCCESS });
    }
    println!(
        "marsad: crawling {} sources from {} into {} (Ctrl-C to stop)",
        crawler.config().sources.len(),
        sources.display(),
        data_dir.display()
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    rt.block_on(crawler.run_forever(&mut store, shutdown, |summary, store| {
        print!("{}", format_round(summary));
        if let Err(e) = after_round(data_dir, store, summary) {
            eprintln!("marsad: after the round: {e:#}");
        }
    }))?;
    println!("marsad: crawler stopped");
    Ok(ExitCode::SUCCESS)
}

/// `marsad sources [--json]`: each crawled source's health.
pub fn sources_cmd(data_dir: &Path, json: bool) -> Result<ExitCode> {
    let store = crate::datadir::open_store(data_dir)?;
    let list = store.crawl_sources()?;
    if json {
        let mut out = Vec::new();
        for h in &list {
            let mut v = serde_json::to_value(h)?;
            v["recent_errors"] = serde_json::to_value(store.crawl_recent_errors(&h.name, 10)?)?;
            out.push(v);
        }
        println!("{}", serde_json::to_string(&serde_json::json!({ "sources": out }))?);
    } else {
        print!("{}", format_sources(&list));
    }
    Ok(ExitCode::SUCCESS)
}
