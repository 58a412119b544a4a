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
