//! Stemmer comparison: vocabulary conflation and same-story retrieval.
//!
//! [`evaluate_stemmers`] takes a document collection (id, text) and hand
//! labelled pairs (`story-pairs-dev`: label 4 same report, 3 same event,
//! 2 related, 1 unrelated) and measures, for each stemmer:
//!
//! * **vocabulary**: distinct word forms after Search normalisation and
//!   distinct stems (how much the stemmer conflates);
//! * **MAP (pool)**: every document of the labelled pairs that has a partner
//!   labelled ≥ 3 is a query; the other documents of the pairs are ranked by
//!   TF-IDF cosine over stemmed, non-stopword terms; its ≥ 3 partners are the
//!   relevant ones. Unlabelled documents count as not relevant.
//! * **MAP (same event)**: as MAP (pool), but only label-3 partners (same
//!   event, *different* report) are relevant and label-4 partners (copies)
//!   are left out of the ranking: retrieval that exact wording cannot do
//!   alone, where stemming should matter most;
//! * **MAP (title)**: the query is only the first line (the title) of the
//!   query document; short queries are where conflation should help;
//! * **MAP (corpus)**: the same queries ranked against the whole collection —
//!   harder, and a lower bound, because wire copies of the same story that
//!   nobody labelled count as misses for every stemmer alike;
//! * **pair AUC**: the probability that a ≥ 3 pair is more similar than a
//!   ≤ 2 pair (threshold-free separability of the labelled pairs).
//!
//! TF-IDF: weight `(1 + ln tf) · ln(N / df)`, vectors L2-normalised, IDF over
//! the whole collection. Numbers, hashtags and Latin words take part
//! unstemmed for every stemmer.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use crate::analyzer::Analyzer;
use crate::normalize::NormalizeOptions;
use crate::stem::{light_stem_with, LightStemParams};
use crate::stopwords::is_stopword_token;
use crate::tokenize::TokenKind;

/// A labelled pair of document ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelledPair {
    /// First document id (URL).
    pub a: String,
    /// Second document id.
    pub b: String,
    /// 1 unrelated, 2 related, 3 same event, 4 same report.
    pub label: u8,
}

/// Parse `url_a<TAB>url_b<TAB>label` lines (a header line and blank lines
/// are skipped).
pub fn parse_pairs_tsv(text: &str) -> Vec<LabelledPair> {
    text.lines()
        .filter_map(|l| {
            let mut it = l.split('\t');
            let (a, b, lab) = (it.next()?, it.next()?, it.next()?);
            let label = lab.trim().parse::<u8>().ok()?;
            Some(LabelledPair { a: a.trim().to_string(), b: b.trim().to_string(), label })
        })
        .collect()
}

/// A stemmer to compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalStemmer {
    /// No stemming (Search-normalised forms).
    None,
    /// marsad's light stemmer with these parameters
    /// ([`LightStemParams::MARSAD`] is [`crate::stem::light_stem`]).
    Light(LightStemParams),
    /// Snowball Arabic (`rust-stemmers`) on the Search-normalised form.
    Snowball,
    /// Snowball Arabic on the token as written (Snowball does its own
    /// normalisation of diacritics, hamza forms and digits).
    SnowballRaw,
}

impl EvalStemmer {
    /// A short name for reports.
    pub fn name(&self) -> String {
        match self {
            EvalStemmer::None => "none".into(),
            EvalStemmer::Light(p) if *p == LightStemParams::MARSAD => "marsad-light".into(),
            EvalStemmer::Light(p) if *p == LightStemParams::LIGHT10 => "light10".into(),
            EvalStemmer::Light(p) => format!("light{p:?}"),
            EvalStemmer::Snowball => "snowball".into(),
            EvalStemmer::SnowballRaw => "snowball-raw".into(),
        }
    }

    /// The stemmers compared by default: none, marsad-light, light10,
    /// snowball (normalised input), snowball (raw input).
    pub fn defaults() -> Vec<EvalStemmer> {
        vec![
            EvalStemmer::None,
            EvalStemmer::Light(LightStemParams::MARSAD),
            EvalStemmer::Light(LightStemParams::LIGHT10),
            EvalStemmer::Snowball,
            EvalStemmer::SnowballRaw,
        ]
    }
}

/// The figures of one stemmer.
#[derive(Clone, Debug, PartialEq)]
pub struct StemmerReport {
    /// Its name.
    pub name: String,
    /// Distinct stems of the word forms (stopwords included).
    pub distinct_stems: usize,
    /// Mean average precision, pool ranking.
    pub map_pool: f64,
    /// MAP with label-3 partners relevant and label-4 partners left out.
    pub map_same_event: f64,
    /// MAP with the first line (title) of the query document as the query.
    pub map_title: f64,
    /// Mean average precision, whole-collection ranking.
    pub map_corpus: f64,
    /// Probability that a label ≥ 3 pair scores above a label ≤ 2 pair.
    pub pair_auc: f64,
    /// Seconds spent stemming the distinct forms.
    pub stem_seconds: f64,
    /// Average precision per query, for [`Metric::Pool`], [`Metric::SameEvent`],
    /// [`Metric::Title`], [`Metric::Corpus`] in that order (queries in the same
    /// order for every stemmer), for paired comparisons.
    pub ap: [Vec<f64>; 4],
}

/// A MAP measure of [`StemmerReport`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// MAP (pool).
    Pool = 0,
    /// MAP (same event).
    SameEvent = 1,
    /// MAP (title).
    Title = 2,
    /// MAP (corpus).
    Corpus = 3,
}

/// Two-sided p-value of a paired randomisation (sign-flip) test on per-query
/// differences `a[i] - b[i]`: how often flipping the sign of each difference
/// at random gives a mean difference at least as large as the observed one.
/// Deterministic (fixed seed), 20,000 rounds.
pub fn paired_p_value(a: &[f64], b: &[f64]) -> f64 {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    if d.is_empty() {
        return 1.0;
    }
    let observed = d.iter().sum::<f64>().abs();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let rounds = 20_000;
    let mut extreme = 0;
    for _ in 0..rounds {
        let mut sum = 0.0;
        for &x in &d {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            sum += if state & 1 == 0 { x } else { -x };
        }
        if sum.abs() >= observed - 1e-12 {
            extreme += 1;
        }
    }
    (extreme + 1) as f64 / (rounds + 1) as f64
}

/// What [`evaluate_stemmers`] measured.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalReport {
    /// Documents in the collection (first occurrence of each id).
    pub docs: usize,
    /// Word tokens.
    pub word_tokens: u64,
    /// Distinct word tokens as written.
    pub distinct_surface: usize,
    /// Distinct word tokens after Search normalisation.
    pub distinct_normalized: usize,
    /// Labelled pairs with both documents found.
    pub pairs_used: usize,
    /// Labelled pairs with a document missing from the collection.
    pub pairs_missing: usize,
    /// Queries (documents with a partner labelled ≥ 3).
    pub queries: usize,
    /// Queries for MAP (same event): documents with a label-3 partner.
    pub queries_same_event: usize,
    /// One report per stemmer, in the order asked.
    pub stemmers: Vec<StemmerReport>,
}

impl EvalReport {
    /// A plain-text table of the figures.
    pub fn to_table(&self) -> String {
        let mut s = format!(
            "docs {}  word tokens {}  distinct surface {}  distinct normalised {}  pairs {} (missing {})  queries {} (same event {})\n",
            self.docs,
            self.word_tokens,
            self.distinct_surface,
            self.distinct_normalized,
            self.pairs_used,
            self.pairs_missing,
            self.queries,
            self.queries_same_event
        );
        s.push_str("stemmer          distinct-stems  MAP-pool  MAP-event  MAP-title  MAP-corpus  pair-AUC  stem-s\n");
        for r in &self.stemmers {
            s.push_str(&format!(
                "{:<16} {:>14}  {:>8.4}  {:>9.4}  {:>9.4}  {:>10.4}  {:>8.4}  {:>6.2}\n",
                r.name,
                r.distinct_stems,
                r.map_pool,
                r.map_same_event,
                r.map_title,
                r.map_corpus,
                r.pair_auc,
                r.stem_seconds
            ));
        }
        if let Some(base) = self.stemmers.iter().find(|r| r.name == "marsad-light") {
            s.push_str("paired sign-flip p-values vs marsad-light (pool / event / title / corpus):\n");
            for r in self.stemmers.iter().filter(|r| r.name != base.name) {
                let p: Vec<String> = (0..4).map(|m| format!("{:.3}", paired_p_value(&r.ap[m], &base.ap[m]))).collect();
                s.push_str(&format!("  {:<16} {}\n", r.name, p.join(" / ")));
            }
        }
        s
    }
}

struct Interner {
    ids: HashMap<String, u32>,
    strs: Vec<String>,
}

impl Interner {
    fn new() -> Self {
        Interner { ids: HashMap::new(), strs: Vec::new() }
    }
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.strs.len() as u32;
        self.ids.insert(s.to_string(), i);
        self.strs.push(s.to_string());
        i
    }
}

/// Per normalised form: is it a word, a stopword; the surface id of the
/// first spelling seen (for raw Snowball).
struct FormInfo {
    word: bool,
    stop: bool,
}

/// Compare `stemmers` on `docs` and labelled `pairs`; see the module docs.
pub fn evaluate_stemmers<I, K, T>(docs: I, pairs: &[LabelledPair], stemmers: &[EvalStemmer]) -> EvalReport
where
    I: IntoIterator<Item = (K, T)>,
    K: AsRef<str>,
    T: AsRef<str>,
{
    let analyzer = Analyzer::unstemmed(NormalizeOptions::search());
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut norm = Interner::new();
    let mut surf = Interner::new();
    let mut info: Vec<FormInfo> = Vec::new();
    // Per doc: (surface id, normalised id) of each content token.
    let mut doc_terms: Vec<Vec<(u32, u32)>> = Vec::new();
    // Per doc: how many of its terms are on the first line (the title).
    let mut title_len: Vec<usize> = Vec::new();
    let mut word_tokens = 0u64;
    for (id, text) in docs {
        let id = id.as_ref();
        if index_of.contains_key(id) {
            continue;
        }
        index_of.insert(id.to_string(), doc_terms.len());
        let mut terms = Vec::new();
        let text = text.as_ref();
        let first_line = text.find('\n').unwrap_or(text.len());
        let mut in_title = 0usize;
        analyzer.analyze_with(text, |t| {
            if t.token.start < first_line {
                in_title += 1;
            }
            let word = t.token.kind == TokenKind::Word;
            word_tokens += word as u64;
            let n = norm.id(t.normalized);
            if n as usize == info.len() {
                info.push(FormInfo { word, stop: word && is_stopword_token(t.token.text, t.normalized) });
            }
            let s = if word { surf.id(t.token.text) } else { u32::MAX };
            terms.push((s, n));
        });
        doc_terms.push(terms);
        title_len.push(in_title);
    }
    let n_docs = doc_terms.len();

    // Pairs and queries.
    let mut used: Vec<(usize, usize, u8)> = Vec::new();
    let mut missing = 0;
    for p in pairs {
        match (index_of.get(&p.a), index_of.get(&p.b)) {
            (Some(&a), Some(&b)) if a != b => used.push((a, b, p.label)),
            _ => missing += 1,
        }
    }
    let mut pool: Vec<usize> = used.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    pool.sort_unstable();
    pool.dedup();
    let mut relevant: HashMap<usize, HashSet<usize>> = HashMap::new();
    for &(a, b, l) in &used {
        if l >= 3 {
            relevant.entry(a).or_default().insert(b);
            relevant.entry(b).or_default().insert(a);
        }
    }
    let mut queries: Vec<usize> = relevant.keys().copied().collect();
    queries.sort_unstable();
    let mut same_event: HashMap<usize, HashSet<usize>> = HashMap::new();
    let mut copies: HashMap<usize, HashSet<usize>> = HashMap::new();
    for &(a, b, l) in &used {
        let m = match l {
            3 => &mut same_event,
            4 => &mut copies,
            _ => continue,
        };
        m.entry(a).or_default().insert(b);
        m.entry(b).or_default().insert(a);
    }
    let mut queries_event: Vec<usize> = same_event.keys().copied().collect();
    queries_event.sort_unstable();

    let distinct_normalized = info.iter().filter(|f| f.word).count();
    let mut reports = Vec::new();
    for st in stemmers {
        // Stem every distinct normalised form once.
        let t0 = Instant::now();
        let snowball = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic);
        let mut stems = Interner::new();
        let mut stem_of_norm: Vec<u32> = Vec::with_capacity(norm.strs.len());
        for (i, form) in norm.strs.iter().enumerate() {
            let s: &str = if !info[i].word {
                form
            } else {
                match st {
                    EvalStemmer::None | EvalStemmer::SnowballRaw => form,
                    EvalStemmer::Light(p) => light_stem_with(form, p),
                    EvalStemmer::Snowball => {
                        let x = snowball.stem(form);
                        let id = stems.id(&x);
                        stem_of_norm.push(id);
                        continue;
                    }
                }
            };
            let id = stems.id(s);
            stem_of_norm.push(id);
        }
        let mut stem_of_surf: Vec<u32> = Vec::new();
        if *st == EvalStemmer::SnowballRaw {
            stem_of_surf.reserve(surf.strs.len());
            for form in &surf.strs {
                let x = snowball.stem(form);
                stem_of_surf.push(stems.id(&x));
            }
        }
        let stem_seconds = t0.elapsed().as_secs_f64();
        let term = |s: u32, n: u32| -> u32 {
            if *st == EvalStemmer::SnowballRaw && s != u32::MAX {
                stem_of_surf[s as usize]
            } else {
                stem_of_norm[n as usize]
            }
        };
        let distinct_stems = if *st == EvalStemmer::SnowballRaw {
            stem_of_surf.iter().collect::<HashSet<_>>().len()
        } else {
            (0..info.len()).filter(|&i| info[i].word).map(|i| stem_of_norm[i]).collect::<HashSet<_>>().len()
        };

        // TF-IDF vectors.
        let n_terms = stems.strs.len();
        let mut df = vec![0u32; n_terms];
        let mut tfs: Vec<Vec<(u32, u32)>> = Vec::with_capacity(n_docs);
        for terms in &doc_terms {
            let mut m: HashMap<u32, u32> = HashMap::new();
            for &(s, n) in terms {
                if info[n as usize].stop {
                    continue;
                }
                *m.entry(term(s, n)).or_default() += 1;
            }
            let mut v: Vec<(u32, u32)> = m.into_iter().collect();
            v.sort_unstable();
            for &(t, _) in &v {
                df[t as usize] += 1;
            }
            tfs.push(v);
        }
        let idf: Vec<f32> = df.iter().map(|&d| if d == 0 { 0.0 } else { (n_docs as f32 / d as f32).ln() }).collect();
        let weigh = |v: &[(u32, u32)]| -> Vec<(u32, f32)> {
            let mut w: Vec<(u32, f32)> =
                v.iter().map(|&(t, tf)| (t, (1.0 + (tf as f32).ln()) * idf[t as usize])).collect();
            let norm2: f32 = w.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            if norm2 > 0.0 {
                for x in &mut w {
                    x.1 /= norm2;
                }
            }
            w
        };
        let vecs: Vec<Vec<(u32, f32)>> = tfs.iter().map(|v| weigh(v)).collect();
        // Title vectors, for the queries only.
        let title_vec = |q: usize| -> Vec<(u32, f32)> {
            let mut m: HashMap<u32, u32> = HashMap::new();
            for &(s, n) in &doc_terms[q][..title_len[q]] {
                if !info[n as usize].stop {
                    *m.entry(term(s, n)).or_default() += 1;
                }
            }
            let mut v: Vec<(u32, u32)> = m.into_iter().collect();
            v.sort_unstable();
            weigh(&v)
        };
        let dot = |x: &[(u32, f32)], y: &[(u32, f32)]| -> f32 {
            let (mut i, mut j, mut s) = (0, 0, 0.0f32);
            while i < x.len() && j < y.len() {
                match x[i].0.cmp(&y[j].0) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        s += x[i].1 * y[j].1;
                        i += 1;
                        j += 1;
                    }
                }
            }
            s
        };
        let cos = |a: usize, b: usize| -> f32 { dot(&vecs[a], &vecs[b]) };

        // MAP over the pool.
        let ap = |scores: &[(usize, f32)], rel: &HashSet<usize>| -> f64 {
            // Rank of each relevant doc = 1 + docs scoring strictly higher.
            let mut ranks: Vec<usize> = rel
                .iter()
                .map(|&r| {
                    let sr = scores.iter().find(|x| x.0 == r).map(|x| x.1).unwrap_or(f32::MIN);
                    1 + scores.iter().filter(|x| x.1 > sr).count()
                })
                .collect();
            ranks.sort_unstable();
            let mut sum = 0.0;
            for (k, &r) in ranks.iter().enumerate() {
                sum += (k + 1) as f64 / r.max(k + 1) as f64;
            }
            sum / rel.len() as f64
        };
        let mut map_pool = 0.0;
        let mut map_title = 0.0;
        let (mut ap_pool, mut ap_title, mut ap_same_event, mut ap_corpus) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for &q in &queries {
            let scores: Vec<(usize, f32)> = pool.iter().filter(|&&d| d != q).map(|&d| (d, cos(q, d))).collect();
            let x = ap(&scores, &relevant[&q]);
            ap_pool.push(x);
            map_pool += x;
            let tq = title_vec(q);
            let scores: Vec<(usize, f32)> =
                pool.iter().filter(|&&d| d != q).map(|&d| (d, dot(&tq, &vecs[d]))).collect();
            let x = ap(&scores, &relevant[&q]);
            ap_title.push(x);
            map_title += x;
        }
        map_pool /= queries.len().max(1) as f64;
        map_title /= queries.len().max(1) as f64;
        let mut map_same_event = 0.0;
        let none = HashSet::new();
        for &q in &queries_event {
            let skip = copies.get(&q).unwrap_or(&none);
            let scores: Vec<(usize, f32)> =
                pool.iter().filter(|&&d| d != q && !skip.contains(&d)).map(|&d| (d, cos(q, d))).collect();
            let x = ap(&scores, &same_event[&q]);
            ap_same_event.push(x);
            map_same_event += x;
        }
        map_same_event /= queries_event.len().max(1) as f64;

        // MAP over the whole collection, via an inverted index.
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n_terms];
        for (d, v) in vecs.iter().enumerate() {
            for &(t, w) in v {
                postings[t as usize].push((d as u32, w));
            }
        }
        let mut map_corpus = 0.0;
        let mut acc = vec![0f32; n_docs];
        for &q in &queries {
            acc.iter_mut().for_each(|x| *x = 0.0);
            for &(t, w) in &vecs[q] {
                for &(d, w2) in &postings[t as usize] {
                    acc[d as usize] += w * w2;
                }
            }
            let rel = &relevant[&q];
            let mut ranks: Vec<usize> = rel
                .iter()
                .map(|&r| {
                    let sr = acc[r];
                    1 + acc.iter().enumerate().filter(|&(d, &s)| d != q && s > sr).count()
                })
                .collect();
            ranks.sort_unstable();
            let mut sum = 0.0;
            for (k, &r) in ranks.iter().enumerate() {
                sum += (k + 1) as f64 / r.max(k + 1) as f64;
            }
            ap_corpus.push(sum / rel.len() as f64);
            map_corpus += sum / rel.len() as f64;
        }
        map_corpus /= queries.len().max(1) as f64;

        // Pair AUC.
        let pos: Vec<f32> = used.iter().filter(|p| p.2 >= 3).map(|p| cos(p.0, p.1)).collect();
        let neg: Vec<f32> = used.iter().filter(|p| p.2 <= 2).map(|p| cos(p.0, p.1)).collect();
        let mut wins = 0.0;
        for &p in &pos {
            for &n in &neg {
                wins += if p > n {
                    1.0
                } else if p == n {
                    0.5
                } else {
                    0.0
                };
            }
        }
        let pair_auc = if pos.is_empty() || neg.is_empty() { 0.0 } else { wins / (pos.len() * neg.len()) as f64 };

        reports.push(StemmerReport {
            name: st.name(),
            distinct_stems,
            map_pool,
            map_same_event,
            map_title,
            map_corpus,
            pair_auc,
            stem_seconds,
            ap: [ap_pool, ap_same_event, ap_title, ap_corpus],
        });
    }

    EvalReport {
        docs: n_docs,
        word_tokens,
        distinct_surface: surf.strs.len(),
        distinct_normalized,
        pairs_used: used.len(),
        pairs_missing: missing,
        queries: queries.len(),
        queries_same_event: queries_event.len(),
        stemmers: reports,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_collection() {
        let docs = vec![
            ("a", "أعلنت وزارة الصحة تسجيل إصابات جديدة بفيروس كورونا في الرياض"),
            ("b", "وزارة الصحة تعلن تسجيل الإصابات الجديدة بالفيروس في مدينة الرياض"),
            ("c", "فاز الهلال على النصر في مباراة كرة القدم"),
            ("d", "الهلال يفوز على النصر بهدفين في المباراة"),
            ("e", "ارتفعت أسعار النفط في الأسواق العالمية"),
        ];
        let pairs = parse_pairs_tsv("url_a\turl_b\tlabel\na\tb\t4\nc\td\t3\na\tc\t1\nb\te\t1\nx\ta\t4\n");
        assert_eq!(pairs.len(), 5);
        let r = evaluate_stemmers(docs, &pairs, &EvalStemmer::defaults());
        assert_eq!(r.docs, 5);
        assert_eq!(r.pairs_used, 4);
        assert_eq!(r.pairs_missing, 1);
        assert_eq!(r.queries, 4);
        assert_eq!(r.stemmers.len(), 5);
        for s in &r.stemmers {
            assert!(s.map_pool > 0.0 && s.map_pool <= 1.0, "{s:?}");
            assert!(s.distinct_stems <= r.distinct_surface);
        }
        let light = &r.stemmers[1];
        assert_eq!(light.map_pool, 1.0);
        assert_eq!(light.pair_auc, 1.0);
        assert!(r.to_table().contains("marsad-light"));
    }
}
