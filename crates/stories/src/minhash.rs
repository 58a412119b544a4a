//! MinHash signatures over word shingles, and a banded LSH index.
//!
//! Written here rather than taken from a crate: the signature is computed in
//! one pass over 64-bit shingle hashes with a multiply–xorshift family, which
//! keeps the whole corpus (31k articles) well under a second; the LSH index
//! is a plain hash map per band.

use std::collections::HashMap;

/// Number of hash functions in a signature.
pub const NUM_HASHES: usize = 64;
/// Bands in the LSH index (`NUM_HASHES / BANDS` rows each).
pub const BANDS: usize = 16;
const ROWS: usize = NUM_HASHES / BANDS;

/// A MinHash signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature(pub [u64; NUM_HASHES]);

impl Signature {
    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(other.0.iter()).filter(|(a, b)| a == b).count();
        same as f64 / NUM_HASHES as f64
    }

    /// Whether the signature came from an empty set.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&h| h == u64::MAX)
    }
}

/// A fast 64-bit mixer (splitmix64's finaliser).
#[inline]
pub fn mix64(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// FNV-1a hash of a string, for shingle construction.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Hashes of the `k`-word shingles of a token sequence (token hashes given).
pub fn shingles(token_hashes: &[u64], k: usize) -> Vec<u64> {
    if token_hashes.is_empty() {
        return Vec::new();
    }
    if token_hashes.len() < k {
        return vec![token_hashes.iter().fold(0u64, |acc, &h| mix64(acc ^ h))];
    }
    let mut out: Vec<u64> = token_hashes
        .windows(k)
        .map(|w| w.iter().fold(0x9e37_79b9_7f4a_7c15u64, |acc, &h| mix64(acc.rotate_left(17) ^ h)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Seeds of the hash family (fixed, so signatures are reproducible).
fn seeds() -> &'static [u64; NUM_HASHES] {
    static SEEDS: std::sync::OnceLock<[u64; NUM_HASHES]> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut s = [0u64; NUM_HASHES];
        let mut x = 0x5eed_0f4d_5ad0_u64;
        for v in s.iter_mut() {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            *v = mix64(x) | 1;
        }
        s
    })
}

/// The MinHash signature of a set of shingle hashes.
pub fn signature(shingles: &[u64]) -> Signature {
    let seeds = seeds();
    let mut sig = [u64::MAX; NUM_HASHES];
    for &sh in shingles {
        for (slot, &seed) in sig.iter_mut().zip(seeds.iter()) {
            let h = mix64(sh ^ seed);
            if h < *slot {
                *slot = h;
            }
        }
    }
    Signature(sig)
}

/// Banded LSH index: items whose signatures agree on all rows of at least
/// one band become candidates of each other.
#[derive(Default)]
pub struct LshIndex {
    bands: Vec<HashMap<u64, Vec<u32>>>,
}

impl LshIndex {
    /// An empty index.
    pub fn new() -> Self {
        LshIndex { bands: (0..BANDS).map(|_| HashMap::new()).collect() }
    }

    fn band_key(sig: &Signature, b: usize) -> u64 {
        sig.0[b * ROWS..(b + 1) * ROWS].iter().fold(b as u64, |acc, &h| mix64(acc ^ h))
    }

    /// Items sharing a band with `sig` (deduplicated, ascending).
    pub fn candidates(&self, sig: &Signature) -> Vec<u32> {
        let mut out = Vec::new();
        for (b, map) in self.bands.iter().enumerate() {
            if let Some(v) = map.get(&Self::band_key(sig, b)) {
                out.extend_from_slice(v);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Add item `id` with its signature.
    pub fn insert(&mut self, id: u32, sig: &Signature) {
        if sig.is_empty() {
            return;
        }
        for (b, map) in self.bands.iter_mut().enumerate() {
            map.entry(Self::band_key(sig, b)).or_default().push(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<u64> {
        s.split_whitespace().map(hash_str).collect()
    }

    #[test]
    fn identical_and_disjoint() {
        let a = signature(&shingles(&toks("افتتح وزير الصحة مستشفى جديدا في المدينة صباح اليوم"), 3));
        let b = signature(&shingles(&toks("افتتح وزير الصحة مستشفى جديدا في المدينة صباح اليوم"), 3));
        let c = signature(&shingles(&toks("فاز الفريق الأول على منافسه بثلاثة أهداف دون رد في المباراة"), 3));
        assert_eq!(a.jaccard(&b), 1.0);
        assert!(a.jaccard(&c) < 0.1);
    }

    #[test]
    fn estimate_tracks_true_jaccard() {
        let base: Vec<u64> = (0..400u64).collect();
        let other: Vec<u64> = (100..500u64).collect(); // true Jaccard = 300/500 = 0.6
        let j = signature(&base).jaccard(&signature(&other));
        assert!((j - 0.6).abs() < 0.2, "{j}");
    }

    #[test]
    fn lsh_finds_near_copies() {
        let mut idx = LshIndex::new();
        let base: Vec<u64> = (0..300u64).collect();
        let near: Vec<u64> = (0..290u64).chain(1000..1010).collect();
        let far: Vec<u64> = (5000..5300u64).collect();
        idx.insert(1, &signature(&base));
        idx.insert(2, &signature(&far));
        let c = idx.candidates(&signature(&near));
        assert_eq!(c, vec![1]);
    }

    #[test]
    fn empty_inputs() {
        assert!(signature(&[]).is_empty());
        assert!(shingles(&[], 3).is_empty());
        assert_eq!(shingles(&[1, 2], 3).len(), 1);
    }
}
