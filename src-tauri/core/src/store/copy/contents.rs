//! Attachment contents follow their rows in a copy: a desk's file keeps them as files beside it
//! (`attachments/<2 hex>/<SHA-256>`), the office server in `attachment_content`. Each recorded
//! digest is read from the source's form, checked, and written in the target's form; a content
//! missing or altered at the source stops the copy, nothing written.

use super::super::{Conn, Store};
use crate::error::{CoreError, Result};

/// The folder whose `attachments/` holds a database file's contents: the file's own folder.
pub(super) fn files_beside(db: &std::path::Path) -> std::path::PathBuf {
    match db.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}

/// Moves the content of every recorded attachment from the source's form to the target's.
pub(super) fn copy_contents(
    source: &Store,
    target: &Conn,
    target_dir: Option<&std::path::Path>,
) -> Result<u64> {
    let shas: Vec<String> = source
        .conn()
        .prepare("SELECT DISTINCT sha256 FROM attachment ORDER BY sha256")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_>>()?;
    let source_dir = source.path().map(files_beside).unwrap_or_default();
    let target_dir = target_dir
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    for sha in &shas {
        let bytes = crate::attachments::content(
            source.conn(),
            &source_dir,
            sha,
            &format!("the attachment with digest {sha}"),
        )
        .map_err(|e| match e {
            CoreError::Io { .. } => CoreError::Integrity(format!(
                "the file of the attachment with digest {sha} is missing under {}: restore it \
                 (or its record) before copying; nothing was written ({e})",
                source_dir.join("attachments").display()
            )),
            other => other,
        })?;
        crate::attachments::put_content(target, &target_dir, sha, &bytes)?;
    }
    Ok(shas.len() as u64)
}
