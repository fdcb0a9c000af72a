//! Writing a file whole or not at all.
//!
//! Reports and exports go to a path the person chose in a save dialog. The bytes are written to a
//! temporary file in the same folder and renamed over the target only when complete, so neither a
//! cancel nor a crash leaves a half-written file under that name (or damages the file it replaces).
//!
//! The folders Chizai creates for its own data (the database's, the attachments', the keys') are
//! made readable by the user only ([`create_private_dir`], 0700 on unix), as are the database file
//! and its backups ([`make_private`], 0600).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::CoreError;
use crate::progress::Progress;

/// Writes `bytes` to a temporary file in `out`'s folder and renames it to `out` (replacing it, as
/// a save dialog that asked "replace?" expects). The cancel flag is checked once more just before
/// the rename: after it, the file is whole.
pub fn write_atomically(
    out: &Path,
    bytes: &[u8],
    progress: &mut Progress<'_>,
) -> Result<(), CoreError> {
    let dir: PathBuf = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let io = |e: std::io::Error| CoreError::Io {
        path: out.display().to_string(),
        source: e,
    };
    let mut staged = tempfile::Builder::new()
        .prefix(".chizai-")
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(io)?;
    staged.write_all(bytes).map_err(io)?;
    staged.as_file().sync_all().map_err(io)?;
    if progress.is_cancelled() {
        // Dropping `staged` removes the temporary file.
        return Err(CoreError::Cancelled);
    }
    staged.persist(out).map_err(|e| io(e.error))?;
    Ok(())
}

/// Creates `dir` and its missing parents, the new ones readable by the user only (0700 on unix;
/// elsewhere the folder inherits the ACL of the user's profile folder it is made in).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Makes the file at `path` readable and writable by the user only (0600 on unix; a no-op elsewhere).
pub fn make_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_cancel_before_the_rename_keeps_an_existing_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("old.pdf");
        std::fs::write(&out, b"the earlier report").unwrap();
        let flag = AtomicBool::new(true);
        let mut progress = Progress::silent().cancelled_by(&flag);
        let result = write_atomically(&out, b"%PDF-new", &mut progress);
        assert!(matches!(result, Err(CoreError::Cancelled)));
        assert_eq!(std::fs::read(&out).unwrap(), b"the earlier report");
        assert_eq!(files_in(dir.path()), vec!["old.pdf".to_owned()]);
    }

    #[test]
    fn a_write_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report.pdf");
        std::fs::write(&out, b"old").unwrap();
        write_atomically(&out, b"new", &mut Progress::silent()).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
        assert_eq!(files_in(dir.path()), vec!["report.pdf".to_owned()]);
    }
}
