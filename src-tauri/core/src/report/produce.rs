//! One report, from the database to a file, in steps a person can watch and stop.
//!
//! The CLI and the desktop both need "read what report X needs, lay it out, write it": this is the
//! one place that knows which inputs each report reads. [`produce`] reports progress per section
//! (each data source read, the layout, the write) through [`Progress`]; cancelling stops at the
//! next section. The PDF is written by [`crate::atomic::write_atomically`], which writes to a temporary file beside the target and renames it
//! into place only when complete, so neither a cancel nor a crash leaves a half-written PDF under
//! the name the person chose.

use std::path::Path;

use crate::store::Conn;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{from_docket, from_modules, from_store, Pdf, RegisterHead, ReportError};
use crate::progress::Progress;

/// Which report to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum ReportKind {
    /// 知的財産本部 活動報告 (board report) for a fiscal year.
    Board,
    /// 期限一覧 (docket) for a date range.
    Docket,
    /// 保有特許一覧 (portfolio register).
    Portfolio,
    /// 契約一覧 (agreement register).
    Agreements,
    /// 規程一覧 (policy register).
    Policies,
}

impl ReportKind {
    /// Every report, in menu order.
    pub const ALL: [ReportKind; 5] = [
        ReportKind::Board,
        ReportKind::Docket,
        ReportKind::Portfolio,
        ReportKind::Agreements,
        ReportKind::Policies,
    ];
}

/// What to produce. Unset dates take the CLI's defaults (see [`ReportRequest::as_of_for`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReportRequest {
    /// The report.
    pub kind: ReportKind,
    /// The fiscal year (board report; April–March, named by its starting year).
    #[ts(optional)]
    pub fiscal_year: Option<i32>,
    /// The as-of date (基準日).
    #[ts(optional)]
    pub as_of: Option<NaiveDate>,
    /// First day of the docket's range (default: today).
    #[ts(optional)]
    pub from: Option<NaiveDate>,
    /// Last day of the docket's range (default: the quarter from `from`, 90 days).
    #[ts(optional)]
    pub to: Option<NaiveDate>,
}

impl ReportRequest {
    /// The as-of date: as given, else for the board report the fiscal year's end (or today if
    /// that is earlier), else today.
    pub fn as_of_for(&self, today: NaiveDate) -> Result<NaiveDate, ReportError> {
        if let Some(d) = self.as_of {
            return Ok(d);
        }
        match self.kind {
            ReportKind::Board => Ok(fiscal_year_end(self.fiscal_year(today)?)?.min(today)),
            _ => Ok(today),
        }
    }

    /// The docket's range: `from` (default today) to `to` (default the end of the quarter that
    /// starts on `from`, [`crate::horizons::quarter_end`]); an end before the start is refused.
    pub fn docket_range(&self, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), ReportError> {
        let from = self.from.unwrap_or(today);
        let to = self
            .to
            .unwrap_or_else(|| crate::horizons::quarter_end(from));
        if to < from {
            return Err(ReportError::Input(format!(
                "the range ends on {to}, before it starts on {from}; give the range in order"
            )));
        }
        Ok((from, to))
    }

    fn fiscal_year(&self, today: NaiveDate) -> Result<i32, ReportError> {
        Ok(self.fiscal_year.unwrap_or_else(|| {
            use chrono::Datelike;
            if today.month() >= 4 {
                today.year()
            } else {
                today.year() - 1
            }
        }))
    }
}

fn fiscal_year_end(fy: i32) -> Result<NaiveDate, ReportError> {
    NaiveDate::from_ymd_opt(fy + 1, 3, 31)
        .ok_or_else(|| ReportError::Input(format!("fiscal year {fy} is not a usable year")))
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ReportWritten {
    /// The report.
    pub kind: ReportKind,
    /// The PDF file.
    pub path: String,
    /// Number of pages.
    pub pages: u32,
    /// File size in bytes.
    pub bytes: u32,
    /// The as-of date printed on every page.
    pub as_of: NaiveDate,
}

/// Sections of every report: read the head, read the data (one or more), lay out. The write is one
/// more step in [`produce_to_file`].
const LAYOUT_STEPS: usize = 2;

/// Reads what `req` needs from `conn` and lays the report out. `created` is the production time
/// (Japan time) printed in the footer. Steps: one per data source read, then the layout.
pub fn produce(
    conn: &Conn,
    req: &ReportRequest,
    today: NaiveDate,
    created: NaiveDateTime,
    progress: &mut Progress<'_>,
) -> Result<(Pdf, NaiveDate), ReportError> {
    let total = steps(req.kind) + 1;
    let mut done = 0;
    let mut step = |progress: &mut Progress<'_>| -> Result<(), ReportError> {
        done += 1;
        Ok(progress.step(done, total)?)
    };
    super::fonts::prepare_in_background();
    let as_of = req.as_of_for(today)?;
    // One read transaction: every figure from the same state of the database, and (on SQLite) no
    // lock taken and released around each of the report's thousands of statements.
    let _view = conn.read_view()?;
    let head = RegisterHead {
        institution: from_store::institution_name(conn)?,
        as_of,
        created,
    };
    step(progress)?;
    let pdf = match req.kind {
        ReportKind::Board => {
            let fy = req.fiscal_year(today)?;
            let input = board_input(conn, fy, as_of, today, created, &mut || step(progress))?;
            super::board_report(&input)?
        }
        ReportKind::Docket => {
            let (from, to) = req.docket_range(today)?;
            let lines = from_modules::deadline_lines(conn, from, to, as_of)?;
            step(progress)?;
            super::register_report(&super::docket_register(&head, from, to, &lines))?
        }
        ReportKind::Portfolio => {
            let mut lines = from_store::portfolio_lines(conn)?;
            step(progress)?;
            let licences = from_modules::licences_on(conn, as_of)?;
            for l in &mut lines {
                l.licence = l.application_id.and_then(|id| licences.get(&id).cloned());
            }
            step(progress)?;
            super::register_report(&super::portfolio_register(&head, &lines))?
        }
        ReportKind::Agreements => {
            let lines = from_modules::agreement_lines(conn)?;
            step(progress)?;
            super::register_report(&super::agreement_register(&head, &lines))?
        }
        ReportKind::Policies => {
            let lines = from_modules::policy_lines(conn, as_of)?;
            step(progress)?;
            super::register_report(&super::policy_register(&head, &lines))?
        }
    };
    step(progress)?;
    Ok((pdf, as_of))
}

/// Everything the board report for fiscal year `fy` shows, as of `as_of`, read from the
/// database: the KPIs of ten years and the targets (the `kpi` module's definitions), and the
/// decisions of the next quarter counted from `today`, the day it is printed (annuities on
/// unlicensed rights with fee and years paid, national-phase entries, agreements expiring), and
/// the policy documents. `step` is called after each of the three reads (progress, cancel).
pub fn board_input(
    conn: &Conn,
    fy: i32,
    as_of: NaiveDate,
    today: NaiveDate,
    created: NaiveDateTime,
    step: &mut dyn FnMut() -> Result<(), ReportError>,
) -> Result<super::BoardReport, ReportError> {
    fiscal_year_end(fy)?;
    let (years, targets) = from_modules::kpi_figures_and_targets(conn, fy)?;
    step()?;
    let vice_president = from_store::vice_president(conn)?;
    step()?;
    let (from, to) = crate::horizons::next_quarter(today);
    let licensed = from_modules::licences_on(conn, today)?;
    let annuities = from_docket::annuity_decisions(conn, from, to, &licensed)?;
    let national_phase = from_docket::national_phase_due(conn, from, to)?;
    let expiring = from_modules::expiring_agreements(conn, from, to)?;
    let policies = from_modules::policy_states(conn, as_of)?;
    step()?;
    Ok(super::BoardReport {
        institution: from_store::institution_name(conn)?,
        fiscal_year: fy,
        as_of,
        created,
        vice_president,
        targets,
        years,
        annuities: Some(annuities),
        national_phase: Some(national_phase),
        expiring_agreements: Some(expiring),
        policies: Some(policies),
        decision_window: Some((from, to)),
        snapshot_fingerprint: None,
    })
}

/// Steps of [`produce`] for `kind`: the head, the data reads, the layout.
fn steps(kind: ReportKind) -> usize {
    LAYOUT_STEPS
        + match kind {
            ReportKind::Board => 3,
            ReportKind::Portfolio => 2,
            ReportKind::Docket | ReportKind::Agreements | ReportKind::Policies => 1,
        }
}

/// [`produce`], then [`crate::atomic::write_atomically`] to `out`: the last step is the write, and a cancel
/// before its rename leaves no file.
pub fn produce_to_file(
    conn: &Conn,
    req: &ReportRequest,
    today: NaiveDate,
    created: NaiveDateTime,
    out: &Path,
    progress: &mut Progress<'_>,
) -> Result<ReportWritten, ReportError> {
    let (pdf, as_of) = produce(conn, req, today, created, progress)?;
    crate::atomic::write_atomically(out, &pdf.bytes, progress)?;
    let total = steps(req.kind) + 1;
    progress.report(total, total);
    Ok(ReportWritten {
        kind: req.kind,
        path: out.display().to_string(),
        pages: u32::try_from(pdf.pages).unwrap_or(u32::MAX),
        bytes: u32::try_from(pdf.bytes.len()).unwrap_or(u32::MAX),
        as_of,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CoreError;
    use crate::store::Store;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn demo_store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let now = chrono::Utc::now();
        crate::demo::generate(
            &mut store,
            crate::demo::DemoOptions {
                scale: 30,
                seed: 7,
                today: today(),
            },
            now,
        )
        .unwrap();
        store
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 4, 15).unwrap()
    }

    fn created() -> NaiveDateTime {
        today().and_hms_opt(9, 0, 0).unwrap()
    }

    fn board() -> ReportRequest {
        ReportRequest {
            kind: ReportKind::Board,
            fiscal_year: Some(2025),
            as_of: None,
            from: None,
            to: None,
        }
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn every_report_is_written_whole_with_steps_up_to_the_total() {
        let store = demo_store();
        let dir = tempfile::tempdir().unwrap();
        for kind in ReportKind::ALL {
            let out = dir.path().join(format!("{kind:?}.pdf"));
            let mut seen = Vec::new();
            let req = ReportRequest { kind, ..board() };
            let written = {
                let mut progress = Progress::new(|d, t| seen.push((d, t)));
                produce_to_file(store.conn(), &req, today(), created(), &out, &mut progress)
                    .unwrap()
            };
            let bytes = std::fs::read(&out).unwrap();
            assert!(bytes.starts_with(b"%PDF-"), "{kind:?} is a PDF");
            assert_eq!(written.bytes as usize, bytes.len());
            assert!(lopdf::Document::load_mem(&bytes).is_ok(), "{kind:?} parses");
            let total = seen[0].1;
            assert_eq!(seen.last(), Some(&(total, total)), "{kind:?} ends at 100%");
            assert!(
                seen.windows(2).all(|w| w[0].0 <= w[1].0),
                "steps go forward"
            );
        }
        assert_eq!(
            written_board_as_of(&store),
            NaiveDate::from_ymd_opt(2026, 3, 31)
        );
    }

    fn written_board_as_of(store: &Store) -> Option<NaiveDate> {
        let dir = tempfile::tempdir().unwrap();
        produce_to_file(
            store.conn(),
            &board(),
            today(),
            created(),
            &dir.path().join("b.pdf"),
            &mut Progress::silent(),
        )
        .ok()
        .map(|w| w.as_of)
    }

    /// Cancelling at every step leaves the folder as it was: no PDF, no temporary file. A cancel
    /// raised as the last step is reported comes after the rename: the file is whole and kept.
    #[test]
    fn a_cancel_at_any_step_leaves_no_file_behind() {
        let store = demo_store();
        let total = steps(ReportKind::Board) + 1;
        for cancel_at in 1..=total {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("board.pdf");
            let flag = AtomicBool::new(false);
            let result = {
                let mut progress = Progress::new(|done, _| {
                    if done == cancel_at {
                        flag.store(true, Ordering::Relaxed);
                    }
                })
                .cancelled_by(&flag);
                produce_to_file(
                    store.conn(),
                    &board(),
                    today(),
                    created(),
                    &out,
                    &mut progress,
                )
            };
            if cancel_at < total {
                assert!(
                    matches!(result, Err(ReportError::Core(CoreError::Cancelled))),
                    "cancelled at step {cancel_at}: {result:?}"
                );
                assert!(
                    files_in(dir.path()).is_empty(),
                    "step {cancel_at}: {:?}",
                    files_in(dir.path())
                );
            } else {
                assert!(result.is_ok(), "{result:?}");
                assert_eq!(files_in(dir.path()), vec!["board.pdf".to_owned()]);
            }
        }
    }

    #[test]
    fn a_docket_range_out_of_order_is_refused() {
        let store = demo_store();
        let req = ReportRequest {
            kind: ReportKind::Docket,
            from: NaiveDate::from_ymd_opt(2026, 5, 1),
            to: NaiveDate::from_ymd_opt(2026, 4, 1),
            ..board()
        };
        let err = produce(
            store.conn(),
            &req,
            today(),
            created(),
            &mut Progress::silent(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("before it starts"), "{err}");
    }
}
