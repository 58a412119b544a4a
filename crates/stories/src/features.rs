//! What the story stages look at in an article: a title-weighted TF-IDF
//! vector over light stems, and a MinHash signature over word shingles.
//!
//! Inverse document frequencies blend the batch being clustered with a
//! [`Background`] table of stem frequencies over a large news corpus: a
//! batch of a few dozen articles (the demo, a first crawl, an update that
//! feeds only the open stories) says little about which words are common,
//! and with its own counts alone every word is rare, so reports of one
//! event share too little weight to meet.

use crate::minhash::{hash_str, shingles, signature, Signature};
use marsad_arabic::analyzer::Analyzer;
use marsad_arabic::tokenize::TokenKind;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Words per shingle for near-duplicate detection.
pub const SHINGLE_WORDS: usize = 3;

/// Words of an article's lead (see [`RawFeatures::lead`]).
pub const LEAD_WORDS: usize = 40;
/// How much a title term counts against a body term.
pub const TITLE_WEIGHT: f32 = 3.0;
/// Weight of an entity term (a canonical entity id) against a body word.
pub const ENTITY_WEIGHT: f32 = 1.0;
/// Prefix that keeps entity terms apart from words in the vocabulary.
pub const ENTITY_PREFIX: char = '\u{1}';
/// Terms kept in an article vector.
pub const VECTOR_TERMS: usize = 48;

/// The built-in background table: stem document frequencies over the
/// SaudiNewsNet articles (see `models/README.md`; `marsad train
/// background-df` writes it).
pub const BACKGROUND_DF_TSV: &str = include_str!("../models/background-df.tsv");

/// Document frequencies of stems in a large background corpus.
///
/// The text form is one `docs<TAB>N` line, then one `stem<TAB>df` line per
/// stem; lines starting with `#` are comments.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Background {
    /// Articles the frequencies were counted over.
    pub docs: u32,
    df: FxHashMap<String, u32>,
}

impl Background {
    /// Parse the text form.
    pub fn parse(text: &str) -> Result<Background, String> {
        let mut bg = Background::default();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, n) =
                line.split_once('\t').ok_or_else(|| format!("line {}: expected two tab-separated fields", i + 1))?;
            let n: u32 = n.trim().parse().map_err(|_| format!("line {}: bad count {n:?}", i + 1))?;
            if key == "docs" {
                bg.docs = n;
            } else {
                bg.df.insert(key.to_string(), n);
            }
        }
        if bg.docs == 0 && !bg.df.is_empty() {
            return Err("no `docs` line".to_string());
        }
        Ok(bg)
    }

    /// The built-in table ([`BACKGROUND_DF_TSV`]), parsed once.
    pub fn builtin() -> &'static Background {
        static BUILTIN: OnceLock<Background> = OnceLock::new();
        BUILTIN.get_or_init(|| Background::parse(BACKGROUND_DF_TSV).expect("the built-in background table parses"))
    }

    /// Count the stems of `articles` (title, body): the table's text form,
    /// keeping stems found in at least `min_df` articles, sorted by stem.
    pub fn count<'a>(articles: impl IntoIterator<Item = (&'a str, &'a str)>, min_df: u32) -> String {
        let analyzer = Analyzer::default();
        let mut vocab = Vocabulary::default();
        for (title, body) in articles {
            let raw = raw_features(&analyzer, &mut vocab, title, body, &[]);
            vocab.count_document(&raw.counts);
        }
        let mut rows: Vec<(&str, u32)> =
            vocab.ids.iter().map(|(s, &t)| (s.as_str(), vocab.df[t as usize])).filter(|&(_, n)| n >= min_df).collect();
        rows.sort_unstable();
        let mut out = format!(
            "# marsad background document frequencies: light stems (title and body) found in at least {min_df} of the articles\ndocs\t{}\n",
            vocab.docs
        );
        for (s, n) in rows {
            out.push_str(s);
            out.push('\t');
            out.push_str(&n.to_string());
            out.push('\n');
        }
        out
    }

    /// Stems in the table.
    pub fn len(&self) -> usize {
        self.df.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.df.is_empty()
    }

    /// Document frequency of `stem` (0 when the table lacks it: rare).
    pub fn df(&self, stem: &str) -> u32 {
        self.df.get(stem).copied().unwrap_or(0)
    }
}

/// Interned terms (stems) with document frequencies and a display form.
#[derive(Default, Debug, Clone)]
pub struct Vocabulary {
    ids: FxHashMap<String, u32>,
    /// Display form per term: the first normalised surface word seen.
    pub display: Vec<String>,
    /// Document frequency per term.
    pub df: Vec<u32>,
    /// Documents counted.
    pub docs: u32,
    /// The background table, when IDF blends one in.
    background: Option<&'static Background>,
    /// Background document frequency per term; `None` for terms the
    /// background cannot know (entity ids), whose IDF is the batch's own.
    bg_df: Vec<Option<u32>>,
}

impl Vocabulary {
    /// An empty vocabulary whose IDF blends in `background`.
    pub fn with_background(background: &'static Background) -> Vocabulary {
        Vocabulary { background: (!background.is_empty()).then_some(background), ..Default::default() }
    }

    /// The id of `stem`, interning it with `surface` as its display form.
    pub fn intern(&mut self, stem: &str, surface: &str) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.display.len() as u32;
        self.ids.insert(stem.to_string(), id);
        self.display.push(surface.to_string());
        self.df.push(0);
        let bg = if stem.starts_with(ENTITY_PREFIX) { None } else { self.background.map(|b| b.df(stem)) };
        self.bg_df.push(bg);
        id
    }

    /// An empty vocabulary that blends in the same background as `self`.
    pub fn empty_like(&self) -> Vocabulary {
        Vocabulary { background: self.background, ..Default::default() }
    }

    /// Add the terms of `other` (built with the same background, over the
    /// articles that come after those of `self`) and return, for each of
    /// its term ids, the id the term has here. New terms are added in
    /// `other`'s id order, which is the order they were first seen in: the
    /// ids come out exactly as if `self` had interned `other`'s articles
    /// itself, so features computed on several threads give the same
    /// vocabulary as one thread.
    pub fn absorb(&mut self, other: Vocabulary) -> Vec<u32> {
        let mut stems = vec![String::new(); other.display.len()];
        for (stem, id) in other.ids {
            stems[id as usize] = stem;
        }
        let mut map = Vec::with_capacity(stems.len());
        for (local, (stem, display)) in stems.into_iter().zip(other.display).enumerate() {
            let id = self.intern(&stem, &display);
            self.df[id as usize] += other.df[local];
            map.push(id);
        }
        self.docs += other.docs;
        map
    }

    /// Count one document's terms (`counts` from [`raw_features`]) in the
    /// document frequencies.
    pub fn count_document(&mut self, counts: &[(u32, f32)]) {
        for &(t, _) in counts {
            self.df[t as usize] += 1;
        }
        self.docs += 1;
    }

    /// Smoothed inverse document frequency of a term: over the batch and
    /// the background together, or the batch alone for terms the
    /// background cannot know.
    pub fn idf(&self, term: u32) -> f32 {
        let df = self.df.get(term as usize).copied().unwrap_or(0) as f32;
        match (self.background, self.bg_df.get(term as usize).copied().flatten()) {
            (Some(b), Some(bg)) => ((1.0 + self.docs as f32 + b.docs as f32) / (1.0 + df + bg as f32)).ln() + 1.0,
            _ => ((1.0 + self.docs as f32) / (1.0 + df)).ln() + 1.0,
        }
    }
}

/// Raw, per-article counts before weighting.
#[derive(Debug, Clone, Default)]
pub struct RawFeatures {
    /// (term, weighted count): title terms count [`TITLE_WEIGHT`] times.
    pub counts: Vec<(u32, f32)>,
    /// MinHash of the body's word shingles.
    pub signature: Option<Signature>,
    /// The shingle hashes themselves (for novelty).
    pub shingles: Vec<u64>,
    /// Shingles of the body's first [`LEAD_WORDS`] words: what a copy of
    /// this article must share when it is much shorter or longer than it.
    pub lead: Vec<u64>,
    /// Number tokens in the text (for novelty: new figures).
    pub numbers: Vec<String>,
}

/// How many threads the story stage splits `items` articles over: the
/// machine's cores, but no more than one per 500 articles (below that a
/// second thread costs more than it saves: the demo, a small update).
pub fn worker_threads(items: usize) -> usize {
    const MIN_PER_THREAD: usize = 500;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.clamp(1, (items / MIN_PER_THREAD).max(1))
}

/// [`raw_features`] of many articles (`(title, body, entities)` in order),
/// on [`worker_threads`] threads, interning into `vocab` with the same term
/// ids as one thread would (see [`Vocabulary::absorb`]).
pub fn raw_features_all(articles: &[(&str, &str, &[String])], vocab: &mut Vocabulary) -> Vec<RawFeatures> {
    raw_features_split(articles, vocab, worker_threads(articles.len()))
}

/// [`raw_features_all`] on exactly `threads` threads (one per contiguous
/// part of `articles`).
fn raw_features_split(
    articles: &[(&str, &str, &[String])],
    vocab: &mut Vocabulary,
    threads: usize,
) -> Vec<RawFeatures> {
    if threads <= 1 || articles.len() < 2 {
        let analyzer = Analyzer::default();
        return articles.iter().map(|&(t, b, e)| raw_features(&analyzer, vocab, t, b, e)).collect();
    }
    let chunk = articles.len().div_ceil(threads);
    let parts: Vec<(Vocabulary, Vec<RawFeatures>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = articles
            .chunks(chunk)
            .map(|part| {
                let mut local = vocab.empty_like();
                scope.spawn(move || {
                    let analyzer = Analyzer::default();
                    let raws: Vec<RawFeatures> =
                        part.iter().map(|&(t, b, e)| raw_features(&analyzer, &mut local, t, b, e)).collect();
                    (local, raws)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a feature thread panicked")).collect()
    });
    let mut out = Vec::with_capacity(articles.len());
    for (local, mut raws) in parts {
        let map = vocab.absorb(local);
        for r in &mut raws {
            for (t, _) in &mut r.counts {
                *t = map[*t as usize];
            }
            r.counts.sort_unstable_by_key(|&(t, _)| t);
        }
        out.extend(raws);
    }
    out
}

/// Analyse one article's title and body.
pub fn raw_features(
    analyzer: &Analyzer,
    vocab: &mut Vocabulary,
    title: &str,
    body: &str,
    entities: &[String],
) -> RawFeatures {
    let mut counts: FxHashMap<u32, f32> = FxHashMap::default();
    let mut add = |vocab: &mut Vocabulary,
                   text: &str,
                   w: f32,
                   tokens: Option<&mut Vec<u64>>,
                   numbers: Option<&mut Vec<String>>| {
        let mut tokens = tokens;
        let mut numbers = numbers;
        analyzer.analyze_with(text, |t| {
            if let Some(tk) = tokens.as_deref_mut() {
                tk.push(hash_str(t.normalized));
            }
            if t.token.kind == TokenKind::Number || t.token.kind == TokenKind::Percent {
                if let Some(n) = numbers.as_deref_mut() {
                    n.push(t.normalized.to_string());
                }
            }
            if t.stopword || t.stem.chars().count() < 2 || t.token.kind != TokenKind::Word {
                return;
            }
            let id = vocab.intern(t.stem, t.token.text);
            *counts.entry(id).or_insert(0.0) += w;
        });
    };
    // Generic one- or two-word titles ("بيان", "تصريح صحفي") say nothing
    // about the event: they count like body words.
    let mut title_terms = 0;
    analyzer.analyze_with(title, |t| {
        if !t.stopword && t.token.kind == TokenKind::Word {
            title_terms += 1;
        }
    });
    let title_weight = if title_terms >= 3 { TITLE_WEIGHT } else { 1.0 };
    add(vocab, title, title_weight, None, None);
    let mut toks = Vec::new();
    let mut numbers = Vec::new();
    add(vocab, body, 1.0, Some(&mut toks), Some(&mut numbers));
    for e in entities {
        let key = format!("{ENTITY_PREFIX}{e}");
        let id = vocab.intern(&key, &key);
        *counts.entry(id).or_insert(0.0) += ENTITY_WEIGHT;
    }
    let sh = shingles(&toks, SHINGLE_WORDS);
    let lead = shingles(&toks[..toks.len().min(LEAD_WORDS)], SHINGLE_WORDS);
    let signature = (!sh.is_empty()).then(|| signature(&sh));
    let mut counts: Vec<(u32, f32)> = counts.into_iter().collect();
    counts.sort_unstable_by_key(|&(t, _)| t);
    numbers.sort();
    numbers.dedup();
    RawFeatures { counts, signature, shingles: sh, lead, numbers }
}

/// A sparse vector sorted by term id, L2-normalised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVec(pub Vec<(u32, f32)>);

impl SparseVec {
    /// TF-IDF weights (log-scaled term frequency), top [`VECTOR_TERMS`] kept, normalised.
    pub fn tfidf(counts: &[(u32, f32)], vocab: &Vocabulary) -> SparseVec {
        let mut v: Vec<(u32, f32)> = counts.iter().map(|&(t, c)| (t, (1.0 + c.ln()) * vocab.idf(t))).collect();
        if v.len() > VECTOR_TERMS {
            v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(VECTOR_TERMS);
        }
        v.sort_unstable_by_key(|&(t, _)| t);
        let mut s = SparseVec(v);
        s.normalise();
        s
    }

    /// Scale to unit length (no-op for the zero vector).
    pub fn normalise(&mut self) {
        let n: f32 = self.0.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if n > 0.0 {
            for (_, w) in &mut self.0 {
                *w /= n;
            }
        }
    }

    /// Dot product with another sorted vector.
    pub fn dot(&self, other: &SparseVec) -> f32 {
        let (mut i, mut j, mut s) = (0, 0, 0.0);
        let (a, b) = (&self.0, &other.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        s
    }

    /// Terms by descending weight.
    pub fn top_terms(&self, k: usize) -> Vec<(u32, f32)> {
        let mut v = self.0.clone();
        v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(k);
        v
    }
}

/// One vector spread over a dense array indexed by term id, so that its dot
/// product with many others costs one lookup per term of theirs instead of
/// a merge of two sorted lists (the story stage scores each article against
/// hundreds of stories and their first reports). Gives the same sums, bit
/// for bit, as [`SparseVec::dot`]: the products are the same and are added
/// in the same term order, the terms not shared adding zero.
#[derive(Debug, Clone, Default)]
pub struct DenseQuery {
    weights: Vec<f32>,
    loaded: Vec<u32>,
}

impl DenseQuery {
    /// Load `v`, replacing the vector loaded before.
    pub fn load(&mut self, v: &SparseVec) {
        for &t in &self.loaded {
            self.weights[t as usize] = 0.0;
        }
        self.loaded.clear();
        for &(t, w) in &v.0 {
            let i = t as usize;
            if i >= self.weights.len() {
                self.weights.resize(i + 1, 0.0);
            }
            self.weights[i] = w;
            self.loaded.push(t);
        }
    }

    /// Dot product of the loaded vector with `other`.
    #[inline]
    pub fn dot(&self, other: &SparseVec) -> f32 {
        let mut s = 0.0f32;
        for &(t, w) in &other.0 {
            // A term not loaded adds 0.0, which leaves the sum as it is.
            s += self.weights.get(t as usize).copied().unwrap_or(0.0) * w;
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_terms_weigh_more_and_vectors_are_unit() {
        let an = Analyzer::default();
        let mut vocab = Vocabulary::default();
        let f = raw_features(
            &an,
            &mut vocab,
            "زلزال يضرب ملاطية",
            "ضرب زلزال قوي مدينة ملاطية صباح اليوم وأعلنت السلطات 12 وفاة.",
            &["loc-1".to_string()],
        );
        let ent = vocab.intern(&format!("{ENTITY_PREFIX}loc-1"), "");
        assert!(f.counts.iter().any(|&(t, w)| t == ent && w == ENTITY_WEIGHT), "entity ids count as terms");
        vocab.count_document(&f.counts);
        let v = SparseVec::tfidf(&f.counts, &vocab);
        let norm: f32 = v.0.iter().map(|(_, w)| w * w).sum();
        assert!((norm - 1.0).abs() < 1e-4);
        assert!((v.dot(&v) - 1.0).abs() < 1e-4);
        assert_eq!(f.numbers, vec!["12".to_string()]);
        assert!(f.signature.is_some());
    }

    #[test]
    fn features_on_several_threads_intern_like_one() {
        let texts: Vec<(String, String, Vec<String>)> = (0..12)
            .map(|i| {
                (
                    format!("عنوان الخبر رقم {i} عن أمطار جازان"),
                    format!(
                        "هطلت أمطار غزيرة على جازان وأبها في اليوم {i}، وقال الدفاع المدني إن السيول قطعت {} طرق.",
                        i % 4
                    ),
                    vec![format!("loc-{}", i % 3)],
                )
            })
            .collect();
        let articles: Vec<(&str, &str, &[String])> =
            texts.iter().map(|(t, b, e)| (t.as_str(), b.as_str(), e.as_slice())).collect();
        let mut one = Vocabulary::with_background(Background::builtin());
        let a = raw_features_split(&articles, &mut one, 1);
        for threads in [2, 3, 5] {
            let mut many = Vocabulary::with_background(Background::builtin());
            let b = raw_features_split(&articles, &mut many, threads);
            assert_eq!(one.display, many.display, "{threads} threads: same terms in the same id order");
            assert_eq!(one.ids, many.ids);
            assert_eq!(one.bg_df, many.bg_df);
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(x.counts, y.counts);
                assert_eq!(x.shingles, y.shingles);
                assert_eq!(x.numbers, y.numbers);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn dense_query_dot_is_the_sparse_dot(
            a in proptest::collection::btree_map(0u32..200, 0.01f32..3.0, 0..40),
            b in proptest::collection::btree_map(0u32..200, 0.01f32..3.0, 0..40),
            c in proptest::collection::btree_map(0u32..300, 0.01f32..3.0, 0..40),
        ) {
            let mut va = SparseVec(a.into_iter().collect());
            let mut vb = SparseVec(b.into_iter().collect());
            let mut vc = SparseVec(c.into_iter().collect());
            va.normalise();
            vb.normalise();
            vc.normalise();
            let mut q = DenseQuery::default();
            q.load(&vc);
            q.load(&va);
            // Bit for bit: the story map must not change with the method.
            proptest::prop_assert_eq!(q.dot(&vb).to_bits(), va.dot(&vb).to_bits());
            proptest::prop_assert_eq!(q.dot(&vc).to_bits(), va.dot(&vc).to_bits());
        }
    }

    /// Vectors of `docs` (title, body) over one batch, with or without a background.
    fn batch(docs: &[(&str, &str)], background: Option<&'static Background>) -> Vec<SparseVec> {
        let an = Analyzer::default();
        let mut vocab = background.map(Vocabulary::with_background).unwrap_or_default();
        let raws: Vec<RawFeatures> = docs.iter().map(|(t, b)| raw_features(&an, &mut vocab, t, b, &[])).collect();
        for r in &raws {
            vocab.count_document(&r.counts);
        }
        raws.iter().map(|r| SparseVec::tfidf(&r.counts, &vocab)).collect()
    }

    #[test]
    fn background_tables_are_counted_and_parsed_back() {
        let tsv = Background::count(
            [
                ("أمطار غزيرة", "هطلت أمطار غزيرة على جازان"),
                ("الأمطار تعود", "عادت الأمطار إلى أبها"),
                ("زلزال", "ضرب زلزال ملاطية"),
            ],
            2,
        );
        let bg = Background::parse(&tsv).unwrap();
        assert_eq!(bg.docs, 3);
        // أمطار / الأمطار share a stem found in two articles; جازان is in one.
        assert_eq!(bg.df("امطار"), 2);
        assert_eq!(bg.df("جازان"), 0, "stems under min_df are left out");
        assert!(Background::parse("docs\t3\nabc\tx\n").unwrap_err().contains("line 2"));
        assert!(Background::parse("abc\t4\n").is_err(), "a table needs its docs line");
    }

    #[test]
    fn the_builtin_background_weighs_common_words_low_and_keeps_entities_out() {
        let bg = Background::builtin();
        assert!(bg.docs > 10_000 && bg.len() > 10_000, "the built-in table is the SaudiNewsNet one");
        let an = Analyzer::default();
        let stem = |w: &str| {
            let mut out = String::new();
            an.analyze_with(w, |t| out = t.stem.to_string());
            out
        };
        let mut vocab = Vocabulary::with_background(bg);
        let common = vocab.intern(&stem("وزير"), "وزير");
        let rare = vocab.intern(&stem("ملاطية"), "ملاطية");
        let entity = vocab.intern(&format!("{ENTITY_PREFIX}loc-1"), "");
        // One article of one batch holds all three: only the background tells them apart.
        vocab.docs = 1;
        vocab.df = vec![1, 1, 1];
        assert!(vocab.idf(common) < vocab.idf(rare));
        assert_eq!(vocab.idf(entity), 1.0 + (2.0f32 / 2.0).ln(), "entity ids take the batch's own IDF");
    }

    #[test]
    fn a_small_batch_with_the_background_brings_two_reports_of_one_event_closer() {
        let docs = [
            (
                "سيول جازان: إنقاذ 63 محتجزاً",
                "أعلنت المديرية العامة للدفاع المدني اليوم إنقاذ 63 شخصاً احتجزتهم السيول في محافظة صبيا بمنطقة جازان بعد هطول أمطار غزيرة.",
            ),
            (
                "ارتفاع وفيات سيول جازان إلى سبعة",
                "ارتفع عدد الوفيات جراء السيول التي شهدتها منطقة جازان إلى سبعة، وأعلن الدفاع المدني أن الفرق ما زالت تعمل في صبيا.",
            ),
            ("الهلال يفوز على الاتحاد", "فاز الهلال على الاتحاد بهدفين دون رد في الجولة السادسة والعشرين من الدوري."),
            ("وزير الصحة يفتتح مستشفى", "افتتح وزير الصحة اليوم مستشفى جديداً في الأحساء بسعة 300 سرير."),
        ];
        let alone = batch(&docs, None);
        let blended = batch(&docs, Some(Background::builtin()));
        let (a, b) = (alone[0].dot(&alone[1]), blended[0].dot(&blended[1]));
        assert!(b > a, "same-event cosine with the background {b:.3} should exceed the batch-only {a:.3}");
        assert!(blended[0].dot(&blended[2]) < 0.1, "unrelated reports stay apart");
    }
}
