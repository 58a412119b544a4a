//! `marsad eval coverage`: how often the stored analysis finds the entities
//! the alias table would name in an article's text by itself.
//!
//! No labels are needed: every (article, entity) pair where the article
//! writes one of the entity's unambiguous names (`عسير`, `منطقة الجوف`,
//! `بالطائف`) is a mention the analysis should have resolved to that
//! entity. A low figure for a frequent entity means the tagger does not
//! find it — as it once missed every Saudi region the labelled data never
//! names — or that its spans resolve to another name.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use anyhow::Result;
use marsad_analyze::article::analysis_text;
use marsad_analyze::entities::canonical::entity_id;
use marsad_analyze::entities::Gazetteer;
use serde::Serialize;

/// Written and found counts.
#[derive(Serialize, Default, Clone, Copy)]
struct Counts {
    written: u64,
    found: u64,
    recall: f64,
}

impl Counts {
    fn add(&mut self, written: u64, found: u64) {
        self.written += written;
        self.found += found;
        self.recall = self.found as f64 / self.written.max(1) as f64;
    }
}

#[derive(Serialize)]
struct EntityLine {
    kind: String,
    canonical: String,
    #[serde(flatten)]
    counts: Counts,
}

#[derive(Serialize)]
struct Report {
    articles: u64,
    not_analysed: u64,
    #[serde(flatten)]
    all: Counts,
    per_kind: BTreeMap<String, Counts>,
    /// Entities written in at least `min` articles, most missed first.
    entities: Vec<EntityLine>,
}

/// `marsad eval coverage`.
pub fn eval_coverage_cmd(data_dir: &Path, min: u64, top: usize, json: bool) -> Result<()> {
    let store = crate::datadir::open_existing(data_dir)?;
    let gaz = Gazetteer::builtin();
    // The stored lists follow the corpus's merges (a person's short and
    // full names as one): a table entry counts as found under its group.
    let merged: HashMap<String, String> = store.entity_merges()?.into_iter().map(|(raw, id, _)| (raw, id)).collect();
    let ids: Vec<String> = gaz
        .entries()
        .iter()
        .map(|e| {
            let id = entity_id(e.kind, &e.canonical);
            merged.get(&id).cloned().unwrap_or(id)
        })
        .collect();
    let stored = store.entities_by_article()?;
    let mut per_entity: HashMap<usize, Counts> = HashMap::new();
    let (mut articles, mut not_analysed) = (0u64, 0u64);
    let mut failure = None;
    store.for_each(&marsad_store::Filter::default(), |a| {
        articles += 1;
        match store.analysis(&a.id) {
            Ok(Some(_)) => {}
            Ok(None) => {
                not_analysed += 1;
                return true;
            }
            Err(e) => {
                failure = Some(e);
                return false;
            }
        }
        let have: HashSet<&str> = stored.get(&a.id).map(|v| v.iter().map(String::as_str).collect()).unwrap_or_default();
        for e in gaz.entities_named(&analysis_text(&a)) {
            // A capital stands for its country where it acts (حذرت الرياض).
            let country = gaz.entries()[e].capital_of.map(|c| ids[c].as_str());
            let found = have.contains(ids[e].as_str()) || country.is_some_and(|c| have.contains(c));
            per_entity.entry(e).or_default().add(1, u64::from(found));
        }
        true
    })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    let mut all = Counts::default();
    let mut per_kind: BTreeMap<String, Counts> = BTreeMap::new();
    for (e, c) in &per_entity {
        all.add(c.written, c.found);
        per_kind.entry(gaz.entries()[*e].kind.as_str().to_string()).or_default().add(c.written, c.found);
    }
    let mut lines: Vec<EntityLine> = per_entity
        .iter()
        .filter(|(_, c)| c.written >= min)
        .map(|(e, c)| EntityLine {
            kind: gaz.entries()[*e].kind.as_str().to_string(),
            canonical: gaz.entries()[*e].canonical.clone(),
            counts: *c,
        })
        .collect();
    lines.sort_by(|a, b| {
        (b.counts.written - b.counts.found)
            .cmp(&(a.counts.written - a.counts.found))
            .then_with(|| a.canonical.cmp(&b.canonical))
    });
    lines.truncate(top);
    let report = Report { articles, not_analysed, all, per_kind, entities: lines };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    println!(
        "articles: {} ({} not analysed, skipped)\n(article, entity) pairs whose text names an alias-table entity unambiguously: {}; resolved to it by the analysis: {} (recall {:.3})",
        report.articles, report.not_analysed, all.written, all.found, all.recall
    );
    for (k, c) in &report.per_kind {
        println!("  {k:<5} written {:>7}  found {:>7}  recall {:.3}", c.written, c.found, c.recall);
    }
    println!("entities written in at least {min} articles, most missed first:");
    println!("  {:>7} {:>7} {:>6}  kind  canonical", "written", "found", "recall");
    for l in &report.entities {
        println!(
            "  {:>7} {:>7} {:>6.3}  {:<4}  {}",
            l.counts.written, l.counts.found, l.counts.recall, l.kind, l.canonical
        );
    }
    Ok(())
}
