//! `marsad eval …`: figures on labelled data.

use anyhow::{bail, Context, Result};
use marsad_extract::dump::{list_inputs, read_path, Event, ReadOptions};
use marsad_model::{article_id, canonical_url, Article};
use marsad_stories::{build, score_pairs, Config, LabelledPair, PairScores, StoryInput, StoryMap};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// `marsad eval` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum EvalCommand {
    /// Time expressions against TimeML files (strict and relaxed spans,
    /// type and value accuracy).
    Timex {
        /// Directory of .tml files.
        #[arg(default_value = "../shared/data/timeml-dev")]
        dir: PathBuf,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Keywords against crowd-sourced keyphrases (P/R/F1 at 5 and 10).
    Keywords {
        /// Directory of documents (*.txt).
        #[arg(default_value = "../shared/data/akec-train/documents")]
        docs: PathBuf,
        /// Keyphrases file (`DOCID : kp1,kp2,…`).
        #[arg(default_value = "../shared/data/akec-train/keyphrases-sort_frequency.txt")]
        keyphrases: PathBuf,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Named-entity recognition on a CoNLL file (exact spans, micro and per
    /// type); with --folds, k-fold cross-validation on that file.
    Ner {
        /// CoNLL file (token, BIO tag).
        #[arg(default_value = "../shared/data/anercorp/train.txt")]
        conll: PathBuf,
        /// Cross-validate with this many folds instead of using the shipped model.
        #[arg(long)]
        folds: Option<usize>,
        /// With --folds: unlabelled articles (dumps, zips) for the two-stage
        /// recipe of the shipped model (a tag prior per fold).
        #[arg(long, num_args = 1..)]
        unlabelled: Vec<PathBuf>,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Main-text extraction: each NAME.html against its expected NAME.txt
    /// (word-level precision, recall, F1).
    Extract {
        /// Directory of page/expected-text pairs.
        #[arg(default_value = "crates/extract/tests/fixtures/html")]
        dir: PathBuf,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Score the stored story map (after `marsad ingest`) on labelled
    /// pairs: near-duplicate groups against label 4, stories against
    /// labels 3–4, and Spearman correlation of pairwise similarity with the
    /// labels.
    Pairs {
        /// The labelled pairs (`url_a url_b label`, tab-separated).
        #[arg(default_value = "../shared/data/story-pairs-dev/pairs.tsv")]
        pairs: PathBuf,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Light stemmer against Snowball (and no stemming): distinct terms and
    /// how well each retrieves same-event partners of labelled pairs (MAP).
    Stemmers {
        /// The labelled pairs.
        #[arg(long, default_value = "../shared/data/story-pairs-dev/pairs.tsv")]
        pairs: PathBuf,
        /// The corpus the pairs come from.
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
    },
    /// Quotes and their speakers against a reviewed sample of articles
    /// (`url`, first words of the quote, speaker, kind; tab-separated).
    Quotes {
        /// The review file.
        #[arg(long, default_value = "docs/quotes-review.tsv")]
        review: PathBuf,
        /// The corpus the reviewed articles come from.
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        /// List missed, spurious and misattributed quotes.
        #[arg(long)]
        errors: bool,
        /// Print every quote found in the reviewed articles (first words,
        /// speaker, kind), in the review file's layout, to start a review.
        #[arg(long)]
        dump: bool,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Repeated statements against a reviewed sample: the flagged sentence
    /// pairs of the reviewed articles against the restatements listed.
    Repeats {
        /// The restatements found by the reviewer.
        #[arg(long, default_value = "docs/repeats-review.tsv")]
        review: PathBuf,
        /// The reviewed articles (a quote review file: its URLs).
        #[arg(long, default_value = "docs/quotes-review.tsv")]
        articles: PathBuf,
        /// The corpus the reviewed articles come from.
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        /// Override the cosine a pair needs to be flagged.
        #[arg(long)]
        threshold: Option<f64>,
        /// List every flagged pair (right or wrong) and the missed ones.
        #[arg(long)]
        errors: bool,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
    /// How often the stored analysis (after `marsad ingest`) finds the
    /// entities the alias table names in an article's text by itself: per
    /// (article, entity) pair, no labels needed; the most missed entities
    /// listed.
    Coverage {
        /// List entities written in at least this many articles.
        #[arg(long, default_value_t = 20)]
        min: u64,
        /// List at most this many entities.
        #[arg(long, default_value_t = 30)]
        top: usize,
        /// One JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Near-duplicate groups and stories against labelled pairs
    /// (`url_a url_b label`, tab-separated, with a header).
    Stories {
        /// The labelled pairs.
        #[arg(long, default_value = "../shared/data/story-pairs-dev/pairs.tsv")]
        pairs: PathBuf,
        /// Instead of pairs, a gold clustering (`key story report`, as in
        /// `samples/stories.tsv`): every pair of its articles is scored.
        #[arg(long, conflicts_with = "pairs")]
        gold: Option<PathBuf>,
        /// The corpus the pairs come from (SaudiNewsNet zips, directories…).
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        /// Override the story threshold (cosine to join a story).
        #[arg(long)]
        story_threshold: Option<f32>,
        /// Override the near-duplicate threshold (shingle containment).
        #[arg(long)]
        dup_threshold: Option<f64>,
        /// Entity terms as `marsad ingest` uses them: each article's
        /// canonical entities and its headline's places, read from the
        /// store at `--data-dir` (ingest the corpus there first).
        #[arg(long)]
        entities: bool,
        /// IDF from the corpus alone, without the built-in background
        /// stem frequencies (to see what the background changes).
        #[arg(long)]
        no_background_df: bool,
        /// Also sweep thresholds and report 5-fold cross-validated figures.
        #[arg(long)]
        sweep: bool,
        /// List the pairs the map gets wrong (label, verdicts, dates and
        /// titles), to see what a change fixes or breaks.
        #[arg(long)]
        errors: bool,
        /// Also score the article similarity alone: one cosine threshold
        /// deciding "same story" for each pair, at its best on these pairs
        /// and cross-validated — what no threshold tuning can beat.
        #[arg(long)]
        similarity: bool,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
}

/// Texts (title, newline, body) keyed by URL (or id), for the text-layer evaluations.
pub fn texts_by_url(articles: &[Article]) -> Vec<(String, String)> {
    articles
        .iter()
        .map(|a| (a.url.clone().unwrap_or_else(|| a.id.clone()), format!("{}\n{}", a.title, a.body_text())))
        .collect()
}

/// Read every article under `paths` (rejections are counted, not fatal).
pub fn load_articles(paths: &[PathBuf]) -> (Vec<Article>, u64) {
    let mut out = Vec::new();
    let mut rejected = 0;
    for (p, meta) in list_inputs(paths) {
        if meta.is_err() {
            rejected += 1;
            continue;
        }
        read_path(&p, &ReadOptions::default(), &mut |e| {
            if let Event::Record(r) = e {
                match *r {
                    Ok(a) => out.push(a),
                    Err(_) => rejected += 1,
                }
            }
        });
    }
    (out, rejected)
}

/// The story stage's view of an article, with the places its headline
/// names found by tagging the headline ([`title_places`]).
pub fn story_input(a: &Article) -> StoryInput {
    story_input_with_places(a, title_places(&a.title))
}

/// The story stage's view of an article whose headline places are known
/// (read from the store's entity index, where the analysis counted the
/// headline's mentions).
pub fn story_input_with_places(a: &Article, title_places: Vec<String>) -> StoryInput {
    StoryInput {
        id: a.id.clone(),
        time: a.effective_time().unwrap_or_default(),
        source: a.source.clone(),
        title: a.title.clone(),
        body: a.body_text(),
        title_places,
        ..Default::default()
    }
}

/// Ids of the places (LOC entities) the headline names.
pub fn title_places(title: &str) -> Vec<String> {
    let mut ids: Vec<String> = marsad_analyze::entities::extract_entities(title)
        .into_iter()
        .filter(|e| e.kind == marsad_analyze::entities::EntityKind::Loc)
        .map(|e| e.id)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn read_pairs(path: &Path) -> Result<Vec<LabelledPair>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read pairs file {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if i == 0 && f.first() == Some(&"url_a") || line.trim().is_empty() {
            continue;
        }
        if f.len() < 3 {
            bail!("{} line {}: expected url_a, url_b, label", path.display(), i + 1);
        }
        let id = |u: &str| canonical_url(u).map(|c| article_id(&c)).unwrap_or_default();
        let label: u8 = f[2].trim().parse().with_context(|| format!("{} line {}: bad label", path.display(), i + 1))?;
        out.push(LabelledPair { a: id(f[0]), b: id(f[1]), label });
    }
    Ok(out)
}

/// Print each labelled pair whose same-report or same-story verdict is
/// wrong: the label, what the map says, and both articles' times and titles.
fn print_pair_errors(map: &StoryMap, inputs: &[StoryInput], pairs: &[LabelledPair]) {
    let placed: HashMap<&str, (&str, &str)> =
        map.articles.iter().map(|a| (a.article.as_str(), (a.story.as_str(), a.group.as_str()))).collect();
    let input: HashMap<&str, &StoryInput> = inputs.iter().map(|i| (i.id.as_str(), i)).collect();
    let size: HashMap<&str, usize> = map.stories.iter().map(|s| (s.id.as_str(), s.articles.len())).collect();
    let short = |t: &str| t.chars().take(70).collect::<String>();
    println!("pairs the map gets wrong (label; same report?, same story?; story sizes):");
    for p in pairs {
        let (Some(a), Some(b)) = (placed.get(p.a.as_str()), placed.get(p.b.as_str())) else {
            continue;
        };
        let (report, story) = (a.1 == b.1, a.0 == b.0);
        if report == (p.label == 4) && story == (p.label >= 3) {
            continue;
        }
        let what = match (story, p.label >= 3) {
            (true, false) => "story FP",
            (false, true) => "story FN",
            _ if report => "report FP",
            _ => "report FN",
        };
        println!(
            "  {what}  label {}  report {report} story {story}  sizes {} / {}",
            p.label,
            size.get(a.0).unwrap_or(&0),
            size.get(b.0).unwrap_or(&0)
        );
        for id in [&p.a, &p.b] {
            if let Some(i) = input.get(id.as_str()) {
                println!("      {}  {:<12} {}", i.time.format("%m-%d %H:%M"), short(&i.source), short(&i.title));
            }
        }
    }
}

#[derive(Serialize)]
struct StoriesReport {
    articles: usize,
    seconds_build: f64,
    stories: usize,
    /// Stories of 50 articles or more: a lower threshold that lets topical
    /// chains grow (a war's daily reports as one story) shows here before
    /// it shows in the pairs.
    stories_of_50_or_more: usize,
    /// Articles in the largest story.
    largest_story: usize,
    dup_groups: usize,
    config: ConfigView,
    scores: PairScores,
    cross_validated: Option<CrossValidated>,
    /// `--similarity`: the article cosine alone, one threshold.
    #[serde(skip_serializing_if = "Option::is_none")]
    similarity: Option<marsad_stories::eval::ThresholdCeiling>,
}

#[derive(Serialize, Clone, Copy)]
struct ConfigView {
    dup_threshold: f64,
    story_threshold: f32,
}

#[derive(Serialize)]
struct CrossValidated {
    folds: usize,
    same_report_f1: f64,
    same_story_f1: f64,
    grid: Vec<(ConfigView, PairScores)>,
}

/// `marsad eval …`.
pub fn run(cmd: EvalCommand, data_dir: &Path) -> Result<ExitCode> {
    match cmd {
        EvalCommand::Pairs { pairs, json } => eval_pairs(data_dir, &pairs, json),
        EvalCommand::Coverage { min, top, json } => {
            crate::eval_coverage::eval_coverage_cmd(data_dir, min, top, json).map(|()| ExitCode::SUCCESS)
        }
        EvalCommand::Timex { dir, json } => crate::analyze_cmd::eval_timex_cmd(&dir, json).map(|()| ExitCode::SUCCESS),
        EvalCommand::Keywords { docs, keyphrases, json } => {
            crate::analyze_cmd::eval_keywords_cmd(&docs, &keyphrases, json).map(|()| ExitCode::SUCCESS)
        }
        EvalCommand::Ner { conll, folds, unlabelled, json } => {
            crate::ner_cmd::eval_ner_cmd(&conll, folds, &unlabelled, json).map(|()| ExitCode::SUCCESS)
        }
        EvalCommand::Quotes { review, corpus, errors, dump, json } => {
            crate::eval_quotes::eval_quotes_cmd(&review, &corpus, errors, dump, json).map(|()| ExitCode::SUCCESS)
        }
        EvalCommand::Repeats { review, articles, corpus, threshold, errors, json } => {
            crate::eval_quotes::eval_repeats_cmd(&review, &articles, &corpus, threshold, errors, json)
                .map(|()| ExitCode::SUCCESS)
        }
        EvalCommand::Extract { dir, json } => {
            crate::extract_cmd::eval_extract_cmd(&dir, json).map(|()| ExitCode::SUCCESS)
        }
        EvalCommand::Stemmers { pairs, corpus } => {
            let text = std::fs::read_to_string(&pairs).with_context(|| format!("cannot read {}", pairs.display()))?;
            let pairs = marsad_arabic::eval::parse_pairs_tsv(&text);
            let (articles, _) = load_articles(&corpus);
            let report = marsad_arabic::eval::evaluate_stemmers(
                texts_by_url(&articles),
                &pairs,
                &marsad_arabic::eval::EvalStemmer::defaults(),
            );
            print!("{}", report.to_table());
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Stories {
            pairs,
            gold,
            corpus,
            story_threshold,
            dup_threshold,
            entities,
            no_background_df,
            sweep,
            errors,
            similarity,
            json,
        } => {
            let store = if entities { Some(crate::datadir::open_existing(data_dir)?) } else { None };
            let mut config = Config { background_df: !no_background_df, ..Config::default() };
            if let Some(t) = story_threshold {
                config.story_threshold = t;
            }
            if let Some(t) = dup_threshold {
                config.dup_threshold = t;
            }
            eval_stories(
                &pairs,
                gold.as_deref(),
                &corpus,
                config,
                StoriesOutput { sweep, errors, similarity, json, store },
            )
        }
    }
}

/// All pairs of a gold clustering file (`key story report`): 4 same report,
/// 3 same story, 1 otherwise. Keys are URLs, or `aggregator/<file>` for
/// pages without one (matched on the end of the file path they came from).
fn gold_pairs(path: &Path, articles: &[Article]) -> Result<Vec<LabelledPair>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if i == 0 || line.trim().is_empty() || f[0].contains('#') {
            continue;
        }
        if f.len() < 3 {
            bail!("{} line {}: expected key, story, report", path.display(), i + 1);
        }
        let id = match canonical_url(f[0]) {
            Ok(c) => article_id(&c),
            Err(_) => articles
                .iter()
                .find(|a| a.origin.as_ref().is_some_and(|o| o.file.ends_with(f[0])))
                .map(|a| a.id.clone())
                .unwrap_or_default(),
        };
        rows.push((id, f[1].to_string(), f[2].to_string()));
    }
    rows.sort();
    rows.dedup_by(|a, b| a.0 == b.0);
    let mut out = Vec::new();
    for i in 0..rows.len() {
        for j in i + 1..rows.len() {
            let label = if rows[i].2 == rows[j].2 {
                4
            } else if rows[i].1 == rows[j].1 {
                3
            } else {
                1
            };
            out.push(LabelledPair { a: rows[i].0.clone(), b: rows[j].0.clone(), label });
        }
    }
    Ok(out)
}

/// What `eval stories` prints besides the scores.
struct StoriesOutput {
    sweep: bool,
    errors: bool,
    similarity: bool,
    json: bool,
    /// Where to read entity ids from, when they count.
    store: Option<marsad_store::Store>,
}

fn eval_stories(
    pairs_path: &Path,
    gold: Option<&Path>,
    corpus: &[PathBuf],
    config: Config,
    out: StoriesOutput,
) -> Result<ExitCode> {
    let StoriesOutput { sweep, errors, similarity, json, store } = out;
    let (articles, _) = load_articles(corpus);
    let pairs = match gold {
        Some(g) => gold_pairs(g, &articles)?,
        None => read_pairs(pairs_path)?,
    };
    if articles.is_empty() {
        bail!("no articles read from the corpus paths");
    }
    let mut inputs: Vec<StoryInput> = articles.iter().map(story_input).collect();
    if let Some(store) = &store {
        let mut missing = 0;
        for i in &mut inputs {
            i.entities = store.entity_ids(&i.id)?;
            missing += usize::from(i.entities.is_empty());
            // The headline's places as ingest reads them: counted by the
            // analysis of the whole article, where a place the body names
            // is also found in the headline.
            if !i.entities.is_empty() {
                i.title_places = store.title_places(&i.id)?;
            }
        }
        if missing == inputs.len() {
            bail!("no entities stored for these articles: ingest them into the data directory first");
        }
    }
    inputs.sort_by(|a, b| a.id.cmp(&b.id));
    inputs.dedup_by(|a, b| a.id == b.id);
    let t = Instant::now();
    let map = build(&inputs, &config);
    let seconds_build = t.elapsed().as_secs_f64();
    let scores = score_pairs(&map, &pairs);
    let view = |c: &Config| ConfigView { dup_threshold: c.dup_threshold, story_threshold: c.story_threshold };

    let cross_validated = sweep.then(|| {
        let mut grid = Vec::new();
        for dup in [0.3, 0.4, 0.5, 0.6] {
            for st in [0.2f32, 0.25, 0.3, 0.35, 0.4] {
                let c = Config { dup_threshold: dup, story_threshold: st, ..config };
                let m = build(&inputs, &c);
                // Per-pair predictions, for the folds.
                grid.push((view(&c), m));
            }
        }
        let k = 5;
        let (mut rep_sum, mut sto_sum) = (0.0, 0.0);
        for fold in 0..k {
            let train: Vec<LabelledPair> =
                pairs.iter().enumerate().filter(|(i, _)| i % k != fold).map(|(_, p)| p.clone()).collect();
            let test: Vec<LabelledPair> =
                pairs.iter().enumerate().filter(|(i, _)| i % k == fold).map(|(_, p)| p.clone()).collect();
            let best_rep = grid
                .iter()
                .max_by(|a, b| {
                    score_pairs(&a.1, &train).same_report.f1.total_cmp(&score_pairs(&b.1, &train).same_report.f1)
                })
                .expect("grid is not empty");
            let best_sto = grid
                .iter()
                .max_by(|a, b| {
                    score_pairs(&a.1, &train).same_story.f1.total_cmp(&score_pairs(&b.1, &train).same_story.f1)
                })
                .expect("grid is not empty");
            rep_sum += score_pairs(&best_rep.1, &test).same_report.f1;
            sto_sum += score_pairs(&best_sto.1, &test).same_story.f1;
        }
        CrossValidated {
            folds: k,
            same_report_f1: rep_sum / k as f64,
            same_story_f1: sto_sum / k as f64,
            grid: grid.into_iter().map(|(c, m)| (c, score_pairs(&m, &pairs))).collect(),
        }
    });

    let similarity = similarity.then(|| {
        let ids: Vec<(&str, &str)> = pairs.iter().map(|p| (p.a.as_str(), p.b.as_str())).collect();
        let cosines = marsad_stories::cluster::article_cosines(&inputs, &config, &ids);
        let scored: Vec<(f32, bool)> =
            cosines.iter().zip(&pairs).filter_map(|(c, p)| c.map(|c| (c, p.label >= 3))).collect();
        marsad_stories::eval::threshold_ceiling(&scored, 5)
    });
    let report = StoriesReport {
        articles: inputs.len(),
        seconds_build,
        stories: map.stories.len(),
        stories_of_50_or_more: map.stories.iter().filter(|s| s.articles.len() >= 50).count(),
        largest_story: map.stories.iter().map(|s| s.articles.len()).max().unwrap_or(0),
        dup_groups: map.groups.len(),
        config: view(&config),
        scores,
        cross_validated,
        similarity,
    };
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        let s = &report.scores;
        println!(
            "{} articles → {} stories, {} near-duplicate groups (built in {:.2} s)",
            report.articles, report.stories, report.dup_groups, report.seconds_build
        );
        println!(
            "stories of 50 articles or more: {} (largest: {} articles)",
            report.stories_of_50_or_more, report.largest_story
        );
        println!("pairs scored: {} (missing: {})", s.pairs, s.missing);
        for (name, b) in [("same report (label 4) ", &s.same_report), ("same story (label ≥ 3)", &s.same_story)] {
            println!(
                "  {name}: P {:.3}  R {:.3}  F1 {:.3}  acc {:.3}  (tp {} fp {} fn {} tn {})",
                b.precision, b.recall, b.f1, b.accuracy, b.tp, b.fp, b.fn_, b.tn
            );
        }
        if let Some(c) = &report.similarity {
            println!(
                "  article cosine alone (same story ⇔ cosine ≥ t): best on these pairs F1 {:.3} (P {:.3} R {:.3}) at t = {:.3}; {}-fold cross-validated F1 {:.3}",
                c.best.f1, c.best.precision, c.best.recall, c.threshold, c.folds, c.cross_validated_f1
            );
        }
        if errors {
            print_pair_errors(&map, &inputs, &pairs);
        }
        if let Some(cv) = &report.cross_validated {
            println!("threshold grid (dup, story → report F1, story F1):");
            for (c, sc) in &cv.grid {
                println!(
                    "  dup {:.2} story {:.2} → {:.3} {:.3}",
                    c.dup_threshold, c.story_threshold, sc.same_report.f1, sc.same_story.f1
                );
            }
            println!(
                "{}-fold cross-validated F1 (thresholds chosen on the other folds): same report {:.3}, same story {:.3}",
                cv.folds, cv.same_report_f1, cv.same_story_f1
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Average ranks (ties share their mean rank).
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation (Pearson over average ranks).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = ry.iter().map(|b| (b - my).powi(2)).sum();
    if vx == 0.0 || vy == 0.0 {
        0.0
    } else {
        cov / (vx * vy).sqrt()
    }
}

fn stem_set(a: &Article) -> std::collections::HashSet<String> {
    let an = marsad_arabic::analyzer::Analyzer::default();
    an.content_stems(&format!("{}\n{}", a.title, a.body_text())).into_iter().collect()
}

fn shingle_set(a: &Article) -> std::collections::HashSet<String> {
    let an = marsad_arabic::analyzer::Analyzer::default();
    let words: Vec<String> = an.analyze(&a.body_text()).into_iter().map(|t| t.normalized).collect();
    words.windows(3).map(|w| w.join(" ")).collect()
}

fn overlap<T: std::hash::Hash + Eq>(
    a: &std::collections::HashSet<T>,
    b: &std::collections::HashSet<T>,
    containment: bool,
) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let inter = a.intersection(b).count() as f64;
    if containment {
        inter / a.len().min(b.len()) as f64
    } else {
        inter / (a.len() + b.len()) as f64 * 2.0
    }
}

#[derive(Serialize)]
struct PairFigures {
    precision: f64,
    recall: f64,
    f1: f64,
    spearman: f64,
    tp: u32,
    fp: u32,
    #[serde(rename = "fn")]
    fn_: u32,
    tn: u32,
}

fn eval_pairs(data_dir: &Path, pairs_path: &Path, json: bool) -> Result<ExitCode> {
    let pairs = read_pairs(pairs_path)?;
    let store = crate::datadir::open_existing(data_dir)?;
    let mut map = marsad_stories::StoryMap::default();
    let (mut dup_scores, mut story_scores, mut labels) = (Vec::new(), Vec::new(), Vec::new());
    let mut missing = 0;
    for p in &pairs {
        let (Some(a), Some(b)) = (store.get(&p.a)?, store.get(&p.b)?) else {
            missing += 1;
            continue;
        };
        let (Some(ra), Some(rb)) = (store.article_story(&p.a)?, store.article_story(&p.b)?) else {
            bail!("articles are stored but have no story map: run `marsad stories --rebuild`");
        };
        let same_group = ra.group == rb.group;
        let same_story = ra.story == rb.story;
        let containment = overlap(&shingle_set(&a), &shingle_set(&b), true);
        let dice = overlap(&stem_set(&a), &stem_set(&b), false);
        dup_scores.push(if same_group { 1.0 + containment } else { containment });
        story_scores.push(same_group as u8 as f64 + same_story as u8 as f64 + dice);
        labels.push(p.label as f64);
        map.articles.push(ra);
        map.articles.push(rb);
    }
    let scores = score_pairs(&map, &pairs);
    let fig = |b: &marsad_stories::eval::Binary, sp: f64| PairFigures {
        precision: b.precision,
        recall: b.recall,
        f1: b.f1,
        spearman: sp,
        tp: b.tp,
        fp: b.fp,
        fn_: b.fn_,
        tn: b.tn,
    };
    let out = serde_json::json!({
        "pairs": scores.pairs,
        "missing": missing,
        "near_duplicate": fig(&scores.same_report, spearman(&dup_scores, &labels)),
        "same_story": fig(&scores.same_story, spearman(&story_scores, &labels)),
    });
    if json {
        println!("{out}");
    } else {
        println!("pairs scored: {} (missing from the store: {missing})", scores.pairs);
        for key in ["near_duplicate", "same_story"] {
            let f = &out[key];
            println!(
                "  {key:<15} P {:.3}  R {:.3}  F1 {:.3}  Spearman {:.3}  (tp {} fp {} fn {} tn {})",
                f["precision"].as_f64().unwrap_or(0.0),
                f["recall"].as_f64().unwrap_or(0.0),
                f["f1"].as_f64().unwrap_or(0.0),
                f["spearman"].as_f64().unwrap_or(0.0),
                f["tp"],
                f["fp"],
                f["fn"],
                f["tn"]
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `marsad train background-df <corpus…> --out <tsv>`: the stem document
/// frequencies of every distinct article (by id) of the corpus.
pub fn background_df_cmd(corpus: &[PathBuf], out: &Path, min_df: u32) -> Result<()> {
    let started = Instant::now();
    let (mut articles, rejected) = load_articles(corpus);
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    articles.dedup_by(|a, b| a.id == b.id);
    if articles.is_empty() {
        bail!(
            "no articles could be read from {}",
            corpus.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    let bodies: Vec<String> = articles.iter().map(|a| a.body_text()).collect();
    let tsv = marsad_stories::features::Background::count(
        articles.iter().zip(&bodies).map(|(a, b)| (a.title.as_str(), b.as_str())),
        min_df,
    );
    std::fs::write(out, &tsv).with_context(|| format!("writing background table {}", out.display()))?;
    eprintln!(
        "{} articles ({rejected} records rejected), {} stems kept, in {:.1} s; wrote {} ({:.2} MB)",
        articles.len(),
        tsv.lines().count().saturating_sub(2),
        started.elapsed().as_secs_f64(),
        out.display(),
        tsv.len() as f64 / 1e6
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_places_are_canonical_loc_ids() {
        let turkey = title_places("زلزال بقوة 5.6 درجة يضرب ملاطية شرقي تركيا");
        let iran = title_places("زلزال بقوة 5.9 درجة يهز كرمان جنوب شرقي إيران");
        assert!(!turkey.is_empty() && !iran.is_empty(), "{turkey:?} {iran:?}");
        assert!(turkey.iter().all(|p| !iran.contains(p)), "two countries, no shared place");
        // A clitic and another spelling meet the same id.
        let again = title_places("أنقرة تعلن الحداد.. وتركيا تحصي أضرار زلزال ملاطية");
        assert!(again.iter().any(|p| turkey.contains(p)), "{again:?} {turkey:?}");
        assert!(title_places("الهلال يتغلب على الاتحاد 3-1").is_empty(), "clubs are not places");
    }

    #[test]
    fn spearman_basics() {
        assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(ranks(&[5.0, 1.0, 5.0]), vec![2.5, 1.0, 2.5]);
        assert_eq!(spearman(&[1.0, 1.0], &[1.0, 2.0]), 0.0);
    }
}
