//! `chizai holidays`: the days an office is closed between two dates, with their names.
//! JSON objects are `{date, name, name_en, kind, predicted}`; `kind` is one of national,
//! substitute, citizens, special, year_end, weekend, federal, office_closure, public_holiday
//! (CN, KR), and `predicted` marks Japanese holidays beyond the Cabinet Office's official list.
//! For CN, a Saturday or Sunday made a working day (调休) is open and so not listed.

use chizai_core::docket::{DayKind, OfficeCalendar};
use chrono::{Datelike, NaiveDate};
use clap::Args;
use serde::Serialize;

use crate::context::parse_date;
use crate::error::{CliError, CliResult, ErrorCode};
use crate::output::{self, Format};

/// Arguments of `chizai holidays`.
#[derive(Debug, Args)]
pub struct HolidaysArgs {
    /// First day, YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    pub from: NaiveDate,
    /// Last day (inclusive), YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    pub to: NaiveDate,
    /// Office: JP (JPO), US (USPTO), EP (EPO), WO (WIPO International Bureau), CN (CNIPA),
    /// KR (KIPO).
    #[arg(long, default_value = "JP")]
    pub office: String,
    /// Leave out ordinary Saturdays and Sundays.
    #[arg(long)]
    pub no_weekends: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// One closed day as printed.
#[derive(Debug, Serialize)]
pub struct HolidayRow {
    /// The day.
    pub date: NaiveDate,
    /// Name (Japanese for the JPO, the office's own otherwise).
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Why the office is closed.
    pub kind: DayKind,
    /// A predicted Japanese holiday (beyond the official list).
    pub predicted: bool,
}

/// Run `chizai holidays`.
pub fn run(args: HolidaysArgs) -> CliResult<()> {
    let (from, to) = (args.from, args.to);
    if to < from {
        return Err(CliError::coded(
            ErrorCode::Validation,
            format!("--to {to} is before --from {from}: swap them"),
        ));
    }
    if (to - from).num_days() > 366 * 100 {
        return Err(CliError::coded(
            ErrorCode::Validation,
            "--from/--to span more than 100 years: ask for a shorter range",
        ));
    }
    let calendar = match OfficeCalendar::for_office(&args.office) {
        OfficeCalendar::WeekendsOnly => {
            return Err(CliError::coded(
                ErrorCode::Validation,
                format!(
                    "--office `{}`: closed days are kept for JP, US, EP, WO, CN and KR only",
                    args.office.trim()
                ),
            ))
        }
        known => known,
    };
    if let Some((ja, en)) = calendar.coverage_note(from) {
        eprintln!("{ja} / {en}");
    }
    if to.year() != from.year() {
        if let Some((ja, en)) = calendar.coverage_note(to) {
            eprintln!("{ja} / {en}");
        }
    }
    let rows: Vec<HolidayRow> = calendar
        .closed_days(from, to)
        .into_iter()
        .filter(|c| !(args.no_weekends && c.kind == DayKind::Weekend))
        .map(|c| HolidayRow {
            date: c.date,
            name: c.name_ja.into_owned(),
            name_en: c.name_en.into_owned(),
            kind: c.kind,
            predicted: c.predicted,
        })
        .collect();
    match args.format {
        Format::Json => output::json(&rows),
        Format::Table => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let kind = serde_json::to_value(r.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    vec![
                        r.date.to_string(),
                        r.date.format("%a").to_string(),
                        kind,
                        format!("{}{}", r.name, if r.predicted { "（予測）" } else { "" }),
                        r.name_en.clone(),
                    ]
                })
                .collect();
            output::table(&["date", "", "kind", "名称", "name"], &table);
            Ok(())
        }
    }
}
