//! Rebuild when a migration is added or edited: they are embedded with `include_str!`,
//! and without this cargo would not notice a new file in the folder.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
