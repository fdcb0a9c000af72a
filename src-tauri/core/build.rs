//! Embeds every `migrations/NNNN_what.sql` file of the repository into the core.
//!
//! The list is generated so that adding a migration is adding a file, and `rerun-if-changed` on the
//! folder makes cargo notice a new file (without it a new migration silently misses the binary).
use std::{env, fs, path::PathBuf};

fn main() {
    let dir = PathBuf::from("../../migrations");
    println!("cargo:rerun-if-changed=../../migrations");
    let mut entries: Vec<(u32, String, PathBuf)> = Vec::new();
    let read = fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in read.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        let Some(name) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            continue;
        };
        if path.extension().and_then(|e| e.to_str()) != Some("sql") {
            continue;
        }
        let number: u32 = name
            .split('_')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| {
                panic!("migration {name} must start with its number, e.g. 0002_what")
            });
        let abs = fs::canonicalize(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        entries.push((number, name, abs));
    }
    entries.sort();
    for pair in entries.windows(2) {
        assert!(
            pair[0].0 != pair[1].0,
            "two migrations share number {}",
            pair[0].0
        );
    }
    for (i, (number, name, _)) in entries.iter().enumerate() {
        assert!(
            *number as usize == i + 1,
            "migration {name} breaks the 1, 2, 3… sequence"
        );
    }
    let mut out = String::from("/// (number, name, SQL) of every embedded migration, in order.\n");
    out.push_str("pub const MIGRATIONS: &[(u32, &str, &str)] = &[\n");
    for (number, name, path) in &entries {
        out.push_str(&format!(
            "    ({number}, {name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("migrations.rs");
    fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
