//! Read paths (files, directories, archives) and count articles and
//! rejections by kind: `cargo run --release -p marsad-extract --example read_count -- PATH…`
use marsad_extract::dump::{list_inputs, read_path, Event, ReadOptions};
use std::collections::BTreeMap;
fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let t = std::time::Instant::now();
    let (mut ok, mut bad) = (0usize, BTreeMap::<String, usize>::new());
    let mut first_bad = Vec::new();
    for (p, _) in list_inputs(&paths) {
        read_path(&p, &ReadOptions::default(), &mut |e| {
            if let Event::Record(r) = e {
                match *r {
                    Ok(_) => ok += 1,
                    Err(r) => {
                        *bad.entry(r.kind.to_string()).or_default() += 1;
                        if first_bad.len() < 5 {
                            first_bad.push(r.to_string());
                        }
                    }
                }
            }
        });
    }
    println!("{ok} articles, rejected {bad:?} in {:.2} s", t.elapsed().as_secs_f64());
    for b in first_bad {
        println!("  {b}");
    }
}
