//! The file of a policy version (the approved PDF of 知的財産ポリシー 第3版, …), kept like an
//! agreement's signed copy: content-addressed in the attachment store (entity `policy_version`),
//! its SHA-256 recorded on the version, verified on every read, carried in snapshots (a snapshot
//! holds every attachment the database refers to).
//!
//! Attaching sets the version's `file_name` and `sha256` in the same audited transaction. Reading
//! re-hashes the stored bytes and compares them with the digest on the version: a file altered
//! or replaced on disk is refused, never served. A version that records only a digest (entered
//! before files were kept) says so and how to attach the file.

use std::path::Path;

use crate::store::OptionalExtension;
use rusqlite::params;

use super::model::PolicyVersionId;
use super::read::get_version;
use crate::attachments::{self, Attachment};
use crate::domain::AttachmentId;
use crate::error::{CoreError, Result};
use crate::store::{Action, AuditEntity, Write};

/// The attachment entity of a policy version's file.
pub const DOCUMENT_ENTITY: &str = "policy_version";

/// Stores `source` as the document of version `id` and records its name and digest on the
/// version (audited, before and after). A later file replaces the earlier one on the version;
/// the earlier file stays in the store (its attachment row is kept), nothing is deleted.
pub fn attach_document(
    w: &mut Write<'_>,
    data_dir: &Path,
    id: PolicyVersionId,
    source: &Path,
) -> Result<AttachmentId> {
    let before = get_version(w.tx(), id)?;
    let attachment = attachments::attach(w, data_dir, DOCUMENT_ENTITY, id.0, source)?;
    let (name, sha): (String, String) = w.tx().query_row(
        "SELECT file_name, sha256 FROM attachment WHERE id = ?1",
        [attachment],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    w.tx().execute(
        "UPDATE policy_version SET file_name = ?1, sha256 = ?2 WHERE id = ?3",
        params![name, sha, id],
    )?;
    let after = get_version(w.tx(), id)?;
    w.audit(
        AuditEntity::PolicyVersion,
        id,
        Action::Update,
        Some(&before),
        Some(&after),
    )?;
    Ok(attachment)
}

/// The document of version `id`: its attachment record and bytes, checked against the digest
/// recorded on the version. Refused when the version has no file, when only its digest is known,
/// or when the stored bytes do not hash to it.
pub fn read_document(
    conn: &crate::store::Conn,
    data_dir: &Path,
    id: PolicyVersionId,
) -> Result<(Attachment, Vec<u8>)> {
    let v = get_version(conn, id)?;
    let Some(sha) = v.sha256.as_deref() else {
        return Err(CoreError::invalid(
            "policy_version.file",
            format!(
                "version {} has no document; attach it with `chizai policies attach`",
                v.version
            ),
        ));
    };
    let stored: Option<AttachmentId> = conn
        .query_row(
            "SELECT id FROM attachment WHERE entity = ?1 AND entity_id = ?2 AND sha256 = ?3
              ORDER BY id DESC LIMIT 1",
            params![DOCUMENT_ENTITY, id.0, sha],
            |r| r.get(0),
        )
        .optional()?;
    let Some(attachment) = stored else {
        return Err(CoreError::invalid(
            "policy_version.file",
            format!(
                "version {} records only the digest {sha} of {}; the file itself was never \
                 stored: attach it with `chizai policies attach`",
                v.version,
                v.file_name.as_deref().unwrap_or("its document")
            ),
        ));
    };
    let (a, bytes) = attachments::read(conn, data_dir, attachment)?;
    if a.sha256 != sha {
        return Err(CoreError::Integrity(format!(
            "the document of version {} does not match the digest recorded on it",
            v.version
        )));
    }
    Ok((a, bytes))
}

/// Writes the verified document of version `id` into `out_dir` under its own name (only the
/// name's last component, so no stored name leaves the folder), whole or not at all; returns the
/// file's path. The desktop opens it from there in the system viewer.
pub fn write_document(
    conn: &crate::store::Conn,
    data_dir: &Path,
    id: PolicyVersionId,
    out_dir: &Path,
) -> Result<std::path::PathBuf> {
    let (meta, bytes) = read_document(conn, data_dir, id)?;
    let name = Path::new(&meta.file_name)
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| format!("{}.pdf", meta.sha256).into());
    std::fs::create_dir_all(out_dir).map_err(|e| CoreError::io(out_dir, e))?;
    let out = out_dir.join(name);
    crate::atomic::write_atomically(&out, &bytes, &mut crate::progress::Progress::silent())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policies::{add_policy_version, create_policy_document, PolicyDocument};
    use crate::policies::{PolicyKind, PolicyVersion};
    use crate::store::{Actor, Store};

    fn store_with_version() -> (Store, PolicyVersionId) {
        let mut store = Store::open_in_memory().unwrap();
        let now = chrono::Utc::now();
        let id = store
            .write(&Actor("t".into()), now, "policy", |w| {
                let doc = create_policy_document(
                    w,
                    &PolicyDocument {
                        id: None,
                        code: "IP-POLICY".into(),
                        title: "知的財産ポリシー".into(),
                        kind: PolicyKind::IpPolicy,
                        obsolete: false,
                        versions: vec![],
                    },
                )?;
                add_policy_version(
                    w,
                    doc,
                    &PolicyVersion {
                        id: None,
                        version: "第3版".into(),
                        approval_body: None,
                        approved_on: None,
                        effective_on: None,
                        superseded_on: None,
                        summary: None,
                        next_review_on: None,
                        file_name: None,
                        sha256: None,
                    },
                )
            })
            .unwrap();
        (store, id)
    }

    #[test]
    fn a_document_round_trips_and_a_tampered_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let src = dir.path().join("知的財産ポリシー第3版.pdf");
        std::fs::write(&src, b"%PDF-1.7 approved by the board").unwrap();
        let (mut store, v) = store_with_version();
        assert!(
            read_document(store.conn(), &data, v)
                .unwrap_err()
                .to_string()
                .contains("no document"),
            "a version without a file says so"
        );
        store
            .write(&Actor("t".into()), chrono::Utc::now(), "attach", |w| {
                attach_document(w, &data, v, &src)
            })
            .unwrap();
        let version = get_version(store.conn(), v).unwrap();
        assert_eq!(
            version.file_name.as_deref(),
            Some("知的財産ポリシー第3版.pdf")
        );
        assert_eq!(
            version.sha256.as_deref().map(str::len),
            Some(64),
            "the version records the digest of what was stored"
        );
        let (meta, bytes) = read_document(store.conn(), &data, v).unwrap();
        assert_eq!(
            bytes, b"%PDF-1.7 approved by the board",
            "the bytes come back whole"
        );
        assert_eq!(meta.sha256, version.sha256.clone().unwrap());

        let stored = attachments::content_path(&data, &meta.sha256).unwrap();
        std::fs::write(&stored, b"%PDF-1.7 quietly edited").unwrap();
        let err = read_document(store.conn(), &data, v).unwrap_err();
        assert!(
            matches!(err, CoreError::Integrity(_)),
            "a file changed on disk is refused, not served: {err}"
        );
        let audited: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE entity = 'policy_version' AND action = 'update'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(audited, 1, "attaching changed the version: audited once");
    }

    #[test]
    fn a_digest_without_a_stored_file_says_how_to_attach_it() {
        let dir = tempfile::tempdir().unwrap();
        let (store, v) = store_with_version();
        store
            .conn()
            .execute(
                "UPDATE policy_version SET file_name = 'old.pdf', sha256 = ?1 WHERE id = ?2",
                params!["ab".repeat(32), v],
            )
            .unwrap();
        let err = read_document(store.conn(), dir.path(), v).unwrap_err();
        assert!(
            err.to_string().contains("never stored") && err.to_string().contains("policies attach"),
            "{err}"
        );
    }
}
