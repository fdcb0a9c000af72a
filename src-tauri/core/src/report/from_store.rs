//! Report inputs read from the store: the institution and the portfolio register's lines.
//!
//! One SQL statement per register (co-applicants folded in with `group_concat`), not a load of
//! every application with its lists: the 1,000-page register of a 100,000-application
//! database must be read in well under a second.
//!
//! The KPI figures, agreements and policies come from their own modules (`from_modules`).

use crate::store::{Conn, Engine};
use chrono::NaiveDate;

use super::registers::PortfolioLine;
use super::ReportError;

/// Japanese label of a stored application status: the domain's label (unknown text as is).
pub fn status_label(status: &str) -> &str {
    crate::domain::Status::parse(status).map_or(status, |s| s.label_ja())
}

/// Japanese label of a stored right type: the domain's label (unknown text as is).
pub fn right_type_label(right_type: &str) -> &str {
    crate::domain::RightType::parse(right_type).map_or(right_type, |r| r.label_ja())
}

/// A stored ISO date (`YYYY-MM-DD`); anything else reads as no date.
fn date(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
}

fn ended(status: &str) -> bool {
    matches!(status, "refused" | "lapsed" | "abandoned" | "expired")
}

/// The institution's name (the frame of every report).
pub fn institution_name(conn: &Conn) -> Result<String, ReportError> {
    Ok(
        conn.query_row("SELECT name FROM institution WHERE id = 1", [], |r| {
            r.get(0)
        })?,
    )
}

/// The vice-president (担当副学長) recorded for the institution, if any.
pub fn vice_president(conn: &Conn) -> Result<Option<String>, ReportError> {
    Ok(conn.query_row(
        "SELECT vice_president FROM institution WHERE id = 1",
        [],
        |r| r.get(0),
    )?)
}

/// Every application as a portfolio-register line, families in reference order.
pub fn portfolio_lines(conn: &Conn) -> Result<Vec<PortfolioLine>, ReportError> {
    // "name（50%）" per co-applicant, one per line: the share without trailing zeros.
    let share = match conn.engine() {
        Engine::Sqlite => "printf('%s（%g%%）', o.name, c.share_bp / 100.0)",
        Engine::Postgres => "o.name || '（' || trim_scale(c.share_bp / 100.0) || '%）'",
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT f.reference, f.title, a.reference, a.office, a.right_type, a.status,
                coalesce(a.application_number, a.application_number_raw), a.filed_on,
                a.registration_number, a.registered_on, a.id,
                (SELECT group_concat({share}, char(10))
                   FROM co_applicant c JOIN organisation o ON o.id = c.organisation_id
                  WHERE c.application_id = a.id)
           FROM application a JOIN family f ON f.id = a.family_id
          ORDER BY f.reference, a.filed_on NULLS FIRST, a.reference",
    ))?;
    let rows = stmt.query_map([], |r| {
        let status: String = r.get(5)?;
        let right_type: String = r.get(4)?;
        let co: Option<String> = r.get(11)?;
        Ok(PortfolioLine {
            application_id: r.get(10)?,
            family_reference: r.get(0)?,
            family_title: r.get(1)?,
            reference: r.get(2)?,
            office: r.get(3)?,
            right_type: right_type_label(&right_type).to_string(),
            ended: ended(&status),
            status: status_label(&status).to_string(),
            application_number: r.get(6)?,
            filed_on: date(r.get(7)?),
            registration_number: r.get(8)?,
            registered_on: date(r.get(9)?),
            co_applicants: co
                .map(|s| s.split('\n').map(str::to_string).collect())
                .unwrap_or_default(),
            licence: None,
        })
    })?;
    Ok(rows.collect::<crate::error::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns these readers use, as in migrations/0001_foundation.sql.
    fn db() -> Conn {
        let conn = Conn::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        conn.execute_batch(
            "CREATE TABLE institution (id INTEGER PRIMARY KEY, name TEXT, vice_president TEXT);
             CREATE TABLE organisation (id INTEGER PRIMARY KEY, name TEXT);
             CREATE TABLE disclosure (id INTEGER PRIMARY KEY, received_on TEXT);
             CREATE TABLE family (id INTEGER PRIMARY KEY, reference TEXT, title TEXT);
             CREATE TABLE application (id INTEGER PRIMARY KEY, family_id INTEGER, reference TEXT,
                 office TEXT, right_type TEXT, status TEXT, application_number TEXT,
                 application_number_raw TEXT, filed_on TEXT, registration_number TEXT, registered_on TEXT);
             CREATE TABLE co_applicant (application_id INTEGER, organisation_id INTEGER, share_bp INTEGER);
             CREATE TABLE cost (id INTEGER PRIMARY KEY, fiscal_year INTEGER, amount_yen INTEGER);
             INSERT INTO institution VALUES (1, '東都大学', '山田 太郎');
             INSERT INTO organisation VALUES (1, '株式会社サンプル'), (2, '北辰工業');
             INSERT INTO disclosure VALUES (1, '2025-03-31'), (2, '2025-04-01'), (3, '2026-03-31');
             INSERT INTO family VALUES (1, 'F-002', '電池'), (2, 'F-001', '酵素');
             INSERT INTO application VALUES
               (1, 1, 'A-3', 'JP', 'patent', 'granted', '2024-123456', NULL, '2024-04-01', '7000001', '2025-06-01'),
               (2, 1, 'A-4', 'PCT', 'patent', 'concluded', NULL, 'PCT/JP2025/1', '2025-03-01', NULL, NULL),
               (3, 2, 'A-1', 'US', 'patent', 'abandoned', '17/123,456', NULL, '2025-05-01', NULL, NULL);
             INSERT INTO co_applicant VALUES (1, 1, 5000), (1, 2, 2500);
             INSERT INTO cost VALUES (1, 2025, 120000), (2, 2025, 30000), (3, 2024, 5);",
        )
        .unwrap();
        conn
    }

    #[test]
    fn portfolio_lines_come_in_family_order_with_co_applicants_and_labels() {
        let lines = portfolio_lines(&db()).unwrap();
        let refs: Vec<&str> = lines.iter().map(|l| l.reference.as_str()).collect();
        assert_eq!(
            refs,
            ["A-1", "A-3", "A-4"],
            "F-001 first; inside F-002 by filing date"
        );
        let granted = &lines[1];
        assert_eq!(granted.status, "登録");
        assert_eq!(granted.right_type, "特許");
        assert_eq!(
            granted.co_applicants,
            ["株式会社サンプル（50%）", "北辰工業（25%）"]
        );
        assert_eq!(granted.registered_on, NaiveDate::from_ymd_opt(2025, 6, 1));
        assert!(
            lines[0].ended && !granted.ended,
            "abandoned is ended, granted is not"
        );
        assert_eq!(
            lines[2].application_number.as_deref(),
            Some("PCT/JP2025/1"),
            "raw number when unparsed"
        );
    }
}
