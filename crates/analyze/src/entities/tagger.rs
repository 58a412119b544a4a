//! The sequence tagger: a structured averaged perceptron (Collins 2002) over
//! BIO tags with first-order Viterbi decoding and hashed features.
//!
//! Why this model: it trains on ANERcorp's 125k tokens in seconds on one
//! core, is deterministic given a seed, tags at several MB/s, and with the
//! Arabic-specific features of [`features`](super::features) its 5-fold
//! cross-validated F1 is reported in `models/README.md`. Ill-formed BIO
//! sequences (`O` → `I-LOC`) are forbidden during decoding, so every span is
//! well formed.
//!
//! The model file (`models/ner.bin`, embedded in the library) stores the
//! averaged weights of the buckets that were ever updated, quantised to 16
//! bits, with the transition scores and a JSON note of how it was trained.

use std::sync::{Arc, OnceLock};

use marsad_arabic::tokenize::{tokenize, Token, TokenKind};
use serde::{Deserialize, Serialize};

use super::features::{sequence_features, Clusters, FEATURE_VERSION};
use super::gazetteer::{Gazetteer, ALIASES_TSV, CLDR_REGIONS_TSV};
use super::prior::TagPrior;
use super::{bio_spans, EntityKind, Tag};

const N: usize = Tag::COUNT;
const MAGIC: &[u8; 8] = b"MRSDNER1";

/// The trained model shipped with the crate.
const BUILTIN: &[u8] = include_bytes!("../../models/ner.bin");

/// Training settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the sentence shuffling.
    pub seed: u64,
    /// log2 of the number of feature buckets.
    pub bits: u32,
    /// Perceptrons trained, each on its own shuffling of the sentences
    /// (seeds `seed`, `seed + 1`, …), whose averaged weights are averaged
    /// again into the model: one model's tagging cost, less of one
    /// shuffling's luck.
    #[serde(default = "one_run")]
    pub runs: usize,
}

fn one_run() -> usize {
    1
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 15, seed: 20250208, bits: 20, runs: 3 }
    }
}

/// Everything stored about how a model was trained.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// Free text: data, command, date.
    pub note: String,
    /// The options used.
    pub options: Option<TrainOptions>,
    /// Training sentences and tokens.
    pub sentences: usize,
    /// Training tokens.
    pub tokens: usize,
}

/// An error reading a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NER model: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

/// A named-entity tagger.
#[derive(Clone, Debug)]
pub struct Tagger {
    bits: u32,
    weights: Vec<f32>,
    /// `trans[(prev + 1) * N + next]`; row 0 is the sequence start.
    trans: Vec<f32>,
    clusters_checksum: u64,
    gazetteer_checksum: u64,
    /// The corpus tag prior the model was trained with and tags with.
    prior: Arc<TagPrior>,
    info: ModelInfo,
}

/// A span the tagger found, in byte offsets of the tagged text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawMention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Its kind.
    pub kind: EntityKind,
    /// Index of the first token (in [`Tagger::recognize_tokens`] order).
    pub first_token: usize,
    /// One past the last token.
    pub end_token: usize,
}

fn gazetteer_checksum() -> u64 {
    super::features::hash_bytes(0x6a2, ALIASES_TSV.as_bytes())
        ^ super::features::hash_bytes(0xc1d, CLDR_REGIONS_TSV.as_bytes())
}

impl Tagger {
    /// The model shipped with the crate (an empty model that tags nothing
    /// if the embedded file is missing or unreadable).
    pub fn builtin() -> &'static Tagger {
        static T: OnceLock<Tagger> = OnceLock::new();
        T.get_or_init(|| Tagger::from_bytes(BUILTIN).unwrap_or_else(|_| Tagger::empty(16)))
    }

    /// A fingerprint of the model shipped with the crate. The model file
    /// records the checksums of the tables it was trained with (clusters,
    /// gazetteer and aliases, tag prior), so the fingerprint changes with any
    /// of them: stores use it to tell analyses made with another model.
    pub fn builtin_fingerprint() -> u64 {
        super::features::hash_bytes(0xf1_6e_7a, BUILTIN)
    }

    /// A model with all weights zero.
    pub fn empty(bits: u32) -> Tagger {
        let bits = bits.clamp(8, 26);
        Tagger {
            bits,
            weights: vec![0.0; (1usize << bits) * N],
            trans: vec![0.0; (N + 1) * N],
            clusters_checksum: Clusters::builtin().checksum(),
            gazetteer_checksum: gazetteer_checksum(),
            prior: TagPrior::builtin(),
            info: ModelInfo::default(),
        }
    }

    /// How the model was trained.
    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// Whether the model was trained with the word clusters, alias table and
    /// tag prior compiled into this library.
    pub fn matches_tables(&self) -> bool {
        self.clusters_checksum == Clusters::builtin().checksum()
            && self.gazetteer_checksum == gazetteer_checksum()
            && self.prior.checksum() == TagPrior::builtin().checksum()
    }

    /// The corpus tag prior the model uses.
    pub fn prior(&self) -> &TagPrior {
        &self.prior
    }

    #[inline]
    fn mask(&self) -> u64 {
        (1u64 << self.bits) - 1
    }

    fn emissions(&self, offsets: &[usize], feats: &[u64], out: &mut Vec<[f32; N]>) {
        out.clear();
        let mask = self.mask();
        for w in offsets.windows(2) {
            let mut e = [0f32; N];
            for &f in &feats[w[0]..w[1]] {
                let b = ((f & mask) as usize) * N;
                let row = &self.weights[b..b + N];
                for t in 0..N {
                    e[t] += row[t];
                }
            }
            out.push(e);
        }
    }

    fn viterbi(&self, em: &[[f32; N]], trans: &[f32]) -> Vec<Tag> {
        let n = em.len();
        if n == 0 {
            return Vec::new();
        }
        const NEG: f32 = f32::NEG_INFINITY;
        let mut back = vec![[0u8; N]; n];
        let mut score = [NEG; N];
        for t in 0..N {
            if !Tag::from_index(t).is_inside() {
                score[t] = trans[t] + em[0][t];
            }
        }
        for i in 1..n {
            let mut next = [NEG; N];
            for t in 0..N {
                let tt = Tag::from_index(t);
                let mut best = NEG;
                let mut arg = 0u8;
                for p in 0..N {
                    if score[p] == NEG || !Tag::from_index(p).allows(tt) {
                        continue;
                    }
                    let s = score[p] + trans[(p + 1) * N + t];
                    if s > best {
                        best = s;
                        arg = p as u8;
                    }
                }
                if best > NEG {
                    next[t] = best + em[i][t];
                    back[i][t] = arg;
                }
            }
            score = next;
        }
        let mut best = 0;
        for t in 1..N {
            if score[t] > score[best] {
                best = t;
            }
        }
        let mut tags = vec![Tag::O; n];
        let mut cur = best;
        for i in (0..n).rev() {
            tags[i] = Tag::from_index(cur);
            cur = back[i][cur] as usize;
        }
        tags
    }

    /// Tag one sequence of tokens (original spellings).
    pub fn tag(&self, tokens: &[&str]) -> Vec<Tag> {
        let (offsets, feats) = sequence_features(tokens, Gazetteer::builtin(), Clusters::builtin(), &self.prior);
        let mut em = Vec::with_capacity(tokens.len());
        self.emissions(&offsets, &feats, &mut em);
        self.viterbi(&em, &self.trans)
    }

    /// Tokenise `text` with [`marsad_arabic::tokenize`], tag it sentence by
    /// sentence (a sentence ends at `.` `!` `?` `؟` or a line break) and
    /// return the tokens' byte ranges and tags. Each sentence on its own: the
    /// corpus tag prior is counted this way; [`Tagger::recognize`] reads the
    /// text as one document.
    pub fn tag_text(&self, text: &str) -> (Vec<(usize, usize)>, Vec<Tag>) {
        let toks = tokenize(text);
        let tags = self.tag_tokens(text, &toks);
        (toks.iter().map(|t| (t.start, t.end)).collect(), tags)
    }

    /// Tag tokens of `text` (from [`marsad_arabic::tokenize`]) sentence by
    /// sentence.
    pub fn tag_tokens(&self, text: &str, toks: &[Token<'_>]) -> Vec<Tag> {
        let mut tags = Vec::with_capacity(toks.len());
        let mut seq: Vec<&str> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            seq.push(t.text);
            let last = i + 1 == toks.len();
            let ends = t.kind == TokenKind::Punct && matches!(t.text.chars().next(), Some('.' | '!' | '?' | '؟'));
            let newline = !last && text.get(t.end..toks[i + 1].start).is_some_and(|gap| gap.contains('\n'));
            if ends || newline || last || seq.len() >= 400 {
                tags.extend(self.tag(&seq));
                seq.clear();
            }
        }
        tags
    }

    /// Tag a whole document's tokens (of `text`, from
    /// [`marsad_arabic::tokenize`]): [`Tagger::tag_tokens`], then the
    /// preposition `على` taken out of names and the names found spread to
    /// their untagged repetitions (see
    /// [`read_as_document`](super::consistency::read_as_document)).
    pub fn tag_document(&self, text: &str, toks: &[Token<'_>]) -> Vec<Tag> {
        let mut tags = self.tag_tokens(text, toks);
        let words: Vec<&str> = toks.iter().map(|t| t.text).collect();
        super::consistency::read_as_document(&words, &mut tags, &self.prior);
        tags
    }

    /// The entity spans of `text`, read as one document
    /// ([`Tagger::tag_document`]).
    pub fn recognize(&self, text: &str) -> Vec<RawMention> {
        let toks = tokenize(text);
        let tags = self.tag_document(text, &toks);
        let ranges: Vec<(usize, usize)> = toks.iter().map(|t| (t.start, t.end)).collect();
        bio_spans(&tags)
            .into_iter()
            .map(|(s, e, kind)| RawMention {
                start: ranges[s].0,
                end: ranges[e - 1].1,
                kind,
                first_token: s,
                end_token: e,
            })
            .collect()
    }

    /// Train a model on tagged sentences (tokens and gold tags), with the
    /// tag prior shipped with the crate.
    pub fn train(sentences: &[(Vec<String>, Vec<Tag>)], opts: &TrainOptions) -> Tagger {
        Tagger::train_with_prior(sentences, opts, TagPrior::builtin())
    }

    /// Train with a given tag prior ([`TagPrior::empty`] for the first
    /// stage); the model keeps it for tagging.
    pub fn train_with_prior(
        sentences: &[(Vec<String>, Vec<Tag>)],
        opts: &TrainOptions,
        prior: Arc<TagPrior>,
    ) -> Tagger {
        let gaz = Gazetteer::builtin();
        let clusters = Clusters::builtin();
        let data: Vec<(Vec<usize>, Vec<u64>, &[Tag])> = sentences
            .iter()
            .filter(|(t, g)| !t.is_empty() && t.len() == g.len())
            .map(|(toks, gold)| {
                let refs: Vec<&str> = toks.iter().map(String::as_str).collect();
                let (o, f) = sequence_features(&refs, gaz, clusters, &prior);
                (o, f, gold.as_slice())
            })
            .collect();
        let mut model = Tagger::empty(opts.bits);
        model.prior = prior;
        let runs = opts.runs.max(1);
        let (mut weights, mut trans) = (vec![0f64; model.weights.len()], vec![0f64; model.trans.len()]);
        for run in 0..runs {
            let seed = opts.seed.wrapping_add(run as u64);
            perceptron_run(opts.bits, &data, opts.epochs, seed, &mut weights, &mut trans);
        }
        model.weights = weights.into_iter().map(|w| (w / runs as f64) as f32).collect();
        model.trans = trans.into_iter().map(|w| (w / runs as f64) as f32).collect();
        model.info = ModelInfo {
            note: String::new(),
            options: Some(opts.clone()),
            sentences: data.len(),
            tokens: data.iter().map(|d| d.2.len()).sum(),
        };
        model
    }

    /// Set the free-text note stored with the model.
    pub fn set_note(&mut self, note: impl Into<String>) {
        self.info.note = note.into();
    }

    /// Serialise: averaged weights of non-zero buckets quantised to `i16`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&self.clusters_checksum.to_le_bytes());
        out.extend_from_slice(&self.gazetteer_checksum.to_le_bytes());
        out.extend_from_slice(&self.prior.checksum().to_le_bytes());
        let info = serde_json::to_vec(&self.info).unwrap_or_default();
        out.extend_from_slice(&(info.len() as u32).to_le_bytes());
        out.extend_from_slice(&info);
        for t in &self.trans {
            out.extend_from_slice(&t.to_le_bytes());
        }
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        out.extend_from_slice(&scale.to_le_bytes());
        let rows: Vec<(usize, [i16; N])> = self
            .weights
            .chunks_exact(N)
            .enumerate()
            .filter_map(|(i, row)| {
                let mut q = [0i16; N];
                for t in 0..N {
                    q[t] = (row[t] / scale).round().clamp(-32767.0, 32767.0) as i16;
                }
                q.iter().any(|v| *v != 0).then_some((i, q))
            })
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        let mut prev = 0usize;
        for (i, q) in rows {
            write_varint(&mut out, (i - prev) as u64);
            prev = i;
            for v in q {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    /// Read a model written by [`Tagger::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<Tagger, ModelError> {
        let mut r = Reader { b, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError("not a marsad NER model (bad magic)".into()));
        }
        let version = r.u32()?;
        if version != FEATURE_VERSION {
            return Err(ModelError(format!("feature version {version}, this library has {FEATURE_VERSION}: retrain")));
        }
        let bits = r.u32()?;
        if !(8..=26).contains(&bits) {
            return Err(ModelError(format!("bad bucket bits {bits}")));
        }
        let clusters_checksum = r.u64()?;
        let gazetteer_checksum = r.u64()?;
        let prior_checksum = r.u64()?;
        // A model is always read with the shipped prior; one trained with
        // another table no longer matches it (see `matches_tables`).
        let builtin_prior = TagPrior::builtin();
        let prior = if prior_checksum == builtin_prior.checksum() {
            builtin_prior
        } else {
            Arc::new(TagPrior::empty_with_checksum(prior_checksum))
        };
        let ilen = r.u32()? as usize;
        let info: ModelInfo =
            serde_json::from_slice(r.take(ilen)?).map_err(|e| ModelError(format!("bad info: {e}")))?;
        let mut trans = vec![0f32; (N + 1) * N];
        for t in &mut trans {
            *t = r.f32()?;
        }
        let scale = r.f32()?;
        let nrows = r.u32()? as usize;
        let nb = 1usize << bits;
        let mut weights = vec![0f32; nb * N];
        let mut idx = 0usize;
        for k in 0..nrows {
            let d = r.varint()? as usize;
            idx = if k == 0 { d } else { idx + d };
            if idx >= nb {
                return Err(ModelError("bucket out of range".into()));
            }
            for t in 0..N {
                let v = i16::from_le_bytes([r.byte()?, r.byte()?]);
                weights[idx * N + t] = v as f32 * scale;
            }
        }
        Ok(Tagger { bits, weights, trans, clusters_checksum, gazetteer_checksum, prior, info })
    }
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end =
            self.at.checked_add(n).filter(|e| *e <= self.b.len()).ok_or_else(|| ModelError("truncated".into()))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn byte(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(u64::from_le_bytes(a))
    }
    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(ModelError("bad varint".into()))
    }
}

/// One averaged perceptron (2^`bits` buckets) trained from zero weights on
/// `data`, sentences shuffled by `seed`; its averaged emission and
/// transition weights are added to `weights` and `trans`.
fn perceptron_run(
    bits: u32,
    data: &[(Vec<usize>, Vec<u64>, &[Tag])],
    epochs: usize,
    seed: u64,
    weights: &mut [f64],
    trans: &mut [f64],
) {
    let mut model = Tagger::empty(bits);
    let mask = model.mask();
    let nw = model.weights.len();
    // Sums of c * update for the averaging trick (Daumé's lazy average).
    let mut acc_w = vec![0f64; nw];
    let mut acc_t = vec![0f64; model.trans.len()];
    let mut c: f64 = 1.0;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = SplitMix(seed);
    let mut em = Vec::new();
    for _ in 0..epochs {
        // Fisher–Yates with the seeded generator.
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &si in &order {
            let (offsets, feats, gold) = &data[si];
            model.emissions(offsets, feats, &mut em);
            let pred = model.viterbi(&em, &model.trans);
            if pred.as_slice() != *gold {
                for i in 0..gold.len() {
                    let (g, p) = (gold[i].index(), pred[i].index());
                    if g != p {
                        for &f in &feats[offsets[i]..offsets[i + 1]] {
                            let b = ((f & mask) as usize) * N;
                            model.weights[b + g] += 1.0;
                            model.weights[b + p] -= 1.0;
                            acc_w[b + g] += c;
                            acc_w[b + p] -= c;
                        }
                    }
                    let gp = if i == 0 { 0 } else { gold[i - 1].index() + 1 };
                    let pp = if i == 0 { 0 } else { pred[i - 1].index() + 1 };
                    if (gp, g) != (pp, p) {
                        model.trans[gp * N + g] += 1.0;
                        model.trans[pp * N + p] -= 1.0;
                        acc_t[gp * N + g] += c;
                        acc_t[pp * N + p] -= c;
                    }
                }
            }
            c += 1.0;
        }
    }
    for (sum, (w, a)) in weights.iter_mut().zip(model.weights.iter().zip(&acc_w)) {
        *sum += *w as f64 - a / c;
    }
    for (sum, (w, a)) in trans.iter_mut().zip(model.trans.iter().zip(&acc_t)) {
        *sum += *w as f64 - a / c;
    }
}

/// SplitMix64: a small, seedable generator (no dependency).
pub(crate) struct SplitMix(pub u64);

impl SplitMix {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<(Vec<String>, Vec<Tag>)> {
        let raw = "O:زار B-PERS:محمد I-PERS:علي B-LOC:القاهرة
O:قال B-PERS:أحمد I-PERS:سالم O:في B-LOC:الرياض
B-ORG:وزارة I-ORG:الصحة O:أعلنت O:اليوم
O:وصل B-PERS:خالد O:إلى B-LOC:جدة";
        raw.lines()
            .map(|l| {
                let mut toks = Vec::new();
                let mut tags = Vec::new();
                for p in l.split(' ') {
                    let (t, w) = p.split_once(':').unwrap();
                    toks.push(w.to_string());
                    tags.push(Tag::parse(t).unwrap());
                }
                (toks, tags)
            })
            .collect()
    }

    #[test]
    fn learns_toy_data_and_round_trips() {
        let data = toy();
        let opts = TrainOptions { epochs: 10, seed: 1, bits: 16, runs: 2 };
        let m = Tagger::train(&data, &opts);
        for (toks, gold) in &data {
            let refs: Vec<&str> = toks.iter().map(String::as_str).collect();
            assert_eq!(&m.tag(&refs), gold);
        }
        let bytes = m.to_bytes();
        let m2 = Tagger::from_bytes(&bytes).unwrap();
        let refs: Vec<&str> = data[0].0.iter().map(String::as_str).collect();
        assert_eq!(m2.tag(&refs), m.tag(&refs));
        assert_eq!(m2.info().options, Some(opts.clone()));
        // Deterministic given the seed.
        assert_eq!(Tagger::train(&data, &opts).to_bytes(), bytes);
    }

    #[test]
    fn runs_are_averaged() {
        // Two runs are the mean of the single runs with seeds s and s + 1.
        let data = toy();
        let one = |seed| Tagger::train(&data, &TrainOptions { epochs: 4, seed, bits: 12, runs: 1 });
        let (a, b) = (one(5), one(6));
        let both = Tagger::train(&data, &TrainOptions { epochs: 4, seed: 5, bits: 12, runs: 2 });
        assert_ne!(a.weights, b.weights, "the shufflings differ");
        for ((x, y), m) in a.weights.iter().zip(&b.weights).zip(&both.weights) {
            assert!((((*x as f64 + *y as f64) / 2.0) as f32 - m).abs() < 1e-4);
        }
        for ((x, y), m) in a.trans.iter().zip(&b.trans).zip(&both.trans) {
            assert!((((*x as f64 + *y as f64) / 2.0) as f32 - m).abs() < 1e-4);
        }
    }

    #[test]
    fn bad_model_files_are_errors() {
        assert!(Tagger::from_bytes(b"").is_err());
        assert!(Tagger::from_bytes(b"MRSDNER1\x00").is_err());
        let mut b = Tagger::empty(8).to_bytes();
        b.truncate(b.len() - 1);
        assert!(Tagger::from_bytes(&b).is_err());
    }

    #[test]
    fn builtin_model_loads_and_matches_tables() {
        let m = Tagger::from_bytes(BUILTIN).expect("models/ner.bin loads");
        assert!(m.matches_tables(), "retrain: aliases.tsv, cldr-regions-ar.tsv, clusters.tsv or tag-prior.tsv changed");
        let spans = m.recognize("وقال الرئيس الأمريكي دونالد ترامب في واشنطن إن بكين تهدد تايوان.");
        let texts: Vec<&str> = spans
            .iter()
            .map(|s| &"وقال الرئيس الأمريكي دونالد ترامب في واشنطن إن بكين تهدد تايوان."[s.start..s.end])
            .collect();
        assert!(texts.contains(&"دونالد ترامب"), "{texts:?}");
        assert!(texts.contains(&"واشنطن"), "{texts:?}");
    }

    #[test]
    fn empty_and_odd_inputs() {
        let m = Tagger::builtin();
        assert!(m.recognize("").is_empty());
        let _ = m.recognize("...   \n\n ؟؟ 123 abc");
        assert_eq!(m.tag(&[]), Vec::<Tag>::new());
    }
}
