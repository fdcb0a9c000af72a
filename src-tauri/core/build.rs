//! Embeds every `migrations/NNNN_what.sql` file of the repository into the core, and every
//! `migrations/postgres/NNNN_what.sql` beside it (the same schema, in PostgreSQL's words).
//!
//! The lists are generated so that adding a migration is adding a file, and `rerun-if-changed` on
//! the folders makes cargo notice a new file (without it a new migration silently misses the
//! binary). The two lists must name the same migrations in the same order: a database reaches
//! the same schema version on either engine.
use std::{env, fs, path::PathBuf};

fn main() {
    let sqlite = list(&PathBuf::from("../../migrations"));
    let postgres = list(&PathBuf::from("../../migrations/postgres"));
    let names = |l: &[(u32, String, PathBuf)]| l.iter().map(|m| m.1.clone()).collect::<Vec<_>>();
    assert!(
        names(&sqlite) == names(&postgres),
        "migrations/postgres must hold one migration per migrations/*.sql, same number and name: {:?} vs {:?}",
        names(&sqlite),
        names(&postgres)
    );
    let mut out = String::new();
    emit(&mut out, "MIGRATIONS", "SQLite", &sqlite);
    emit(&mut out, "PG_MIGRATIONS", "PostgreSQL", &postgres);
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("migrations.rs");
    fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

fn emit(out: &mut String, name: &str, engine: &str, entries: &[(u32, String, PathBuf)]) {
    out.push_str(&format!(
        "/// (number, name, SQL) of every embedded {engine} migration, in order.\n"
    ));
    out.push_str(&format!("pub const {name}: &[(u32, &str, &str)] = &[\n"));
    for (number, name, path) in entries {
        out.push_str(&format!(
            "    ({number}, {name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
}

/// The `NNNN_what.sql` files of `dir`, checked to number 1, 2, 3… without a gap.
fn list(dir: &PathBuf) -> Vec<(u32, String, PathBuf)> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<(u32, String, PathBuf)> = Vec::new();
    let read = fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
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
    entries
}
