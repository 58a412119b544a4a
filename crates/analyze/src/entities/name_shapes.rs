//! How much a word *looks like* a name, for the words the corpus
//! [`TagPrior`](super::prior::TagPrior) never saw.
//!
//! The prior tells the tagger how each of 75,000 SaudiNewsNet words was
//! tagged, but the names it misses most are the ones the corpus never
//! writes: a held-out article about Freud (`فرويد`), Chomsky (`شومسكي`) or
//! Pygmalion (`بجماليون`). Their letters still say something: transliterated
//! names end in `سكي`, `وفيتش`, `ستان` and `يا`, spell vowels with `و` and `ي`
//! where Arabic roots do not, and begin without a verb's prefix. This model
//! learns that from the prior's own table: a softmax over O/PERS/LOC/ORG/MISC
//! on hashed character 1–4-grams of each word (with word-boundary marks),
//! trained on the table's words with the shares of their tags as soft
//! targets. Its guess for a word the prior lacks is a feature of that word
//! (see [`NameShapes::guess_code`]).
//!
//! Measured by the two-stage 5-fold cross-validation on ANERcorp's train
//! part (`marsad eval ner … --unlabelled …`): micro F1 0.750 → 0.755, recall
//! 0.713 → 0.722 at the same precision, every fold up or level.
//!
//! It is trained when a prior is built, deterministically (a fixed
//! visiting order, plain SGD), in about a tenth of a second for the shipped
//! table, so nothing more is stored: the model follows the table, and each
//! cross-validation fold's prior has its own.

use super::features::hash_bytes;
use super::prior::share_bucket;
use super::Tag;

/// Hashed n-gram buckets (2^BITS per class).
const BITS: u32 = 18;
const CLASSES: usize = 5;
/// Passes over the table.
const EPOCHS: usize = 4;
/// The first epoch's step; epoch `e` takes `LEARNING_RATE / (1 + e)`.
/// Measured on the shipped table, every tenth word held out
/// (`examples/ner.rs shapes-eval`): 0.2 fits held-out words better than 1.0
/// (log loss 0.214 against 0.240), and ten epochs instead of four gain
/// little (0.210) for twice the time.
const LEARNING_RATE: f32 = 0.2;
/// The longest character n-gram.
const MAX_N: usize = 4;

/// Bit set in a [`NameShapes::guess_code`], so the tagger weighs a guess
/// apart from a counted prior code.
pub const GUESS_BIT: u16 = 0x8000;

/// The character model (see the module documentation).
#[derive(Clone, Debug, Default)]
pub struct NameShapes {
    /// `weights[bucket * CLASSES + class]`; empty: no model.
    weights: Vec<f32>,
}

/// The hashed n-gram buckets of `key`.
fn grams(key: &str, out: &mut Vec<usize>) {
    out.clear();
    let mut chars: Vec<char> = Vec::with_capacity(key.len() + 2);
    chars.push('^');
    chars.extend(key.chars());
    chars.push('$');
    let mask = (1usize << BITS) - 1;
    let mut buf = [0u8; 4 * MAX_N * 4];
    for n in 1..=MAX_N {
        for w in chars.windows(n) {
            let mut len = 0;
            for c in w {
                len += c.encode_utf8(&mut buf[len..]).len();
            }
            out.push(hash_bytes(0x5e4a + n as u64, &buf[..len]) as usize & mask);
        }
    }
}

/// The class distribution `weights` give a word of n-gram buckets `grams`.
fn probabilities(weights: &[f32], grams: &[usize]) -> [f32; CLASSES] {
    let mut z = [0f32; CLASSES];
    for &b in grams {
        for (zk, wk) in z.iter_mut().zip(&weights[b * CLASSES..b * CLASSES + CLASSES]) {
            *zk += wk;
        }
    }
    softmax(&mut z);
    z
}

fn softmax(z: &mut [f32; CLASSES]) {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - m).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

impl NameShapes {
    /// Train on `(word key, tag counts)` rows, in the order given (a table's
    /// sorted order: the visiting order is then a fixed permutation of it).
    pub fn train(rows: &[(&str, [u32; Tag::COUNT])]) -> NameShapes {
        if rows.is_empty() {
            return NameShapes::default();
        }
        let mut weights = vec![0f32; (1usize << BITS) * CLASSES];
        // Soft targets: the share of each kind among the word's tags.
        let targets: Vec<[f32; CLASSES]> = rows
            .iter()
            .map(|(_, c)| {
                let total: u32 = c.iter().sum();
                let mut t = [0f32; CLASSES];
                t[0] = c[0] as f32;
                for k in 0..4 {
                    t[1 + k] = (c[1 + 2 * k] + c[2 + 2 * k]) as f32;
                }
                t.iter_mut().for_each(|v| *v /= total.max(1) as f32);
                t
            })
            .collect();
        // A fixed permutation (multiplicative stride coprime to the length).
        let n = rows.len();
        let mut stride = 7919 % n.max(1);
        while stride == 0 || gcd(stride, n) != 1 {
            stride += 1;
        }
        let mut g = Vec::new();
        for epoch in 0..EPOCHS {
            let lr = LEARNING_RATE / (1.0 + epoch as f32);
            for i in 0..n {
                let r = (i * stride) % n;
                grams(rows[r].0, &mut g);
                let z = probabilities(&weights, &g);
                // Steps scaled by 1/sqrt(n-grams): long words do not dominate.
                let step = lr / (g.len() as f32).sqrt();
                for &b in &g {
                    let w = &mut weights[b * CLASSES..b * CLASSES + CLASSES];
                    for k in 0..CLASSES {
                        w[k] -= step * (z[k] - targets[r][k]);
                    }
                }
            }
        }
        NameShapes { weights }
    }

    /// Whether a model was trained.
    pub fn is_trained(&self) -> bool {
        !self.weights.is_empty()
    }

    /// The model's distribution over O, PERS, LOC, ORG, MISC for `key` (a
    /// prior key: Search-normalised, clitics off); `None` without a model.
    pub fn predict(&self, key: &str) -> Option<[f32; CLASSES]> {
        if self.weights.is_empty() || key.is_empty() {
            return None;
        }
        let mut g = Vec::new();
        grams(key, &mut g);
        Some(probabilities(&self.weights, &g))
    }

    /// A prior-like code for an unknown word: [`GUESS_BIT`] `| kind << 6 |
    /// share << 2`, with `kind` the likeliest kind of name (0 when a name
    /// is unlikely) and `share` a bucket (1–6) of the chance that it is a
    /// name; 0 without a model or for a word that is no Arabic or Latin
    /// letters.
    pub fn guess_code(&self, key: &str) -> u16 {
        if !key.chars().all(char::is_alphabetic) {
            return 0;
        }
        let Some(p) = self.predict(key) else { return 0 };
        let bucket = share_bucket(1.0 - p[0] as f64);
        let mut best = 1;
        for k in 2..CLASSES {
            if p[k] > p[best] {
                best = k;
            }
        }
        let kind = if bucket >= 3 { best as u16 } else { 0 };
        GUESS_BIT | kind << 6 | bucket << 2
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unseen_words_are_guessed_from_their_letters() {
        // A toy table: -سكي and -وفيتش words are people, -ستان places, the
        // rest common words.
        let mut rows: Vec<(String, [u32; Tag::COUNT])> = Vec::new();
        for w in ["كوفسكي", "بولنسكي", "تشايكوفسكي", "ميلوفيتش", "يانكوفيتش", "ستويكوفيتش"]
        {
            rows.push((w.into(), [1, 20, 30, 0, 0, 0, 0, 0, 0]));
        }
        for w in ["باكستان", "كازاخستان", "طاجيكستان", "قرغيزستان"] {
            rows.push((w.into(), [1, 0, 0, 40, 0, 0, 0, 0, 0]));
        }
        for w in ["الكتاب", "المدرسة", "يكتبون", "سيارة", "مكتبة", "قالت", "الطلاب", "يدرسون"]
        {
            rows.push((w.into(), [50, 0, 0, 0, 0, 0, 0, 0, 0]));
        }
        rows.sort();
        let refs: Vec<(&str, [u32; Tag::COUNT])> = rows.iter().map(|(w, c)| (w.as_str(), *c)).collect();
        let m = NameShapes::train(&refs);
        let p = m.predict("شومسكي").unwrap();
        assert!(p[1] > p[0] && p[1] > p[2], "{p:?}");
        let p = m.predict("تركمنستان").unwrap();
        assert!(p[2] > p[0] && p[2] > p[1], "{p:?}");
        let p = m.predict("المكتبات").unwrap();
        assert!(p[0] > 0.5, "{p:?}");
        assert_eq!(m.guess_code("شومسكي") >> 6 & 0xf, 1);
        assert_ne!(m.guess_code("شومسكي") & GUESS_BIT, 0);
        assert_eq!(m.guess_code("2015"), 0);
        // Deterministic.
        assert_eq!(NameShapes::train(&refs).weights, m.weights);
        assert_eq!(NameShapes::default().guess_code("شومسكي"), 0);
    }
}
