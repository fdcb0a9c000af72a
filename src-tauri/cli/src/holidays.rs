//! `chizai holidays`: the days an office is closed between two dates, with their names.
//! JSON objects are `{date, name, name_en, kind, predicted}`; `kind` is one of national,
//! substitute, citizens, special, year_end, weekend, federal, office_closure, and `predicted`
//! marks Japanese holidays beyond the Cabinet Office's official list.

use chizai_core::docket::{DayKind, DocketError, OfficeCalendar};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use serde::Serialize;

/// Output format of `holidays`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HolidaysFormat {
    /// Aligned columns.
    Table,
    /// A JSON array.
    Json,
}

/// Arguments of `chizai holidays`.
#[derive(Debug, Args)]
pub struct HolidaysArgs {
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    pub from: String,
    /// Last day (inclusive), YYYY-MM-DD.
    #[arg(long)]
    pub to: String,
    /// Office: JP (JPO), US (USPTO), EP (EPO), WO (WIPO International Bureau).
    #[arg(long, default_value = "JP")]
    pub office: String,
    /// Leave out ordinary Saturdays and Sundays.
    #[arg(long)]
    pub no_weekends: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HolidaysFormat::Table)]
    pub format: HolidaysFormat,
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

fn date_arg(name: &str, value: &str) -> Result<NaiveDate, DocketError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        DocketError::InconsistentFact(
            name.to_string(),
            format!("`{value}` is not a date: write YYYY-MM-DD"),
        )
    })
}

/// Run `chizai holidays`: returns what to print.
pub fn run(args: HolidaysArgs) -> Result<String, DocketError> {
    let from = date_arg("--from", &args.from)?;
    let to = date_arg("--to", &args.to)?;
    if to < from {
        return Err(DocketError::InconsistentFact(
            "--to".to_string(),
            format!("{to} is before --from {from}: swap them"),
        ));
    }
    if (to - from).num_days() > 366 * 100 {
        return Err(DocketError::InconsistentFact(
            "--to".to_string(),
            "the range is longer than 100 years: ask for less".to_string(),
        ));
    }
    let calendar = match args.office.trim().to_ascii_uppercase().as_str() {
        "JP" | "JPO" => OfficeCalendar::Jpo,
        "US" | "USPTO" => OfficeCalendar::Uspto,
        "EP" | "EPO" => OfficeCalendar::Epo,
        "WO" | "IB" | "WIPO" | "PCT" => OfficeCalendar::Wipo,
        other => return Err(DocketError::UnknownOffice(other.to_string())),
    };
    let rows: Vec<HolidayRow> = calendar
        .closed_days(from, to)
        .into_iter()
        .filter(|c| !(args.no_weekends && c.kind == DayKind::Weekend))
        .map(|c| HolidayRow {
            date: c.date,
            name: c.name_ja,
            name_en: c.name_en,
            kind: c.kind,
            predicted: c.predicted,
        })
        .collect();
    match args.format {
        HolidaysFormat::Json => serde_json::to_string_pretty(&rows)
            .map(|s| s + "\n")
            .map_err(|e| DocketError::RuleTable(format!("JSON output failed: {e}"))),
        HolidaysFormat::Table => {
            let mut out = String::new();
            for r in &rows {
                let kind = serde_json::to_value(r.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{} {}  {:<14} {}{}\n",
                    r.date,
                    r.date.format("%a"),
                    kind,
                    r.name,
                    if r.predicted { "（予測）" } else { "" }
                ));
            }
            Ok(out)
        }
    }
}
