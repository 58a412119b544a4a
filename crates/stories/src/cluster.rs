//! Building the story map: near-duplicate groups, online story clustering,
//! novelty, storylines, timelines and related articles.
//!
//! Articles are processed in publication order (time, then id), so the
//! result is deterministic for the same input. Each article:
//! 1. is compared, through the LSH index, with earlier articles; a close
//!    enough shingle overlap makes it a copy, and it joins that copy's
//!    near-duplicate group (and its story);
//! 2. otherwise it is scored against the *active* stories (those seen within
//!    [`Config::window_hours`]) by cosine similarity of title-weighted TF-IDF
//!    vectors; above [`Config::story_threshold`] it joins the best one, and
//!    if a second active story is also above [`Config::merge_threshold`]
//!    the article bridges them and the two merge;
//! 3. otherwise it opens a new story, and stories gone cold are searched for
//!    an earlier chapter of the same storyline.
//!
//! Memory stays bounded by the active set: a cold story leaves the active
//! index (its shingles are dropped) and keeps only its centroid's top terms
//! in the storyline index.

use crate::features::{raw_features_all, worker_threads, Background, DenseQuery, RawFeatures, SparseVec, Vocabulary};
use crate::minhash::{signature, LshIndex};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// One article as the story stages need it.
#[derive(Debug, Clone, Default)]
pub struct StoryInput {
    /// Stable article id.
    pub id: String,
    /// Publication (or fetch) time.
    pub time: DateTime<Utc>,
    /// Who published this copy.
    pub source: String,
    /// Headline.
    pub title: String,
    /// Body text.
    pub body: String,
    /// Canonical entity ids found in the article (may be empty): they count
    /// as extra terms, so two reports naming the same people and places
    /// score closer than their wording alone says.
    pub entities: Vec<String>,
    /// Ids of the places the headline names (may be empty). Two headlines
    /// that both name places, none of them shared, report different events
    /// more often than not (an earthquake in Turkey, another in Iran; the
    /// king's cables to two presidents): see [`Config::place_conflict`].
    pub title_places: Vec<String>,
    /// Where an earlier build placed this article, for an update: the
    /// article keeps its story, group and verdict and only feeds the state
    /// that later articles are compared with.
    pub placed: Option<Placed>,
}

/// An article's place in the stored story map, as an update starts from.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Its stored result (story, group, verdict, novelty, related).
    pub result: ArticleStory,
    /// Its story's earlier chapter, as stored.
    pub story_development_of: Option<String>,
    /// Later chapters of its story, as stored.
    pub story_continued_by: Vec<String>,
}

/// Tunable thresholds. The defaults were chosen on the development story
/// pairs with cross-validation (see `marsad eval stories`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Shingle containment (|A∩B| / min(|A|,|B|)) at or above which two
    /// articles are copies.
    pub dup_threshold: f64,
    /// Shingles in more articles than this are boilerplate, ignored.
    pub max_shingle_df: u32,
    /// Articles with fewer informative shingles are not matched as copies.
    pub min_shingles: usize,
    /// Copies must be published within this many hours of each other.
    pub dup_window_hours: i64,
    /// Cosine similarity to a story's centroid needed to join it.
    pub story_threshold: f32,
    /// A second story this similar is merged with the first.
    pub merge_threshold: f32,
    /// A story with no new article for this long goes cold.
    pub window_hours: i64,
    /// Cosine to a cold story's centroid that links a storyline.
    pub storyline_threshold: f32,
    /// Weight of the single-link score (cosine to the closest recent
    /// article of a story) against the centroid's; 0 disables it.
    pub member_weight: f32,
    /// Related articles kept per article.
    pub related_k: usize,
    /// Cosine needed for an article to be listed as related.
    pub related_threshold: f32,
    /// Subtracted from a story's score per day since its first article:
    /// a young story takes a follow-up at [`Config::story_threshold`], an
    /// old one needs more, so a war's or a market's daily reports do not
    /// chain into one story for weeks.
    pub age_penalty: f32,
    /// Subtracted from a story's score when the article's headline names
    /// places and the headlines of the story's first reports name others,
    /// none in common.
    pub place_conflict: f32,
    /// Blend the built-in [`Background`] stem frequencies into IDF (see
    /// [`crate::features`]); off, IDF comes from the batch alone.
    pub background_df: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dup_threshold: 0.4,
            max_shingle_df: 60,
            min_shingles: 8,
            dup_window_hours: 72,
            story_threshold: 0.25,
            merge_threshold: 0.6,
            window_hours: 72,
            storyline_threshold: 0.3,
            member_weight: 0.9,
            related_k: 5,
            related_threshold: 0.2,
            background_df: true,
            age_penalty: 0.01,
            place_conflict: 0.1,
        }
    }
}

/// What marsad says of an article: is it new?
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// It opened a story. `development_of` names an earlier, cold story of
    /// the same storyline, when there is one.
    NewStory {
        /// The earlier story it continues.
        development_of: Option<String>,
    },
    /// It joined an existing story and adds to it.
    Development {
        /// The story.
        story: String,
    },
    /// A copy (same report) of an earlier article.
    Copy {
        /// The earlier article (its near-duplicate group's representative).
        of: String,
    },
}

/// Per-article result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArticleStory {
    /// Article id.
    pub article: String,
    /// Its story.
    pub story: String,
    /// Its near-duplicate group (the group's representative article id).
    pub group: String,
    /// Whether it is the first article of its story.
    pub first_in_story: bool,
    /// Share of its shingles the story had not seen before (1 for the first).
    pub novelty: f32,
    /// Figures (numbers) it reports that the story had not seen.
    pub new_numbers: Vec<String>,
    /// New story / development / copy.
    pub verdict: Verdict,
    /// Related articles from other stories: (article id, cosine).
    pub related: Vec<(String, f32)>,
}

/// A near-duplicate group ("same report").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DupGroup {
    /// Representative (earliest) article id; also the group's id.
    pub id: String,
    /// The most complete copy (the longest body).
    pub most_complete: String,
    /// All member article ids, in time order.
    pub articles: Vec<String>,
    /// Sources that carried it.
    pub sources: Vec<String>,
}

/// A point of a story's timeline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Article id.
    pub article: String,
    /// When.
    pub time: DateTime<Utc>,
    /// Who.
    pub source: String,
}

/// A story: one event, its reports and copies.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Story {
    /// Story id (`s` + the id of its first article).
    pub id: String,
    /// Headline: the first report's title.
    pub headline: String,
    /// First and last article times.
    pub first_seen: DateTime<Utc>,
    /// Last article time.
    pub last_seen: DateTime<Utc>,
    /// Article ids in time order.
    pub articles: Vec<String>,
    /// Near-duplicate groups (by representative id) within the story.
    pub groups: Vec<String>,
    /// Distinct sources, most articles first.
    pub sources: Vec<(String, u32)>,
    /// Top terms of the story (display forms).
    pub terms: Vec<String>,
    /// Key phrases of the story: its reports' keywords, summed over one
    /// article per report (filled in from the articles' analyses).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Earlier story of the same storyline, if any.
    pub development_of: Option<String>,
    /// Later stories that continue this one.
    pub continued_by: Vec<String>,
    /// Timeline: articles over time.
    pub timeline: Vec<TimelineEntry>,
    /// Articles per day.
    pub per_day: BTreeMap<NaiveDate, u32>,
    /// Articles in the 24 hours before the corpus's latest time.
    pub last_24h: u32,
    /// Growth signal: last 24 h against the 24 h before (smoothed ratio).
    pub growth: f32,
    /// Related stories (by shared related articles).
    pub related_stories: Vec<String>,
}

/// The whole map.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoryMap {
    /// Stories, most recent first.
    pub stories: Vec<Story>,
    /// Per-article results, in processing order.
    pub articles: Vec<ArticleStory>,
    /// Near-duplicate groups with at least two members.
    pub groups: Vec<DupGroup>,
    /// Stories of the placed articles that no longer exist (merged into
    /// another): an update deletes them from the store.
    #[serde(default)]
    pub removed_stories: Vec<String>,
}

impl StoryMap {
    /// Story of an article.
    pub fn story_of(&self, article: &str) -> Option<&str> {
        self.articles.iter().find(|a| a.article == article).map(|a| a.story.as_str())
    }
}

struct Doc {
    id: String,
    time: DateTime<Utc>,
    source: String,
    title: String,
    body_len: usize,
    title_places: Vec<String>,
    vec: SparseVec,
    group: usize,
    story: usize,
    /// Set for articles placed by an earlier build.
    placed: Option<Placed>,
}

impl Doc {
    fn new(inp: &StoryInput, vec: SparseVec, di: usize, story: usize, placed: Option<Placed>) -> Doc {
        Doc {
            id: inp.id.clone(),
            time: inp.time,
            source: inp.source.clone(),
            title: inp.title.clone(),
            body_len: inp.body.len(),
            title_places: inp.title_places.clone(),
            vec,
            group: di,
            story,
            placed,
        }
    }
}

struct StoryState {
    centroid: FxHashMap<u32, f32>,
    /// Normalised top terms of `centroid`, refreshed on every change.
    cvec: SparseVec,
    docs: Vec<usize>,
    last_seen: DateTime<Utc>,
    shingles: FxHashSet<u64>,
    numbers: FxHashSet<String>,
    merged_into: Option<usize>,
    development_of: Option<usize>,
    active: bool,
    /// For a story of placed articles: its stored storyline links.
    stored_development_of: Option<String>,
    stored_continued_by: Vec<String>,
}

/// The story `s` was merged into, following merges to the end.
fn resolve(stories: &[StoryState], mut s: usize) -> usize {
    while let Some(m) = stories[s].merged_into {
        s = m;
    }
    s
}

impl StoryState {
    /// A new, empty, active story opened at `time`.
    fn opened(time: DateTime<Utc>) -> StoryState {
        StoryState {
            centroid: FxHashMap::default(),
            cvec: SparseVec::default(),
            docs: Vec::new(),
            last_seen: time,
            shingles: FxHashSet::default(),
            numbers: FxHashSet::default(),
            merged_into: None,
            development_of: None,
            active: true,
            stored_development_of: None,
            stored_continued_by: Vec::new(),
        }
    }

    /// Add article `di` (its shingles, numbers and vector) to story `sid`,
    /// indexing the centroid's new terms in `active_index`.
    fn take_in(
        &mut self,
        sid: usize,
        di: usize,
        time: DateTime<Utc>,
        raw: &RawFeatures,
        vec: &SparseVec,
        active_index: &mut FxHashMap<u32, Vec<usize>>,
    ) {
        self.shingles.extend(raw.shingles.iter().copied());
        self.numbers.extend(raw.numbers.iter().cloned());
        for &(t, w) in &vec.0 {
            let e = self.centroid.entry(t).or_insert(0.0);
            if *e == 0.0 {
                active_index.entry(t).or_default().push(sid);
            }
            *e += w;
        }
        self.cvec = self.centroid_vec();
        self.docs.push(di);
        if time > self.last_seen {
            self.last_seen = time;
        }
    }

    fn centroid_vec(&self) -> SparseVec {
        let mut v: Vec<(u32, f32)> = self.centroid.iter().map(|(&t, &w)| (t, w)).collect();
        // The 64 heaviest terms (ties by id, so the set is the same whatever
        // the map's order), found without sorting the whole centroid: a
        // long story's has thousands of terms and changes with each article.
        let by_weight = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if v.len() > 64 {
            v.select_nth_unstable_by(63, by_weight);
            v.truncate(64);
        }
        v.sort_unstable_by_key(|&(t, _)| t);
        let mut s = SparseVec(v);
        s.normalise();
        s
    }
}

/// Union-find over near-duplicate groups.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
}

/// Build the story map of `inputs` (any order; processed by time, then id).
pub fn build(inputs: &[StoryInput], config: &Config) -> StoryMap {
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by(|&a, &b| inputs[a].time.cmp(&inputs[b].time).then_with(|| inputs[a].id.cmp(&inputs[b].id)));

    let timing = std::env::var_os("MARSAD_TIMING").is_some();
    let t0 = std::time::Instant::now();
    // Pass 1: features and document frequencies over the batch.
    let (vocab, mut raws) = batch_features(order.iter().map(|&i| &inputs[i]), config);
    // Shingles found in very many articles are boilerplate (royal titles,
    // agency sign-offs, end markers), not evidence of copying: drop them
    // before near-duplicate detection, as stopwords are dropped from terms.
    // Counted by sorting one flat list (each article's shingles are already
    // distinct) rather than in a hash map of every shingle of the corpus,
    // which needs several times the memory (8 bytes a shingle here against
    // 16 plus the table's slack); only the few frequent shingles are kept.
    let frequent: FxHashSet<u64> = {
        let mut all: Vec<u64> = Vec::with_capacity(raws.iter().map(|r| r.shingles.len()).sum());
        for r in &raws {
            all.extend_from_slice(&r.shingles);
        }
        all.sort_unstable();
        let mut frequent = FxHashSet::default();
        for run in all.chunk_by(|a, b| a == b) {
            if run.len() > config.max_shingle_df as usize {
                frequent.insert(run[0]);
            }
        }
        frequent
    };
    // Each article on its own: split over the threads.
    let finish_shingles = |part: &mut [RawFeatures]| {
        for r in part {
            if !frequent.is_empty() {
                r.shingles.retain(|h| !frequent.contains(h));
                r.lead.retain(|h| !frequent.contains(h));
            }
            r.signature = (r.shingles.len() >= config.min_shingles).then(|| signature(&r.shingles));
        }
    };
    let chunk = raws.len().div_ceil(worker_threads(raws.len())).max(1);
    std::thread::scope(|scope| {
        for part in raws.chunks_mut(chunk) {
            scope.spawn(|| finish_shingles(part));
        }
    });
    if timing {
        eprintln!("stories: features {:?}", t0.elapsed());
    }

    // Pass 2: online assignment in time order.
    let mut docs: Vec<Doc> = Vec::with_capacity(raws.len());
    let mut kept_shingles: Vec<Vec<u64>> = Vec::with_capacity(raws.len());
    let mut recent: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    let mut lsh = LshIndex::new();
    let mut groups = Groups { parent: Vec::new() };
    let mut stories: Vec<StoryState> = Vec::new();
    let mut active_index: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    let mut cold_index: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    // Active stories by the time they were last seen, to find those going
    // cold without scanning them all for every article: an entry is stale
    // when its story was seen again since (or merged).
    let mut cooling: BinaryHeap<Reverse<(DateTime<Utc>, usize)>> = BinaryHeap::new();
    let mut query = DenseQuery::default();
    let mut results: Vec<(f32, Vec<String>, Verdict, bool)> = Vec::with_capacity(raws.len());
    let window = Duration::hours(config.window_hours);
    let dup_window = Duration::hours(config.dup_window_hours);
    // Placed articles: their stored story and group → the state's indices.
    let mut placed_story: FxHashMap<String, usize> = FxHashMap::default();
    let mut placed_group: FxHashMap<String, usize> = FxHashMap::default();
    let mut group_names: FxHashMap<usize, String> = FxHashMap::default();

    for (di, (&ii, raw)) in order.iter().zip(raws.iter()).enumerate() {
        let inp = &inputs[ii];
        let vec = SparseVec::tfidf(&raw.counts, &vocab);
        groups.parent.push(di);
        if let Some(p) = &inp.placed {
            place(
                Placement { di, inp, p, raw, vec, dup_window },
                &mut State {
                    docs: &mut docs,
                    kept_shingles: &mut kept_shingles,
                    recent: &mut recent,
                    lsh: &mut lsh,
                    groups: &mut groups,
                    stories: &mut stories,
                    active_index: &mut active_index,
                    cooling: &mut cooling,
                    results: &mut results,
                    placed_story: &mut placed_story,
                    placed_group: &mut placed_group,
                    group_names: &mut group_names,
                },
            );
            continue;
        }

        // Stories gone cold leave the active set.
        while let Some(&Reverse((seen, s))) = cooling.peek() {
            if inp.time - seen <= window {
                break;
            }
            cooling.pop();
            let st = &mut stories[s];
            if st.merged_into.is_some() || !st.active || st.last_seen != seen {
                continue;
            }
            st.active = false;
            st.shingles = FxHashSet::default();
            st.numbers = FxHashSet::default();
            for (t, _) in st.cvec.top_terms(12) {
                cold_index.entry(t).or_default().push(s);
            }
        }

        // Keep the active index to active stories (cold ones would otherwise
        // make common terms' postings grow with the whole history).
        if di % 512 == 511 {
            active_index.retain(|_, list| {
                list.retain(|&s| stories[s].active);
                !list.is_empty()
            });
        }

        // Rank the active stories. Candidates: those sharing at least two
        // of the article's strongest terms (a story above the threshold
        // always does in practice); then the exact cosine.
        let mut shared: FxHashMap<usize, u32> = FxHashMap::default();
        for &(t, _) in &vec.top_terms(16) {
            if let Some(list) = active_index.get(&t) {
                for &s in list {
                    let s = resolve(&stories, s);
                    if stories[s].active {
                        *shared.entry(s).or_default() += 1;
                    }
                }
            }
        }
        let min_shared = if vec.0.len() >= 4 { 2 } else { 1 };
        let mut cands: Vec<usize> = shared.into_iter().filter(|&(_, n)| n >= min_shared).map(|(s, _)| s).collect();
        cands.sort_unstable();
        // A story's score: the better of its centroid's cosine and its
        // closest recent article's (single link lets a follow-up that
        // resembles one report join, even when the centroid has drifted).
        query.load(&vec);
        let mut ranked: Vec<(usize, f32)> = cands
            .into_iter()
            .map(|s| {
                let centroid = query.dot(&stories[s].cvec);
                // Only the story's first reports: linking to the latest
                // ones would let a story drift (daily market reports chaining
                // into one).
                let member = stories[s]
                    .docs
                    .iter()
                    .take(10)
                    .map(|&m| query.dot(&docs[m].vec) * config.member_weight)
                    .fold(0.0f32, f32::max);
                let first = stories[s].docs.first().map_or(inp.time, |&d| docs[d].time);
                let age_days = ((inp.time - first).num_minutes().max(0) as f32) / 1440.0;
                let conflict = !inp.title_places.is_empty() && {
                    let mut named = stories[s].docs.iter().take(10).flat_map(|&m| &docs[m].title_places).peekable();
                    named.peek().is_some() && !named.any(|p| inp.title_places.contains(p))
                };
                let conflict = if conflict { config.place_conflict } else { 0.0 };
                (s, centroid.max(member) - config.age_penalty * age_days - conflict)
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

        // 1. Near-duplicates: candidates from the LSH index and from the
        // closest stories, checked by exact shingle containment (a
        // shortened copy contains little that its original lacks).
        while let Some(&old) = recent.front() {
            if inp.time - docs[old].time > dup_window {
                recent.pop_front();
                kept_shingles[old] = Vec::new();
            } else {
                break;
            }
        }
        let mut copy_of: Option<usize> = None;
        if let Some(sig) = &raw.signature {
            let mut cand: Vec<usize> = lsh.candidates(sig).into_iter().map(|c| c as usize).collect();
            for &(s, sim) in ranked.iter().take(3) {
                if sim >= config.story_threshold * 0.5 {
                    cand.extend(stories[s].docs.iter().rev().take(200).copied());
                }
            }
            cand.sort_unstable();
            cand.dedup();
            let mut best = (config.dup_threshold, None);
            for c in cand {
                if (inp.time - docs[c].time).abs() > dup_window || kept_shingles[c].is_empty() {
                    continue;
                }
                let k = containment(&raw.shingles, &kept_shingles[c]);
                if k < best.0 {
                    continue;
                }
                // A copy of a copy must still share text with the group's
                // first report: containment is measured against the shorter
                // text, so a round-up that carries two short items would
                // otherwise chain them into one group through itself.
                let root = groups.find(c);
                if root != c
                    && !kept_shingles[root].is_empty()
                    && containment(&raw.shingles, &kept_shingles[root]) < config.dup_threshold * 0.5
                {
                    continue;
                }
                // One text at least three times the other's length contains it:
                // a copy with paragraphs added keeps the wire's lead, while
                // a round-up that carries the item somewhere after its own
                // lead is another report.
                let (nl, cl) = (raw.shingles.len(), kept_shingles[c].len());
                let lead_and_shorter = if nl >= LONGER_RATIO * cl {
                    Some((&raw.lead, &kept_shingles[c]))
                } else if cl >= LONGER_RATIO * nl {
                    Some((&raws[c].lead, &raw.shingles))
                } else {
                    None
                };
                if let Some((lead, shorter)) = lead_and_shorter {
                    if !lead.is_empty() && containment(lead, shorter) < MIN_LEAD_SHARED {
                        continue;
                    }
                }
                best = (k, Some(c));
            }
            copy_of = best.1;
            lsh.insert(di as u32, sig);
        }
        kept_shingles.push(raw.shingles.clone());
        recent.push_back(di);

        // 2. Story assignment.
        let mut story: Option<usize> = None;
        let mut second: Option<(usize, f32)> = None;
        if let Some(c) = copy_of {
            let root = groups.find(c);
            groups.parent[di] = root;
            story = Some(resolve(&stories, docs[c].story));
        } else if let Some(&(s, sim)) = ranked.first() {
            if sim >= config.story_threshold {
                story = Some(s);
                second = ranked.get(1).copied().filter(|&(_, x)| x >= config.merge_threshold);
            }
        }

        let (verdict, first, sid) = match story {
            Some(s) => {
                if let Some((o, _)) = second {
                    merge(&mut stories, s, o);
                }
                let v = match copy_of {
                    Some(c) => {
                        let root = groups.find(c);
                        Verdict::Copy { of: group_names.get(&root).cloned().unwrap_or_else(|| docs[root].id.clone()) }
                    }
                    None => Verdict::Development { story: String::new() },
                };
                (v, false, s)
            }
            None => {
                // New story; look for an earlier chapter among cold stories.
                let mut cand: FxHashSet<usize> = FxHashSet::default();
                for &(t, _) in &vec.top_terms(12) {
                    if let Some(list) = cold_index.get(&t) {
                        cand.extend(list.iter().map(|&s| resolve(&stories, s)));
                    }
                }
                let mut best: Option<(usize, f32)> = None;
                let mut cand: Vec<usize> = cand.into_iter().collect();
                cand.sort_unstable();
                for s in cand {
                    let sim = query.dot(&stories[s].cvec);
                    if sim >= config.storyline_threshold && best.is_none_or(|(_, b)| sim > b) {
                        best = Some((s, sim));
                    }
                }
                let s = stories.len();
                stories.push(StoryState { development_of: best.map(|(b, _)| b), ..StoryState::opened(inp.time) });
                (Verdict::NewStory { development_of: None }, true, s)
            }
        };

        // Novelty against what the story had before this article.
        let st = &mut stories[sid];
        let novelty = if first || raw.shingles.is_empty() {
            1.0
        } else {
            raw.shingles.iter().filter(|h| !st.shingles.contains(h)).count() as f32 / raw.shingles.len() as f32
        };
        let new_numbers: Vec<String> =
            if first { Vec::new() } else { raw.numbers.iter().filter(|n| !st.numbers.contains(*n)).cloned().collect() };
        st.take_in(sid, di, inp.time, raw, &vec, &mut active_index);
        cooling.push(Reverse((st.last_seen, sid)));
        docs.push(Doc::new(inp, vec, di, sid, None));
        results.push((novelty, new_numbers, verdict, first));
    }

    if timing {
        eprintln!("stories: features {:?}", t0.elapsed());
    }
    for (d, doc) in docs.iter_mut().enumerate() {
        doc.group = groups.find(d);
    }
    let placed_stories: Vec<String> = placed_story.into_keys().collect();
    let mut map = finish(docs, stories, results, &vocab, config, &group_names);
    let live: FxHashSet<&str> = map.stories.iter().map(|s| s.id.as_str()).collect();
    let mut removed: Vec<String> = placed_stories.into_iter().filter(|s| !live.contains(s.as_str())).collect();
    removed.sort();
    map.removed_stories = removed;
    map
}

/// Pass 1 of the story stage: each article's raw features (on all cores)
/// and the batch's vocabulary, its document frequencies counted, IDF
/// blending in the background when `config` says so.
fn batch_features<'a>(inputs: impl Iterator<Item = &'a StoryInput>, config: &Config) -> (Vocabulary, Vec<RawFeatures>) {
    let mut vocab =
        if config.background_df { Vocabulary::with_background(Background::builtin()) } else { Vocabulary::default() };
    let texts: Vec<(&str, &str, &[String])> =
        inputs.map(|i| (i.title.as_str(), i.body.as_str(), i.entities.as_slice())).collect();
    let raws = raw_features_all(&texts, &mut vocab);
    for r in &raws {
        vocab.count_document(&r.counts);
    }
    (vocab, raws)
}

/// The cosine of the story stage's article vectors (title-weighted TF-IDF
/// with entity terms, IDF over `inputs` and the background as
/// [`build`] counts it) for each pair of article ids; `None` where an id
/// is not among `inputs`. The member link of [`build`] compares exactly
/// these vectors, so how well this one number separates labelled pairs
/// bounds what thresholds alone can do.
pub fn article_cosines(inputs: &[StoryInput], config: &Config, pairs: &[(&str, &str)]) -> Vec<Option<f32>> {
    let (vocab, raws) = batch_features(inputs.iter(), config);
    let index: FxHashMap<&str, usize> = inputs.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    pairs
        .iter()
        .map(|&(a, b)| {
            let (&ia, &ib) = (index.get(a)?, index.get(b)?);
            Some(SparseVec::tfidf(&raws[ia].counts, &vocab).dot(&SparseVec::tfidf(&raws[ib].counts, &vocab)))
        })
        .collect()
}

/// One placed article to feed into the state.
struct Placement<'a> {
    di: usize,
    inp: &'a StoryInput,
    p: &'a Placed,
    raw: &'a RawFeatures,
    vec: SparseVec,
    dup_window: Duration,
}

/// The clustering state a placed article updates.
struct State<'a> {
    docs: &'a mut Vec<Doc>,
    kept_shingles: &'a mut Vec<Vec<u64>>,
    recent: &'a mut std::collections::VecDeque<usize>,
    lsh: &'a mut LshIndex,
    groups: &'a mut Groups,
    stories: &'a mut Vec<StoryState>,
    active_index: &'a mut FxHashMap<u32, Vec<usize>>,
    cooling: &'a mut BinaryHeap<Reverse<(DateTime<Utc>, usize)>>,
    results: &'a mut Vec<(f32, Vec<String>, Verdict, bool)>,
    placed_story: &'a mut FxHashMap<String, usize>,
    placed_group: &'a mut FxHashMap<String, usize>,
    group_names: &'a mut FxHashMap<usize, String>,
}

/// Feed an article placed by an earlier build: it keeps its story and
/// group (no decision is taken again) and updates the state — the story's
/// centroid, shingles and numbers, the copy-detection index — so that the
/// new articles after it are compared with everything their story holds.
fn place(pl: Placement, st: &mut State) {
    let Placement { di, inp, p, raw, vec, dup_window } = pl;
    // Group: placed articles of one stored group are one group again.
    match st.placed_group.get(&p.result.group) {
        Some(&g) => {
            let root = st.groups.find(g);
            st.groups.parent[di] = root;
        }
        None => {
            st.placed_group.insert(p.result.group.clone(), di);
            st.group_names.insert(di, p.result.group.clone());
        }
    }
    // Story: the stored story's state (resolved through merges).
    let sid = match st.placed_story.get(&p.result.story) {
        Some(&s) => resolve(st.stories, s),
        None => {
            let s = st.stories.len();
            st.stories.push(StoryState {
                stored_development_of: p.story_development_of.clone(),
                stored_continued_by: p.story_continued_by.clone(),
                ..StoryState::opened(inp.time)
            });
            st.placed_story.insert(p.result.story.clone(), s);
            s
        }
    };
    // Copy detection state, as for any article.
    while let Some(&old) = st.recent.front() {
        if inp.time - st.docs[old].time > dup_window {
            st.recent.pop_front();
            st.kept_shingles[old] = Vec::new();
        } else {
            break;
        }
    }
    if let Some(sig) = &raw.signature {
        st.lsh.insert(di as u32, sig);
    }
    st.kept_shingles.push(raw.shingles.clone());
    st.recent.push_back(di);
    // The story's state.
    let story = &mut st.stories[sid];
    story.active = true;
    story.take_in(sid, di, inp.time, raw, &vec, st.active_index);
    st.cooling.push(Reverse((story.last_seen, sid)));
    st.docs.push(Doc::new(inp, vec, di, sid, Some(p.clone())));
    st.results.push((
        p.result.novelty,
        p.result.new_numbers.clone(),
        p.result.verdict.clone(),
        p.result.first_in_story,
    ));
}

/// Share of the longer text's lead a much shorter copy must contain.
const MIN_LEAD_SHARED: f64 = 0.25;

/// How many times longer (in shingles) than the other a text must be for
/// [`MIN_LEAD_SHARED`] to apply. At twice, copies of a press release that
/// each rewrote its opening and added their own paragraphs were split
/// (`marsad eval stories`: same-report F1 0.942 at 2, 0.951 at 3, 0.935
/// without the rule).
const LONGER_RATIO: usize = 3;

/// |a ∩ b| / min(|a|, |b|) of two sorted, deduplicated hash lists.
pub fn containment(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut n) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n as f64 / a.len().min(b.len()) as f64
}

fn merge(stories: &mut [StoryState], into: usize, from: usize) {
    if into == from || stories[from].merged_into.is_some() {
        return;
    }
    let moved = std::mem::take(&mut stories[from].docs);
    let centroid = std::mem::take(&mut stories[from].centroid);
    let shingles = std::mem::take(&mut stories[from].shingles);
    let numbers = std::mem::take(&mut stories[from].numbers);
    let last = stories[from].last_seen;
    stories[from].merged_into = Some(into);
    stories[from].active = false;
    let dev = stories[from].development_of;
    let st = &mut stories[into];
    st.docs.extend(moved);
    for (t, w) in centroid {
        *st.centroid.entry(t).or_insert(0.0) += w;
    }
    st.shingles.extend(shingles);
    st.numbers.extend(numbers);
    if last > st.last_seen {
        st.last_seen = last;
    }
    if st.development_of.is_none() {
        st.development_of = dev;
    }
    st.cvec = st.centroid_vec();
    let (sdev, scont) =
        (stories[from].stored_development_of.take(), std::mem::take(&mut stories[from].stored_continued_by));
    let st = &mut stories[into];
    if st.stored_development_of.is_none() {
        st.stored_development_of = sdev;
    }
    for c in scont {
        if !st.stored_continued_by.contains(&c) {
            st.stored_continued_by.push(c);
        }
    }
}

fn finish(
    mut docs: Vec<Doc>,
    stories: Vec<StoryState>,
    results: Vec<(f32, Vec<String>, Verdict, bool)>,
    vocab: &Vocabulary,
    config: &Config,
    group_names: &FxHashMap<usize, String>,
) -> StoryMap {
    let resolve = |s: usize| resolve(&stories, s);
    for d in &mut docs {
        d.story = resolve(d.story);
    }
    // A story keeps the id of the story its earliest article was in (so an
    // update never renames a stored story); a new one is `s` + its first
    // article's id.
    let story_id = |s: usize| -> String {
        let first = stories[s].docs.iter().copied().min().expect("a live story has articles");
        match &docs[first].placed {
            Some(p) => p.result.story.clone(),
            None => format!("s{}", docs[first].id),
        }
    };
    let group_id = |g: usize| -> String { group_names.get(&g).cloned().unwrap_or_else(|| docs[g].id.clone()) };
    let latest = docs.iter().map(|d| d.time).max().unwrap_or_else(Utc::now);

    let t = std::time::Instant::now();
    let related = related_articles(&docs, config);
    if std::env::var_os("MARSAD_TIMING").is_some() {
        eprintln!("stories: related {:?}", t.elapsed());
    }

    // Per-article results.
    let mut articles = Vec::with_capacity(docs.len());
    for (di, (novelty, new_numbers, verdict, first)) in results.into_iter().enumerate() {
        let d = &docs[di];
        let sid = story_id(d.story);
        let verdict = match verdict {
            Verdict::Development { .. } => Verdict::Development { story: sid.clone() },
            // A placed first article keeps its stored storyline link.
            v @ Verdict::NewStory { .. } if d.placed.is_some() => v,
            Verdict::NewStory { .. } => {
                Verdict::NewStory { development_of: stories[d.story].development_of.map(|o| story_id(resolve(o))) }
            }
            v => v,
        };
        let related = match &d.placed {
            Some(p) => p.result.related.clone(),
            None => related[di].iter().map(|&(j, s)| (docs[j].id.clone(), s)).collect(),
        };
        articles.push(ArticleStory {
            article: d.id.clone(),
            story: sid,
            group: group_id(d.group),
            first_in_story: first && stories[d.story].docs.iter().min() == Some(&di),
            novelty,
            new_numbers,
            verdict,
            related,
        });
    }

    // Near-duplicate groups.
    let mut by_group: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (di, d) in docs.iter().enumerate() {
        by_group.entry(d.group).or_default().push(di);
    }
    let groups: Vec<DupGroup> = by_group
        .iter()
        .filter(|(_, m)| m.len() > 1)
        .map(|(&g, m)| {
            let most = m.iter().copied().max_by_key(|&i| (docs[i].body_len, std::cmp::Reverse(i))).unwrap_or(g);
            let mut sources: Vec<String> = Vec::new();
            for &i in m {
                if !sources.contains(&docs[i].source) {
                    sources.push(docs[i].source.clone());
                }
            }
            DupGroup {
                id: group_id(g),
                most_complete: docs[most].id.clone(),
                articles: m.iter().map(|&i| docs[i].id.clone()).collect(),
                sources,
            }
        })
        .collect();

    // Stories.
    let mut continued: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (s, st) in stories.iter().enumerate() {
        if st.merged_into.is_none() && !st.docs.is_empty() {
            if let Some(o) = st.development_of {
                continued.entry(resolve(o)).or_default().push(s);
            }
        }
    }
    let mut out: Vec<Story> = Vec::new();
    for (s, st) in stories.iter().enumerate() {
        if st.merged_into.is_some() || st.docs.is_empty() {
            continue;
        }
        let mut members = st.docs.clone();
        members.sort_unstable();
        let first = members[0];
        let mut src_count: BTreeMap<&str, u32> = BTreeMap::new();
        let mut per_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
        let (mut last24, mut prev24) = (0u32, 0u32);
        let mut grps: Vec<String> = Vec::new();
        for &m in &members {
            *src_count.entry(docs[m].source.as_str()).or_default() += 1;
            *per_day.entry(docs[m].time.date_naive()).or_default() += 1;
            let age = latest - docs[m].time;
            if age <= Duration::hours(24) {
                last24 += 1;
            } else if age <= Duration::hours(48) {
                prev24 += 1;
            }
            let g = group_id(docs[m].group);
            if !grps.contains(&g) {
                grps.push(g);
            }
        }
        let mut sources: Vec<(String, u32)> = src_count.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let headline = members.iter().map(|&m| &docs[m].title).find(|t| !t.is_empty()).cloned().unwrap_or_default();
        let terms =
            st.centroid_vec().top_terms(8).into_iter().map(|(t, _)| vocab.display[t as usize].clone()).collect();
        let mut rel_count: FxHashMap<usize, u32> = FxHashMap::default();
        for &m in &members {
            for &(j, _) in &related[m] {
                *rel_count.entry(docs[j].story).or_default() += 1;
            }
        }
        let mut rel: Vec<(usize, u32)> = rel_count.into_iter().filter(|&(o, _)| o != s).collect();
        rel.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.push(Story {
            id: story_id(s),
            headline,
            first_seen: docs[first].time,
            last_seen: members.iter().map(|&m| docs[m].time).max().unwrap_or(docs[first].time),
            articles: members.iter().map(|&m| docs[m].id.clone()).collect(),
            groups: grps,
            sources,
            terms,
            keywords: Vec::new(),
            development_of: st
                .development_of
                .map(|o| story_id(resolve(o)))
                .or_else(|| st.stored_development_of.clone()),
            continued_by: {
                let mut c: Vec<String> = st.stored_continued_by.clone();
                for id in continued.get(&s).into_iter().flatten().map(|&c| story_id(c)) {
                    if !c.contains(&id) {
                        c.push(id);
                    }
                }
                c
            },
            timeline: members
                .iter()
                .map(|&m| TimelineEntry {
                    article: docs[m].id.clone(),
                    time: docs[m].time,
                    source: docs[m].source.clone(),
                })
                .collect(),
            per_day,
            last_24h: last24,
            growth: (last24 as f32 + 1.0) / (prev24 as f32 + 1.0),
            related_stories: rel.into_iter().take(5).map(|(o, _)| story_id(o)).collect(),
        });
    }
    out.sort_by(|a, b| b.last_seen.cmp(&a.last_seen).then(a.id.cmp(&b.id)));
    StoryMap { stories: out, articles, groups, removed_stories: Vec::new() }
}

/// Top related articles from other stories and other groups, within a few
/// days, through an inverted index over each article's strongest terms.
fn related_articles(docs: &[Doc], config: &Config) -> Vec<Vec<(usize, f32)>> {
    let n = docs.len();
    if config.related_k == 0 {
        return vec![Vec::new(); n];
    }
    // Terms shared by too many articles say little about relatedness and
    // would make this quadratic.
    let max_df = (n / 100).clamp(50, 400);
    let mut index: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    let tops: Vec<Vec<(u32, f32)>> = docs.iter().map(|d| d.vec.top_terms(8)).collect();
    for (i, t) in tops.iter().enumerate() {
        for &(term, _) in t {
            index.entry(term).or_default().push(i);
        }
    }
    let window = Duration::days(7);
    let mut out = Vec::with_capacity(n);
    let mut query = DenseQuery::default();
    for (i, d) in docs.iter().enumerate() {
        query.load(&d.vec);
        let mut shared: FxHashMap<usize, u32> = FxHashMap::default();
        for &(term, _) in &tops[i] {
            if let Some(list) = index.get(&term) {
                if list.len() <= max_df {
                    for &j in list {
                        *shared.entry(j).or_default() += 1;
                    }
                }
            }
        }
        let mut cand: Vec<usize> = shared.into_iter().filter(|&(_, n)| n >= 2).map(|(j, _)| j).collect();
        cand.sort_unstable();
        let mut scored: Vec<(usize, f32)> = cand
            .into_iter()
            .filter(|&j| j != i && docs[j].story != d.story && docs[j].group != d.group)
            .filter(|&j| (docs[j].time - d.time).abs() <= window)
            .map(|j| (j, query.dot(&docs[j].vec)))
            .filter(|&(_, s)| s >= config.related_threshold)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // One per story: the best article of each related story.
        let mut seen = FxHashSet::default();
        scored.retain(|&(j, _)| seen.insert(docs[j].story));
        scored.truncate(config.related_k);
        out.push(scored);
    }
    out
}
