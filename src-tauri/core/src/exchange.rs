//! The lossless JSON exchange format: `chizai export` writes it, `chizai import` reads it back.
//!
//! One object, documented in the README: `{"format": "chizai-export", "version": 2, "institution",
//! "people", "organisations", "disclosures", "families", "applications", "events", "costs",
//! "agreements", "policy_documents", "activities", "income", "compensation_rules",
//! "compensation_payments", "kpi_targets", "deadlines", "reminder_settings"}` with every record
//! exactly as the [`portfolio`](crate::portfolio) types serialise it, ids included, in id order.
//! Export → import into an empty database → export gives byte-identical JSON.
//! Import is one transaction: a bad record anywhere leaves the database as it was. The docket
//! travels with the facts: every deadline row (what people recorded on it, the ones entered by
//! hand, the obsolete ones kept as history), and the recompute in the same transaction brings the
//! computed columns back to what the facts say. A version 1 file (before the docket travelled)
//! still imports: its docket is computed afresh.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::portfolio::{self as pf, *};
use crate::store::{Actor, Engine, Store};

/// The `format` marker of an export file.
pub const FORMAT: &str = "chizai-export";
/// The version of the exchange format this build writes and reads.
pub const VERSION: u32 = 2;

/// A whole portfolio as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub institution: Option<Institution>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    #[serde(default)]
    pub disclosures: Vec<Disclosure>,
    #[serde(default)]
    pub families: Vec<Family>,
    #[serde(default)]
    pub applications: Vec<Application>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub costs: Vec<Cost>,
    #[serde(default)]
    pub agreements: Vec<crate::agreements::Agreement>,
    #[serde(default)]
    pub policy_documents: Vec<crate::policies::PolicyDocument>,
    #[serde(default)]
    pub activities: Vec<crate::activities::Activity>,
    #[serde(default)]
    pub income: Vec<crate::money::Income>,
    #[serde(default)]
    pub compensation_rules: Vec<crate::money::compensation::CompensationRule>,
    #[serde(default)]
    pub compensation_payments: Vec<crate::money::compensation::Payment>,
    #[serde(default)]
    pub kpi_targets: Vec<crate::kpi::Target>,
    /// Every deadline row (version 2 on).
    #[serde(default)]
    pub deadlines: Vec<crate::deadlines::ExchangedDeadline>,
    /// The e-mail reminders' settings, when someone set them (version 2 on; never a password).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder_settings: Option<crate::remind::ReminderSettings>,
}

/// How many records an import wrote.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ImportSummary {
    pub people: usize,
    pub organisations: usize,
    pub disclosures: usize,
    pub families: usize,
    pub applications: usize,
    pub events: usize,
    pub costs: usize,
    pub agreements: usize,
    pub policy_documents: usize,
    pub activities: usize,
    pub income: usize,
    pub deadlines: usize,
}

/// Reads the whole portfolio.
pub fn export(conn: &crate::store::Conn) -> Result<Export> {
    Ok(Export {
        format: FORMAT.to_owned(),
        version: VERSION,
        institution: pf::get_institution(conn).ok(),
        people: pf::list_people(conn)?,
        organisations: pf::list_organisations(conn)?,
        disclosures: pf::list_disclosures(conn, false)?,
        families: pf::list_families(conn)?,
        applications: pf::list_all_applications(conn)?,
        events: pf::list_all_events(conn)?,
        costs: pf::list_costs(conn, None)?,
        agreements: crate::agreements::list_all(conn)?,
        policy_documents: crate::policies::list_all(conn)?,
        activities: crate::activities::list_all(conn)?,
        income: crate::money::list_all_income(conn)?,
        compensation_rules: crate::money::compensation::list_rules(conn)?,
        compensation_payments: crate::money::compensation::list_payments(conn)?,
        kpi_targets: crate::kpi::list_targets(conn)?,
        deadlines: crate::deadlines::list_for_exchange(conn)?,
        reminder_settings: Some(crate::remind::get_settings(conn)?)
            .filter(|s| *s != crate::remind::ReminderSettings::default())
            .map(|s| crate::remind::ReminderSettings {
                office_manager: None,
                ..s
            }),
    })
}

/// The largest export file read (a 100,000-application portfolio exports to about 150 MB).
pub const MAX_EXPORT_BYTES: u64 = 1024 * 1024 * 1024;

/// Parses an export file, with errors that say where the file is broken. A file over
/// [`MAX_EXPORT_BYTES`] is refused before it is read; nesting deeper than serde_json's limit (128)
/// is an error, never a stack overflow.
pub fn read_file(path: &Path) -> Result<Export> {
    use std::io::Read as _;
    let too_big = |len: u64| {
        CoreError::invalid(
            path.display().to_string(),
            format!("is {len} bytes, more than the limit of {MAX_EXPORT_BYTES} bytes (1 GiB) for an export file; is it an export written by `chizai export`?"),
        )
    };
    let file = std::fs::File::open(path).map_err(|e| CoreError::io(path, e))?;
    let len = file.metadata().map_err(|e| CoreError::io(path, e))?.len();
    if len > MAX_EXPORT_BYTES {
        return Err(too_big(len));
    }
    let mut bytes = Vec::new();
    file.take(MAX_EXPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CoreError::io(path, e))?;
    if bytes.len() as u64 > MAX_EXPORT_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        CoreError::invalid(
            path.display().to_string(),
            format!(
                "is not UTF-8 text (invalid byte at offset {}); export files are UTF-8 JSON",
                e.valid_up_to()
            ),
        )
    })?;
    let mut de = serde_json::Deserializer::from_str(text.trim_start_matches('\u{feff}'));
    let export: Export = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_eof() {
            return CoreError::invalid(
                path.display().to_string(),
                format!("ends too early (the file is truncated): {inner}"),
            );
        }
        let message = inner.to_string();
        // chrono's parse errors do not say what was expected; dates in the export are ISO-8601.
        let message = if field.ends_with("_on") && !message.contains("expected") {
            format!("is not a valid date; write YYYY-MM-DD ({message})")
        } else {
            message
        };
        CoreError::invalid(format!("{}: {field}", path.display()), message)
    })?;
    if export.format != FORMAT {
        return Err(CoreError::invalid(
            "format",
            format!(
                "{:?} is not {FORMAT:?}; this is not a Chizai export file",
                export.format
            ),
        ));
    }
    if export.version > VERSION {
        return Err(CoreError::Version(format!(
            "the export file has format version {}, newer than this Chizai's {VERSION}: update Chizai",
            export.version
        )));
    }
    Ok(export)
}

/// Writes every record of `data` into an empty database, ids kept, in one transaction.
pub fn import(
    store: &mut Store,
    data: &Export,
    actor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ImportSummary> {
    let existing: i64 = store.conn().query_row(
        "SELECT (SELECT count(*) FROM application) + (SELECT count(*) FROM disclosure) + (SELECT count(*) FROM person)",
        [],
        |r| r.get(0),
    )?;
    if existing > 0 {
        return Err(CoreError::Conflict(
            "this database already holds records; a JSON export is imported into an empty database (use --db NEW_FILE)".to_owned(),
        ));
    }
    store.write(actor, now, "import", |w| {
        // References between applications (PCT parent, divisional parent, priority) may point forward
        // in id order; they are checked once, at commit.
        let engine = w.tx().engine();
        w.tx().execute_batch(match engine {
            Engine::Sqlite => "PRAGMA defer_foreign_keys = ON",
            // The server's foreign keys are DEFERRABLE for exactly this.
            Engine::Postgres => "SET CONSTRAINTS ALL DEFERRED",
        })?;
        let at = |what: &str, i: usize, e: CoreError| match e {
            CoreError::Validation { field, message } => {
                CoreError::invalid(format!("{what}[{i}].{field}"), message)
            }
            other => other,
        };
        if let Some(inst) = &data.institution {
            pf::set_institution(w, inst)?;
        }
        for (i, p) in data.people.iter().enumerate() {
            pf::create_person(w, p).map_err(|e| at("people", i, e))?;
        }
        for (i, o) in data.organisations.iter().enumerate() {
            pf::create_organisation(w, o).map_err(|e| at("organisations", i, e))?;
        }
        for (i, d) in data.disclosures.iter().enumerate() {
            pf::create_disclosure(w, d).map_err(|e| at("disclosures", i, e))?;
        }
        for (i, f) in data.families.iter().enumerate() {
            pf::create_family(w, f).map_err(|e| at("families", i, e))?;
        }
        for (i, a) in data.applications.iter().enumerate() {
            pf::create_application(w, a).map_err(|e| at("applications", i, e))?;
        }
        for (i, e) in data.events.iter().enumerate() {
            pf::insert_event(w, e).map_err(|err| at("events", i, err))?;
        }
        for (i, c) in data.costs.iter().enumerate() {
            pf::add_cost(w, c).map_err(|e| at("costs", i, e))?;
        }
        for (i, a) in data.agreements.iter().enumerate() {
            crate::agreements::record_agreement(w, a).map_err(|e| at("agreements", i, e))?;
        }
        for (i, d) in data.policy_documents.iter().enumerate() {
            crate::policies::create_policy_document(w, d).map_err(|e| at("policy_documents", i, e))?;
        }
        // Activities may name a later activity as what they led to: checked at commit (deferred).
        for (i, a) in data.activities.iter().enumerate() {
            crate::activities::create_activity(w, a).map_err(|e| at("activities", i, e))?;
        }
        for (i, x) in data.income.iter().enumerate() {
            crate::money::create_income(w, x).map_err(|e| at("income", i, e))?;
        }
        for (i, r) in data.compensation_rules.iter().enumerate() {
            crate::money::compensation::create_rule(w, r).map_err(|e| at("compensation_rules", i, e))?;
        }
        for (i, p) in data.compensation_payments.iter().enumerate() {
            crate::money::compensation::record_payment(w, p).map_err(|e| at("compensation_payments", i, e))?;
        }
        for (i, t) in data.kpi_targets.iter().enumerate() {
            crate::kpi::create_target(w, t).map_err(|e| at("kpi_targets", i, e))?;
        }
        if let Some(settings) = &data.reminder_settings {
            crate::remind::set_settings(w, settings).map_err(|e| match e {
                CoreError::Validation { field, message } => {
                    CoreError::invalid(format!("reminder_settings.{field}"), message)
                }
                other => other,
            })?;
        }
        // What people recorded on the docket, before the recompute below reconciles it.
        for (i, d) in data.deadlines.iter().enumerate() {
            crate::deadlines::restore_exchanged(w, d).map_err(|e| at("deadlines", i, e))?;
        }
        if engine == Engine::Postgres {
            // Checks every deferred reference now, naming the first broken one.
            w.tx().execute_batch("SET CONSTRAINTS ALL IMMEDIATE").map_err(|e| {
                CoreError::invalid(
                    "references",
                    format!("the file refers to records it does not hold: {e}; check the *_id fields"),
                )
            })?;
        }
        let broken: i64 = match engine {
            Engine::Sqlite => w.tx().query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?,
            Engine::Postgres => 0,
        };
        if broken > 0 {
            let (table, rowid, parent): (String, i64, String) = w.tx().query_row(
                "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            return Err(CoreError::invalid(
                format!("{table} {rowid}"),
                format!("refers to a {parent} that is not in the file ({broken} such references); check the *_id fields"),
            ));
        }
        // The docket follows the imported facts in the same transaction, as for a typed record.
        let today = w.today();
        crate::deadlines::recompute(w, None, today)?;
        Ok(ImportSummary {
            people: data.people.len(),
            organisations: data.organisations.len(),
            disclosures: data.disclosures.len(),
            families: data.families.len(),
            applications: data.applications.len(),
            events: data.events.len(),
            costs: data.costs.len(),
            agreements: data.agreements.len(),
            policy_documents: data.policy_documents.len(),
            activities: data.activities.len(),
            income: data.income.len(),
            deadlines: data.deadlines.len(),
        })
    })
    .and_then(|summary| {
        store.after_bulk_load()?;
        Ok(summary)
    })
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[test]
    fn deep_nesting_and_oversized_files_are_refused_with_the_file_named() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let deep = dir.path().join("deep.json");
        let text = format!(
            "{{\"unknown\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        std::fs::write(&deep, text).unwrap_or_else(|e| panic!("{e}"));
        let err = read_file(&deep)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("deep.json"),
            "100,000 nested arrays are an error naming the file, not a stack overflow: {err}"
        );
        let big = dir.path().join("big.json");
        let file = std::fs::File::create(&big).unwrap_or_else(|e| panic!("{e}"));
        file.set_len(MAX_EXPORT_BYTES + 1)
            .unwrap_or_else(|e| panic!("{e}"));
        let err = read_file(&big)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("big.json") && err.contains("1 GiB"),
            "refused by its size before it is read: {err}"
        );
    }
}
