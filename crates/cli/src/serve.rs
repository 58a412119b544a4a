//! `marsad stories`, `marsad serve` and `marsad demo`.

use crate::eval::story_input_with_places;
use crate::ingest::ingest_paths;
use anyhow::{Context, Result};
use marsad_extract::dump::ReadOptions;
use marsad_store::{Filter, StorySort};
use marsad_stories::{build, Config, StoryInput};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The sample corpus, embedded in the binary so `marsad demo` works anywhere.
static SAMPLES: include_dir::Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../samples");

/// Figures of one story rebuild.
#[derive(Debug, serde::Serialize)]
pub struct StoriesSummary {
    /// Articles clustered.
    pub articles: usize,
    /// Stories found.
    pub stories: usize,
    /// Near-duplicate groups (two or more copies).
    pub dup_groups: usize,
    /// Articles that are copies of an earlier one.
    pub copies: usize,
    /// Seconds to load, build and save.
    pub seconds: f64,
    /// `rebuilt` (the whole map) or `updated` (only the new articles were
    /// placed, against the stories still open).
    pub mode: &'static str,
    /// Articles placed by this run (all of them for a rebuild).
    pub placed: usize,
}

/// Fill each story's key phrases from its reports' analyses: one article
/// per near-duplicate group (copies would only repeat the same phrases),
/// merged by [`story_keywords`].
fn fill_story_keywords(store: &marsad_store::Store, map: &mut marsad_stories::StoryMap) -> Result<()> {
    for story in &mut map.stories {
        let mut scored: Vec<(String, f64)> = Vec::new();
        for rep in story.groups.iter().take(50) {
            let Some(keywords) = store.analysis_keywords(rep)? else { continue };
            for k in keywords.as_array().into_iter().flatten() {
                if let (Some(p), Some(s)) = (k["phrase"].as_str(), k["score"].as_f64()) {
                    scored.push((p.to_string(), s));
                }
            }
        }
        story.keywords = story_keywords(&scored, 8);
    }
    Ok(())
}

/// A story's best `n` key phrases from its reports' `(phrase, score)`s.
/// Spellings of one phrase meet under one key — each word Search-normalised
/// without its clitics, so `للشؤون`, `الشؤون` and `شؤون` are one phrase —
/// whose scores are summed and which shows as its best-scored spelling. A
/// phrase whose words all stand in a phrase already kept adds nothing
/// (`المشاريع` after `إدارة المشاريع`) and is left out.
fn story_keywords(scored: &[(String, f64)], n: usize) -> Vec<String> {
    use marsad_arabic::normalize::{normalize, NormalizeOptions};
    use marsad_arabic::stem::clitic_split;
    let key_words = |p: &str| -> Vec<String> {
        let norm = normalize(p, &NormalizeOptions::search()).into_string();
        norm.split_whitespace().map(|w| clitic_split(w).base.to_string()).filter(|w| !w.is_empty()).collect()
    };
    // key → (summed score, best spelling, its score, words)
    let mut merged: std::collections::HashMap<String, (f64, String, f64, Vec<String>)> =
        std::collections::HashMap::new();
    for (p, s) in scored {
        let words = key_words(p);
        if words.is_empty() {
            continue;
        }
        let e = merged.entry(words.join(" ")).or_insert_with(|| (0.0, p.clone(), f64::NEG_INFINITY, words));
        e.0 += s;
        if *s > e.2 || (*s == e.2 && p < &e.1) {
            (e.1, e.2) = (p.clone(), *s);
        }
    }
    let mut list: Vec<(f64, String, Vec<String>)> = merged.into_values().map(|(t, p, _, w)| (t, p, w)).collect();
    list.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut kept: Vec<(String, Vec<String>)> = Vec::new();
    for (_, p, words) in list {
        if kept.len() == n {
            break;
        }
        if kept.iter().any(|(_, k)| words.iter().all(|w| k.contains(w))) {
            continue;
        }
        // A longer phrase that holds kept ones takes the first one's place
        // (`قوات الطوارئ` for `الطوارئ`): the same subject, said better.
        let held: Vec<usize> = (0..kept.len()).filter(|&i| kept[i].1.iter().all(|w| words.contains(w))).collect();
        match held.split_first() {
            Some((&at, rest)) => {
                for &i in rest.iter().rev() {
                    kept.remove(i);
                }
                kept[at] = (p, words);
            }
            None => kept.push((p, words)),
        }
    }
    kept.into_iter().map(|(p, _)| p).collect()
}

/// The most articles one story build holds in memory. A store up to this
/// size is clustered in one build (every article's features at once, the
/// best document frequencies); a larger one is clustered slice by slice in
/// time order, each slice placed against the stories still open at its
/// start exactly as an incremental update places a new file, so memory
/// stays that of one slice plus its open stories however large the store.
pub const STORY_BUILD_MAX: usize = 40_000;

fn use_entities() -> bool {
    std::env::var_os("MARSAD_STORIES_NO_ENTITIES").is_none()
}

/// Rebuild the story map of everything in the store: in one build up to
/// [`STORY_BUILD_MAX`] articles, slice by slice beyond.
/// `MARSAD_STORY_BUILD_MAX` sets another limit (a machine with less memory).
pub fn rebuild_stories(data_dir: &Path) -> Result<StoriesSummary> {
    let max = match std::env::var("MARSAD_STORY_BUILD_MAX") {
        Ok(v) => {
            v.trim().parse().with_context(|| format!("MARSAD_STORY_BUILD_MAX={v:?} is not a number of articles"))?
        }
        Err(_) => STORY_BUILD_MAX,
    };
    rebuild_stories_with(data_dir, max)
}

/// [`rebuild_stories`] with a chosen slice size (tests use small ones).
pub fn rebuild_stories_with(data_dir: &Path, max_in_memory: usize) -> Result<StoriesSummary> {
    let t = Instant::now();
    let mut store = crate::datadir::open_store(data_dir)?;
    if store.count()? as usize > max_in_memory.max(1) {
        return rebuild_in_slices(store, max_in_memory.max(1), t);
    }
    let mut entities = store.entities_by_article()?;
    let mut places = store.title_places_by_article()?;
    let use_entities = use_entities();
    let mut inputs: Vec<StoryInput> = Vec::new();
    store.for_each(&Filter::default(), |a| {
        let mut i = story_input_with_places(&a, places.remove(&a.id).unwrap_or_default());
        if use_entities {
            i.entities = entities.remove(&a.id).unwrap_or_default();
        }
        inputs.push(i);
        true
    })?;
    drop(entities);
    let mut map = build(&inputs, &Config::default());
    let articles = inputs.len();
    drop(inputs);
    fill_story_keywords(&store, &mut map)?;
    store.save_story_map(&map)?;
    let copies = map.articles.iter().filter(|a| matches!(a.verdict, marsad_stories::Verdict::Copy { .. })).count();
    crate::pipeline::release_free_memory();
    Ok(StoriesSummary {
        articles,
        stories: map.stories.len(),
        dup_groups: map.groups.len(),
        copies,
        seconds: t.elapsed().as_secs_f64(),
        mode: "rebuilt",
        placed: articles,
    })
}

/// The whole map again, `slice` articles at a time in publication order:
/// the map is cleared, then each slice is placed like an incremental update.
/// A reader sees the map grow slice by slice; a run killed half way leaves a
/// map of the slices done, and the next update (more unplaced articles than
/// placed ones) rebuilds.
fn rebuild_in_slices(mut store: marsad_store::Store, slice: usize, t: Instant) -> Result<StoriesSummary> {
    let config = Config::default();
    let mut order: Vec<(chrono::DateTime<chrono::Utc>, String)> = store
        .article_times()?
        .into_iter()
        .map(|(id, time)| {
            let time = time
                .and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
                .map(|t| t.with_timezone(&chrono::Utc))
                .unwrap_or_default();
            (time, id)
        })
        .collect();
    order.sort();
    store.save_story_map(&marsad_stories::StoryMap::default())?;
    let mut copies = 0;
    for chunk in order.chunks(slice) {
        let mut ids: Vec<String> = chunk.iter().map(|(_, id)| id.clone()).collect();
        ids.sort();
        copies += place_new(&mut store, &ids, &config)?.1;
    }
    crate::pipeline::release_free_memory();
    Ok(StoriesSummary {
        articles: order.len(),
        stories: store.story_count()? as usize,
        dup_groups: store.dup_group_count()? as usize,
        copies,
        seconds: t.elapsed().as_secs_f64(),
        mode: "rebuilt",
        placed: order.len(),
    })
}

/// Bring the story map up to date with the stored articles it lacks.
///
/// Incremental when it can be: the new articles are placed in time order
/// against the stories still open when the earliest of them was published
/// (their articles are fed in again with their stored places kept), so
/// ingesting one more file costs in proportion to that file and the open
/// stories, not to the whole store. A back-filled article (dated before the
/// stories now open) is placed against the stories open at its own time.
/// The whole map is rebuilt instead when there is no map yet or when the new
/// articles outnumber the placed ones.
pub fn update_stories(data_dir: &Path) -> Result<StoriesSummary> {
    let t = Instant::now();
    let config = Config::default();
    let mut store = crate::datadir::open_store(data_dir)?;
    let new_ids = store.unclustered()?;
    let placed_count = store.clustered_count()?;
    if store.story_frontier()?.is_none() {
        return rebuild_stories(data_dir);
    }
    if new_ids.is_empty() {
        return Ok(StoriesSummary {
            articles: placed_count as usize,
            stories: store.story_count()? as usize,
            dup_groups: 0,
            copies: 0,
            seconds: t.elapsed().as_secs_f64(),
            mode: "updated",
            placed: 0,
        });
    }
    if new_ids.len() as u64 > placed_count {
        return rebuild_stories(data_dir);
    }
    let (dup_groups, copies) = place_new(&mut store, &new_ids, &config)?;
    crate::pipeline::release_free_memory();
    Ok(StoriesSummary {
        articles: (placed_count as usize) + new_ids.len(),
        stories: store.story_count()? as usize,
        dup_groups,
        copies,
        seconds: t.elapsed().as_secs_f64(),
        mode: "updated",
        placed: new_ids.len(),
    })
}

/// Place the articles `new_ids` (sorted) against the stories open around
/// their times and save the update. Returns the near-duplicate groups the
/// build touched and how many of the new articles are copies.
fn place_new(store: &mut marsad_store::Store, new_ids: &[String], config: &Config) -> Result<(usize, usize)> {
    let use_entities = use_entities();
    let input_of = |store: &marsad_store::Store, a: &marsad_model::Article| -> Result<StoryInput> {
        let mut i = story_input_with_places(a, store.title_places(&a.id)?);
        if use_entities {
            i.entities = store.entity_ids(&a.id)?;
        }
        Ok(i)
    };
    let mut inputs: Vec<StoryInput> = Vec::with_capacity(new_ids.len());
    for id in new_ids {
        if let Some(a) = store.get(id)? {
            inputs.push(input_of(store, &a)?);
        }
    }
    // The stories open around the new articles' times, with all their
    // articles in their stored places. New articles come in runs (a day's
    // file, a crawl round) plus the odd straggler dated weeks back; each run
    // brings the stories open during it (a straggler only those of its own
    // days, not everything since).
    let window = chrono::Duration::hours(config.window_hours);
    let mut times: Vec<chrono::DateTime<chrono::Utc>> = inputs.iter().map(|i| i.time).collect();
    times.sort();
    let mut runs: Vec<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> = Vec::new();
    for t in times {
        match runs.last_mut() {
            Some((_, end)) if t - *end <= window * 2 => *end = t,
            _ => runs.push((t, t)),
        }
    }
    let mut seen_stories: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (a, b) in &runs {
        for story in store.stories_overlapping(&(*a - window).to_rfc3339(), &(*b + window).to_rfc3339())? {
            if !seen_stories.insert(story.id.clone()) {
                continue;
            }
            for aid in &story.articles {
                let (Some(a), Some(result)) = (store.get(aid)?, store.article_story(aid)?) else { continue };
                let mut i = input_of(store, &a)?;
                i.placed = Some(marsad_stories::Placed {
                    result,
                    story_development_of: story.development_of.clone(),
                    story_continued_by: story.continued_by.clone(),
                });
                inputs.push(i);
            }
        }
    }
    let mut map = build(&inputs, config);
    drop(inputs);
    fill_story_keywords(store, &mut map)?;
    store.save_story_update(&map)?;
    let copies = map
        .articles
        .iter()
        .filter(|a| new_ids.binary_search(&a.article).is_ok())
        .filter(|a| matches!(a.verdict, marsad_stories::Verdict::Copy { .. }))
        .count();
    Ok((map.groups.len(), copies))
}

/// `marsad stories`: list (after an optional rebuild).
pub fn stories_cmd(
    data_dir: &Path,
    rebuild: bool,
    since: Option<&str>,
    sort: &str,
    limit: u32,
    json: bool,
) -> Result<ExitCode> {
    if rebuild {
        let s = rebuild_stories(data_dir)?;
        eprintln!(
            "rebuilt: {} articles → {} stories, {} near-duplicate groups ({} copies) in {:.2} s",
            s.articles, s.stories, s.dup_groups, s.copies, s.seconds
        );
    }
    let sort = match sort {
        "recent" => StorySort::Recent,
        "size" => StorySort::Size,
        "growth" => StorySort::Growth,
        other => anyhow::bail!("--sort must be recent, size or growth, not {other:?}"),
    };
    if let Some(d) = since {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .with_context(|| format!("--since {d:?}: expected YYYY-MM-DD"))?;
    }
    let store = open_existing(data_dir)?;
    let list = store.stories(sort, since, limit, 0)?;
    if json {
        println!("{}", serde_json::to_string(&list)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} stories in the store; showing {}", store.story_count()?, list.len());
    for s in &list {
        let mark = if s.development_of.is_some() { " (development of an earlier story)" } else { "" };
        // Both ends: the list is ordered by the last report (or size, or
        // growth), and a story's first report can be days older.
        println!(
            "{}  {} → {}  {}, {}, {}{}\n    {}",
            s.id,
            s.first_seen.format("%Y-%m-%d %H:%M"),
            s.last_seen.format("%Y-%m-%d %H:%M"),
            count(s.articles.len(), "article"),
            count(s.groups.len(), "report"),
            count(s.sources.len(), "source"),
            mark,
            headline_or_untitled(&s.headline)
        );
    }
    Ok(ExitCode::SUCCESS)
}

use crate::datadir::open_existing;

/// `1 article`, `2 articles`.
/// A headline to print, `(untitled)` for an article or story without one.
pub(crate) fn headline_or_untitled(headline: &str) -> &str {
    if headline.trim().is_empty() {
        "(untitled)"
    } else {
        headline
    }
}

pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `marsad story <id>`.
pub fn story_cmd(data_dir: &Path, id: &str, json: bool) -> Result<ExitCode> {
    let store = open_existing(data_dir)?;
    let Some(story) = store.story(id)? else {
        eprintln!("marsad: no story {id:?}");
        return Ok(ExitCode::from(2));
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&story)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}\n{}", story.headline, "─".repeat(40));
    println!("id: {}   first report: {}   last: {}", story.id, story.first_seen, story.last_seen);
    println!(
        "{}, {}, sources: {}",
        count(story.articles.len(), "article"),
        count(story.groups.len(), "report"),
        story.sources.iter().map(|(s, n)| format!("{s} ({n})")).collect::<Vec<_>>().join(", ")
    );
    if let Some(prev) = &story.development_of {
        println!("develops: {prev}");
    }
    for next in &story.continued_by {
        println!("continued by: {next}");
    }
    // Key phrases read better than the centroid's stems; a story whose
    // articles have no analysis yet shows its terms, as the web page does.
    if story.keywords.is_empty() {
        println!("terms: {}", story.terms.join(" · "));
    } else {
        println!("keywords: {}", story.keywords.join(" · "));
    }
    println!("per day: {}", story.per_day.iter().map(|(d, n)| format!("{d}: {n}")).collect::<Vec<_>>().join(", "));
    println!("\nreports (copies folded):");
    for g in &story.groups {
        let members: Vec<_> = story
            .articles
            .iter()
            .filter(|a| store.article_story(a).ok().flatten().is_some_and(|r| &r.group == g))
            .collect();
        if let Some(rep) = store.get(g)? {
            println!("  {}  {}  [{}]  +{} copies", rep.id, rep.title, rep.source, members.len().saturating_sub(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `marsad serve`.
pub fn serve_cmd(data_dir: &Path, addr: SocketAddr) -> Result<ExitCode> {
    let mut store = crate::datadir::open_store(data_dir)?;
    // Analyses made by another version of marsad (an upgrade with new
    // models or rules) are made again first, and so is any analysis a
    // killed ingest left pending: entity pages and quote searches would
    // otherwise mix two versions' ids and names.
    if crate::pipeline::analyses_outdated(&store)? || !store.unanalyzed(1)?.is_empty() {
        let t = Instant::now();
        let n = crate::pipeline::analyze_pending(data_dir)?;
        if n > 0 {
            println!("marsad: analysed {n} articles in {:.1} s", t.elapsed().as_secs_f64());
        }
    }
    // Articles not in the search index yet (a run killed before indexing,
    // or an index of an older layout, which is rebuilt after an upgrade)
    // are indexed before serving: otherwise searches would miss them until
    // the next ingest.
    let idx = store.search_index()?;
    let t = Instant::now();
    let n = store.sync_index(&idx)?;
    drop(idx);
    if n > 0 {
        println!("marsad: indexed {n} articles the search index lacked in {:.1} s", t.elapsed().as_secs_f64());
    }
    crate::pipeline::release_free_memory();
    if !addr.ip().is_loopback() {
        eprintln!("marsad: warning: serving on {addr}, reachable beyond this machine (the API is read-only)");
    }
    println!("marsad: serving {} on http://{addr}/ (Ctrl-C to stop)", data_dir.display());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(marsad_server::pool_size())
        .build()?;
    rt.block_on(marsad_server::serve(store, addr)).with_context(|| format!("cannot serve on {addr}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Write the embedded samples under `dir`.
fn unpack_samples(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    SAMPLES.extract(dir).with_context(|| format!("cannot write the samples to {}", dir.display()))?;
    Ok(())
}

/// `marsad demo`: the bundled samples → ingest → stories → web UI.
pub fn demo_cmd(data_dir: Option<PathBuf>, addr: SocketAddr, no_serve: bool) -> Result<ExitCode> {
    let tmp;
    let data_dir = match data_dir {
        Some(d) => d,
        None => {
            tmp = std::env::temp_dir().join(format!("marsad-demo-{}", std::process::id()));
            tmp
        }
    };
    let samples = data_dir.join("samples");
    unpack_samples(&samples)?;
    let mut summary = ingest_paths(&data_dir, std::slice::from_ref(&samples), &ReadOptions::default(), true)?;
    crate::ingest::finish_ingest(&data_dir, &mut summary, crate::ingest::Steps::ALL)?;
    println!(
        "ingested the bundled samples: {} records read, {} added, {} already present, {} rejected; {} analysed",
        summary.read,
        summary.added,
        summary.already_present,
        summary.rejected,
        summary.analyzed.unwrap_or(0)
    );
    if let Some(s) = &summary.stories {
        println!(
            "stories: {} articles → {} stories, {} near-duplicate groups ({} copies)",
            s.articles, s.stories, s.dup_groups, s.copies
        );
    }
    if no_serve {
        println!("data directory: {}", data_dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    serve_cmd(&data_dir, addr)
}

#[cfg(test)]
mod tests {
    use super::{count, story_keywords};

    #[test]
    fn story_keywords_merge_spellings_and_skip_what_a_kept_phrase_holds() {
        let s = |v: &[(&str, f64)]| v.iter().map(|(p, x)| (p.to_string(), *x)).collect::<Vec<_>>();
        let got = story_keywords(
            &s(&[
                ("إدارة المشاريع", 0.9),
                ("المشاريع", 0.8),
                ("للشؤون", 0.2),
                ("الشؤون", 0.5),
                ("أمانات", 0.3),
                ("الأمانات", 0.4),
                ("المشاريع البلدية", 0.35),
                ("", 5.0),
            ]),
            8,
        );
        // الشؤون 0.7 and الأمانات 0.7 (summed; their best spellings shown),
        // المشاريع inside إدارة المشاريع left out.
        assert_eq!(got, vec!["إدارة المشاريع", "الأمانات", "الشؤون", "المشاريع البلدية"]);
        // A longer phrase replaces the kept parts it holds, in the first one's place.
        let got = story_keywords(
            &s(&[("قناة السويس", 0.9), ("مصر", 0.8), ("الجديدة", 0.7), ("قناة السويس الجديدة", 0.6), ("القاهرة", 0.5)]),
            8,
        );
        assert_eq!(got, vec!["قناة السويس الجديدة", "مصر", "القاهرة"]);
        assert_eq!(story_keywords(&s(&[("أ", 1.0), ("ب", 0.5)]), 1), vec!["أ"]);
    }

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(1, "source"), "1 source");
        assert_eq!(count(0, "article"), "0 articles");
        assert_eq!(count(23, "report"), "23 reports");
    }
}
