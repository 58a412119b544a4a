//! Where the data directory is.

use std::path::PathBuf;

/// The data directory: the flag, else `$MARSAD_DATA_DIR`, else
/// `$XDG_DATA_HOME/marsad`, else `~/.local/share/marsad`, else `./marsad-data`.
pub fn resolve(flag: Option<PathBuf>) -> PathBuf {
    if let Some(p) = flag {
        return p;
    }
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(p) = env("MARSAD_DATA_DIR") {
        return p;
    }
    if let Some(p) = env("XDG_DATA_HOME") {
        return p.join("marsad");
    }
    if let Some(h) = env("HOME") {
        return h.join(".local/share/marsad");
    }
    PathBuf::from("marsad-data")
}

/// Open (or create) the store in `data_dir`, naming the directory on error.
pub fn open_store(data_dir: &std::path::Path) -> anyhow::Result<marsad_store::Store> {
    use anyhow::Context;
    marsad_store::Store::open(data_dir).with_context(|| format!("cannot open the store in {}", data_dir.display()))
}

/// Open the store in `data_dir`, which must already exist: commands that
/// only read say so plainly instead of creating an empty store.
pub fn open_existing(data_dir: &std::path::Path) -> anyhow::Result<marsad_store::Store> {
    if !data_dir.join(marsad_store::DB_FILE).exists() {
        anyhow::bail!("no store in {} (run `marsad ingest` first, or pass --data-dir)", data_dir.display());
    }
    open_store(data_dir)
}
