//! Learn the word clusters of `models/clusters.tsv` from unlabelled
//! SaudiNewsNet text.
//!
//! ```text
//! cargo run --release -p marsad-analyze --example ner_clusters -- ../shared/data/saudinewsnet crates/analyze/models/clusters.tsv
//! ```
//!
//! Method (deterministic, seed fixed): words are Search-normalised tokens.
//! The 50,000 most frequent words (count ≥ 3) are described by their left
//! and right neighbours among the 3,000 most frequent words, each context
//! weighted by 1/√count and randomly projected (±1, seeded) to 160
//! dimensions; vectors are averaged, centred and L2-normalised, then
//! clustered by spherical k-means twice: 64 coarse and 600 fine clusters
//! (k-means++-style seeding, 12 iterations). The file lists word, corpus
//! count, coarse id, fine id.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use marsad_arabic::normalize::{normalize_into, NormalizeOptions};
use marsad_arabic::tokenize::{tokens, TokenKind};

const VOCAB: usize = 50_000;
const CONTEXT: usize = 3_000;
const DIM: usize = 160;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

fn read_docs(dir: &Path) -> Vec<Vec<String>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    files.sort();
    let opts = NormalizeOptions::search();
    let mut docs = Vec::new();
    for f in files {
        let mut z = zip::ZipArchive::new(std::fs::File::open(&f).unwrap()).unwrap();
        for i in 0..z.len() {
            let mut s = String::new();
            z.by_index(i).unwrap().read_to_string(&mut s).unwrap();
            let v: serde_json::Value = serde_json::from_str(&s).unwrap();
            for a in v.as_array().unwrap() {
                let text = format!("{}\n{}", a["title"].as_str().unwrap_or(""), a["content"].as_str().unwrap_or(""));
                let mut words = Vec::new();
                for t in tokens(&text) {
                    let mut n = String::new();
                    match t.kind {
                        TokenKind::Word => normalize_into(t.text, &opts, &mut n),
                        TokenKind::Number => n.push('0'),
                        _ => n.push_str("<p>"),
                    }
                    words.push(n);
                }
                docs.push(words);
            }
        }
        eprintln!("read {}", f.display());
    }
    docs
}

fn kmeans(vecs: &[Vec<f32>], k: usize, seed: u64) -> Vec<u16> {
    let mut rng = Rng(seed);
    let n = vecs.len();
    // Seeding: spread picks, each the farthest of 8 random tries from the
    // last centre (cheap k-means++ approximation).
    let mut cents: Vec<Vec<f32>> = vec![vecs[(rng.next() % n as u64) as usize].clone()];
    while cents.len() < k {
        let last = cents.last().unwrap().clone();
        let mut best = (f32::MAX, 0usize);
        for _ in 0..8 {
            let i = (rng.next() % n as u64) as usize;
            let s = dot(&vecs[i], &last);
            if s < best.0 {
                best = (s, i);
            }
        }
        cents.push(vecs[best.1].clone());
    }
    let mut assign = vec![0u16; n];
    for _ in 0..12 {
        for (i, v) in vecs.iter().enumerate() {
            let mut best = (f32::MIN, 0);
            for (c, cv) in cents.iter().enumerate() {
                let s = dot(v, cv);
                if s > best.0 {
                    best = (s, c);
                }
            }
            assign[i] = best.1 as u16;
        }
        let mut sums = vec![vec![0f32; DIM]; k];
        for (i, v) in vecs.iter().enumerate() {
            for (s, x) in sums[assign[i] as usize].iter_mut().zip(v) {
                *s += x;
            }
        }
        for (c, s) in sums.into_iter().enumerate() {
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                cents[c] = s.into_iter().map(|x| x / norm).collect();
            }
        }
    }
    assign
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let docs = read_docs(Path::new(&args[1]));
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for d in &docs {
        for w in d {
            *counts.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut by_freq: Vec<(&str, u32)> =
        counts.iter().filter(|(w, c)| **c >= 3 && *w != &"<p>" && *w != &"0").map(|(w, c)| (*w, *c)).collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    by_freq.truncate(VOCAB);
    let vocab: HashMap<&str, usize> = by_freq.iter().enumerate().map(|(i, w)| (w.0, i)).collect();
    let mut ctx_list: Vec<(&str, u32)> = counts.iter().map(|(w, c)| (*w, *c)).collect();
    ctx_list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ctx_list.truncate(CONTEXT);
    // Random ±1 projections of each (side, context word), weighted.
    let mut rng = Rng(20250208);
    let mut proj: HashMap<&str, (Vec<f32>, Vec<f32>)> = HashMap::new();
    for (w, c) in &ctx_list {
        let wt = 1.0 / (*c as f32).sqrt();
        let mut mk = || -> Vec<f32> { (0..DIM).map(|_| if rng.next() & 1 == 1 { wt } else { -wt }).collect() };
        let l = mk();
        let r = mk();
        proj.insert(w, (l, r));
    }
    let mut acc = vec![vec![0f32; DIM]; by_freq.len()];
    for d in &docs {
        for i in 0..d.len() {
            let Some(&wi) = vocab.get(d[i].as_str()) else {
                continue;
            };
            if i > 0 {
                if let Some((l, _)) = proj.get(d[i - 1].as_str()) {
                    for (a, x) in acc[wi].iter_mut().zip(l) {
                        *a += x;
                    }
                }
            }
            if i + 1 < d.len() {
                if let Some((_, r)) = proj.get(d[i + 1].as_str()) {
                    for (a, x) in acc[wi].iter_mut().zip(r) {
                        *a += x;
                    }
                }
            }
        }
    }
    // Average, centre, normalise.
    let mut mean = vec![0f32; DIM];
    for (i, v) in acc.iter_mut().enumerate() {
        let c = by_freq[i].1 as f32;
        for x in v.iter_mut() {
            *x /= c;
        }
        for (m, x) in mean.iter_mut().zip(v.iter()) {
            *m += x / by_freq.len() as f32;
        }
    }
    for v in acc.iter_mut() {
        for (x, m) in v.iter_mut().zip(&mean) {
            *x -= m;
        }
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
        for x in v.iter_mut() {
            *x /= n;
        }
    }
    eprintln!("vectors: {}", acc.len());
    let coarse = kmeans(&acc, 64, 1);
    eprintln!("coarse done");
    let fine = kmeans(&acc, 600, 2);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[2]).unwrap());
    writeln!(
        out,
        "# word\tcount\tcoarse\tfine — learned from SaudiNewsNet (all 18 daily dumps) by examples/ner_clusters.rs"
    )
    .unwrap();
    for (i, (w, c)) in by_freq.iter().enumerate() {
        writeln!(out, "{w}\t{c}\t{}\t{}", coarse[i], fine[i]).unwrap();
    }
}
