//! What an agreement covers, as the form shows and takes it: a link named by the words people
//! use (an application's reference or number, a family's reference, a disclosure's number;
//! `ファミリー:` / `届出:` say which when a text could be either), and each stored link with its
//! label. Lookups are indexed, so the form resolves a reference at once in a 100,000-application
//! portfolio.

use serde::Serialize;

use super::Link;
use crate::domain::{ApplicationId, DisclosureId, FamilyId};
use crate::error::{CoreError, Result};
use crate::store::{Conn, OptionalExtension};

/// A link with the words the desk shows for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct LinkTarget {
    pub link: Link,
    /// `TT2024-00012-JP  半導体…` / the family's reference and title / the disclosure's number
    /// and title.
    pub label: String,
}

/// The link a typed text names: marked `ファミリー:`/`family:` or `届出:`/`disclosure:`, else an
/// application (reference or number), then a disclosure, then a family with that key.
pub fn resolve_link(conn: &Conn, text: &str) -> Result<LinkTarget> {
    let folded: String = unicode_normalization::UnicodeNormalization::nfkc(text.trim()).collect();
    let strip = |prefixes: &[&str]| {
        prefixes
            .iter()
            .find_map(|p| folded.strip_prefix(p).map(|k| k.trim().to_owned()))
    };
    let link = if let Some(key) = strip(&["ファミリー:", "family:"]) {
        family(conn, &key)?.map(Link::Family)
    } else if let Some(key) = strip(&["届出:", "発明届出:", "disclosure:"]) {
        disclosure(conn, &key)?.map(Link::Disclosure)
    } else if folded.is_empty() {
        None
    } else {
        match crate::portfolio::find_application(conn, &folded) {
            Ok(id) => Some(Link::Application(id)),
            Err(CoreError::NotFound { .. }) => match disclosure(conn, &folded)? {
                Some(d) => Some(Link::Disclosure(d)),
                None => family(conn, &folded)?.map(Link::Family),
            },
            Err(e) => return Err(e),
        }
    };
    let link = link.ok_or_else(|| {
        CoreError::invalid(
            "agreement.links",
            format!(
                "{:?} names no application, family or disclosure: give an application's reference \
                 or number (TT2024-00012-JP, 特願2024-012345), a disclosure's number, or \
                 ファミリー:REFERENCE",
                text.trim()
            ),
        )
    })?;
    Ok(LinkTarget {
        label: label(conn, link)?,
        link,
    })
}

/// Each link with its label, in the given order.
pub fn describe_links(conn: &Conn, links: &[Link]) -> Result<Vec<LinkTarget>> {
    links
        .iter()
        .map(|&link| {
            Ok(LinkTarget {
                label: label(conn, link)?,
                link,
            })
        })
        .collect()
}

fn family(conn: &Conn, key: &str) -> Result<Option<FamilyId>> {
    Ok(conn
        .query_row("SELECT id FROM family WHERE reference = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?
        .map(FamilyId))
}

fn disclosure(conn: &Conn, key: &str) -> Result<Option<DisclosureId>> {
    Ok(conn
        .query_row("SELECT id FROM disclosure WHERE number = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?
        .map(DisclosureId))
}

fn label(conn: &Conn, link: Link) -> Result<String> {
    let (sql, id, what) = match link {
        Link::Application(ApplicationId(id)) => (
            "SELECT reference || '  ' || title FROM application WHERE id = ?1",
            id,
            "application",
        ),
        Link::Family(FamilyId(id)) => (
            "SELECT reference || '  ' || title FROM family WHERE id = ?1",
            id,
            "family",
        ),
        Link::Disclosure(DisclosureId(id)) => (
            "SELECT number || '  ' || title FROM disclosure WHERE id = ?1",
            id,
            "disclosure",
        ),
    };
    conn.query_row(sql, [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::not_found(what, id))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_reference_a_number_or_a_marked_key_names_the_link() {
        let mut store = Store::open_in_memory().unwrap();
        let opts = crate::demo::DemoOptions {
            scale: 30,
            seed: 7,
            today: chrono::NaiveDate::from_ymd_opt(2026, 4, 15).unwrap(),
        };
        crate::demo::generate(&mut store, opts, chrono::Utc::now()).unwrap();
        let c = store.conn();
        let app: (String, String) = c
            .query_row(
                "SELECT reference, application_number FROM application WHERE application_number IS NOT NULL LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let by_ref = resolve_link(c, &app.0).unwrap();
        assert!(matches!(by_ref.link, Link::Application(_)), "{by_ref:?}");
        assert!(
            by_ref.label.starts_with(&app.0),
            "labelled by its reference: {by_ref:?}"
        );
        assert_eq!(
            resolve_link(c, &app.1).unwrap().link,
            by_ref.link,
            "its number names it too"
        );
        let fam: String = c
            .query_row("SELECT reference FROM family LIMIT 1", [], |r| r.get(0))
            .unwrap();
        let marked = resolve_link(c, &format!("ファミリー：{fam}")).unwrap();
        assert!(
            matches!(marked.link, Link::Family(_)),
            "a full-width colon is folded (NFKC): {marked:?}"
        );
        let err = resolve_link(c, "TT9999-99999-XX").unwrap_err();
        assert!(
            err.to_string().contains("ファミリー:"),
            "says what to give: {err}"
        );
        let described = describe_links(c, &[by_ref.link, marked.link]).unwrap();
        assert_eq!(described.len(), 2);
        assert_eq!(described[0], by_ref);
    }
}
