//! The docket as CSV (RFC 4180, CRLF): one row per deadline with its state as of `today`, for a
//! spreadsheet. The CLI prints it; the desk writes it to a file (with a BOM, see
//! [`super::export_docket`]).

use chrono::NaiveDate;

use super::Deadline;

/// The header and one line per deadline.
pub fn to_csv(rows: &[Deadline], today: NaiveDate) -> String {
    let mut out = String::from(
        "id,due,unrolled,status,application,office,code,year,target,title,responsible,basis\r\n",
    );
    for d in rows {
        let cells = [
            d.id.to_string(),
            d.due.to_string(),
            d.unrolled.to_string(),
            d.state(today).csv_label().to_string(),
            d.application_reference.clone().unwrap_or_default(),
            d.office.clone().unwrap_or_default(),
            d.code.clone(),
            d.year.map(|y| y.to_string()).unwrap_or_default(),
            d.target.clone().unwrap_or_default(),
            d.title.clone(),
            d.responsible.clone().unwrap_or_default(),
            d.basis.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = cells.iter().map(|c| field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn field(v: &str) -> String {
    // A title such as `=HYPERLINK(…)` must not run when the docket is opened in a spreadsheet.
    let v = crate::export::formula::neutralise(v);
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}
