//! What the settings screen shows that is not a portfolio record: the institution's signing key
//! and the closing days of the foreign offices Chizai rolls deadlines over.
//!
//! The closing days are data shipped with the app (`docket/calendar/closing_days.toml`, `cn.toml`,
//! `kr.toml`, the US federal holidays computed from 5 U.S.C. 6103): they change with a release,
//! reviewed, not at a
//! desk, because a wrongly added day would move a statutory deadline later. So they are listed
//! read-only here, with the coverage note that says when a year's list is incomplete.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::docket::{DayKind, OfficeCalendar};
use crate::error::{CoreError, Result};
use crate::snapshot::key;

/// The institution's public signing key, as shown to people and handed to auditors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SigningKey {
    /// SHA-256 of the public key, hex in groups of four: what an auditor compares.
    pub fingerprint: String,
    /// The 32 public-key bytes as 64 hex digits.
    pub public_key: String,
}

/// The signing key of the database at `db_path`, or `None` when no key pair has been made yet
/// (`chizai init`, `chizai demo` and the first snapshot make one).
pub fn signing_key(db_path: &Path) -> Result<Option<SigningKey>> {
    let dir = key::key_dir(db_path);
    if !dir.join(key::PUBLIC_FILE).exists() {
        return Ok(None);
    }
    let info = key::load_public(&dir).map_err(|e| CoreError::Integrity(e.to_string()))?;
    Ok(Some(SigningKey {
        fingerprint: info.fingerprint,
        public_key: info.public_key,
    }))
}

/// One closing day of an office (weekends are implied and not listed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ClosingDay {
    pub date: NaiveDate,
    pub name_ja: String,
    pub name_en: String,
}

/// The closing days of one foreign office in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct OfficeClosingDays {
    /// USPTO, EPO, WIPO, CNIPA or KIPO.
    pub office: String,
    pub year: i32,
    pub days: Vec<ClosingDay>,
    /// Saturdays and Sundays on which the office is open: the CNIPA's moved working days (调休),
    /// named by the holiday they make up for. Empty for the other offices.
    pub open_days: Vec<ClosingDay>,
    /// Japanese and English warning when the year's list is partial or missing.
    pub note_ja: Option<String>,
    pub note_en: Option<String>,
}

/// The closing days (other than weekends) of the USPTO, EPO, WIPO, CNIPA and KIPO in `year`, and
/// the weekend days on which the CNIPA is open.
pub fn foreign_closing_days(year: i32) -> Result<Vec<OfficeClosingDays>> {
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(CoreError::invalid("year", format!("{year} is not a year")));
    };
    if !(1900..2200).contains(&from.year()) {
        return Err(CoreError::invalid(
            "year",
            format!("{year} is outside 1900–2199"),
        ));
    }
    Ok([
        OfficeCalendar::Uspto,
        OfficeCalendar::Epo,
        OfficeCalendar::Wipo,
        OfficeCalendar::Cnipa,
        OfficeCalendar::Kipo,
    ]
    .into_iter()
    .map(|cal| {
        let note = cal.coverage_note(from);
        OfficeClosingDays {
            office: cal.label().to_owned(),
            year,
            days: cal
                .closed_days(from, to)
                .into_iter()
                .filter(|d| d.kind != DayKind::Weekend)
                .map(|d| ClosingDay {
                    date: d.date,
                    name_ja: d.name_ja.into_owned(),
                    name_en: d.name_en.into_owned(),
                })
                .collect(),
            open_days: from
                .iter_days()
                .take_while(|d| *d <= to)
                .filter(|d| d.weekday().num_days_from_monday() >= 5 && !cal.is_closed(*d))
                .map(|date| ClosingDay {
                    date,
                    name_ja: "調休による出勤日（開庁）".to_owned(),
                    name_en: "moved working day (open)".to_owned(),
                })
                .collect(),
            note_ja: note.as_ref().map(|n| n.0.clone()),
            note_en: note.map(|n| n.1),
        }
    })
    .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_closing_days_list_holidays_without_weekends() {
        let offices = foreign_closing_days(2026).unwrap();
        let names: Vec<&str> = offices.iter().map(|o| o.office.as_str()).collect();
        assert_eq!(names, ["USPTO", "EPO", "WIPO", "CNIPA", "KIPO"]);
        let us = &offices[0];
        assert!(
            us.days
                .iter()
                .any(|d| d.date == NaiveDate::from_ymd_opt(2026, 7, 3).unwrap()),
            "Independence Day 2026 falls on a Saturday and is observed on Friday 3 July"
        );
        let epo = &offices[1];
        assert!(epo.days.len() > 5, "the EPO's 2026 list is shipped");
        assert!(epo.note_ja.is_none(), "2026 is complete for the EPO");
        // USPTO, EPO, WIPO publish weekday closures only; a CN/KR holiday may fall on a weekend
        // (it is listed: the PRC's ranges and the ROK's substitute days follow from it).
        for o in &offices[..3] {
            for d in &o.days {
                assert!(
                    d.date.weekday().num_days_from_monday() < 5,
                    "{} {}",
                    o.office,
                    d.date
                );
            }
        }
        let cn = &offices[3];
        assert!(
            cn.open_days
                .iter()
                .any(|d| d.date == NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()),
            "Saturday 28 Feb 2026 is a moved working day at the CNIPA"
        );
        assert!(
            cn.days
                .iter()
                .any(|d| d.date == NaiveDate::from_ymd_opt(2026, 2, 23).unwrap()),
            "Monday 23 Feb 2026 closes the Spring Festival break"
        );
        assert!(
            offices[4].open_days.is_empty(),
            "the KIPO never opens on weekends"
        );
        assert!(
            offices[4]
                .days
                .iter()
                .any(|d| d.date == NaiveDate::from_ymd_opt(2026, 9, 24).unwrap()),
            "Chuseok 2026 begins on Thursday 24 Sep"
        );
        let far = foreign_closing_days(2150).unwrap();
        assert!(far[1].note_en.is_some(), "a year without data says so");
        assert!(foreign_closing_days(1800).is_err());
    }

    #[test]
    fn no_key_yet_is_none_and_a_made_key_shows_its_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("chizai.sqlite");
        assert_eq!(signing_key(&db).unwrap(), None);
        let (made, _) = key::ensure_key_pair(&key::key_dir(&db)).unwrap();
        let shown = signing_key(&db).unwrap().unwrap();
        assert_eq!(shown.fingerprint, made.fingerprint);
        assert_eq!(shown.fingerprint.split(' ').count(), 16);
    }
}
