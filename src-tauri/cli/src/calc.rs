//! `chizai calc`: the what-if deadline calculator. Facts in, every deadline that follows out,
//! computed by `chizai_core::docket::compute`; no database is opened.

use chizai_core::docket::{compute, no_rules, ApplicantKind, ComputedDeadline, Facts, RightType};
use chrono::NaiveDate;
use clap::Args;

use crate::error::{CliError, CliResult, ErrorCode, Failure};
use crate::output::{self, Format};

/// Arguments of `chizai calc`.
#[derive(Debug, Args)]
pub struct CalcArgs {
    /// Office of the application: JP, PCT, EP, US, CN, KR (with rules), TW, DE, GB, FR, CA, AU,
    /// IN, SG (no rules of their own: marked), or AGREEMENT, POLICY.
    #[arg(long)]
    pub office: String,
    /// Right type: patent, utility_model, design, trademark, provisional.
    #[arg(long, default_value = "patent")]
    pub right: String,
    /// A dated fact, KEY=YYYY-MM-DD (repeatable): filed, priority, parent_filed, oa_dispatched,
    /// refusal_served, grant_decision_served, registered, granted, disclosed, isr_transmitted,
    /// earlier_oa_dispatched (CN: the office action before this one, so a further office action
    /// gets 2 months, not the first one's 4), or a fact that closes a deadline (exam_requested,
    /// oa_responded, …).
    #[arg(long = "event", value_name = "KEY=YYYY-MM-DD")]
    pub events: Vec<String>,
    /// Applicant: domestic, or overseas (在外者).
    #[arg(long, default_value = "domestic")]
    pub applicant: String,
    /// Annuities/renewals/maintenance fees paid through this year.
    #[arg(long)]
    pub paid_through: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// In the table, print each deadline's explanation under it.
    #[arg(long)]
    pub explain: bool,
}

/// Parse `KEY=YYYY-MM-DD`.
fn parse_event(text: &str) -> CliResult<(String, NaiveDate)> {
    let (key, value) = text.split_once('=').ok_or_else(|| {
        CliError::coded(
            ErrorCode::Validation,
            format!("--event `{text}`: write an event as KEY=YYYY-MM-DD, e.g. filed=2024-04-01"),
        )
    })?;
    let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        CliError::coded(
            ErrorCode::Validation,
            format!("--event {key}: `{value}` is not a date, write YYYY-MM-DD"),
        )
    })?;
    Ok((key.trim().to_string(), date))
}

/// Build the facts from the arguments.
pub fn facts_from(args: &CalcArgs) -> CliResult<Facts> {
    let mut facts = Facts::new(&args.office, RightType::parse(&args.right)?);
    facts.applicant = match args.applicant.trim().to_ascii_lowercase().as_str() {
        "domestic" => ApplicantKind::Domestic,
        "overseas" => ApplicantKind::Overseas,
        other => {
            return Err(CliError::coded(
                ErrorCode::Validation,
                format!("--applicant `{other}` is not an applicant kind: use domestic or overseas"),
            ))
        }
    };
    facts.paid_through = args.paid_through;
    for e in &args.events {
        let (key, date) = parse_event(e)?;
        facts = facts
            .with(&key, date)
            .map_err(|e| CliError::coded(e.code(), format!("--event {e}")))?;
    }
    Ok(facts)
}

fn label(d: &ComputedDeadline) -> String {
    let mut s = d.code.to_string();
    if let Some(v) = &d.variant {
        s.push('/');
        s.push_str(v);
    }
    if let Some(y) = d.year {
        s.push_str(&format!(" y{y}"));
    }
    if let Some(t) = &d.target {
        s.push_str(&format!(" →{t}"));
    }
    s
}

fn status(d: &ComputedDeadline) -> &'static str {
    if d.closed.is_some() {
        "closed"
    } else if d.info {
        "info"
    } else if d.uncertain.is_some() {
        "check"
    } else {
        "open"
    }
}

/// Print deadlines as a table, with their explanations under them if asked.
pub fn table(deadlines: &[ComputedDeadline], explain: bool) {
    if explain {
        for d in deadlines {
            println!("{}  {}  {}  {}", d.due, label(d), status(d), d.title_ja);
            println!("    {}\n    {}", d.explanation, d.explanation_en);
        }
        return;
    }
    let rows: Vec<Vec<String>> = deadlines
        .iter()
        .map(|d| {
            vec![
                d.due.to_string(),
                d.unrolled.to_string(),
                label(d),
                status(d).to_string(),
                d.title_ja.to_string(),
            ]
        })
        .collect();
    output::table(
        &["期限 due", "満了 unrolled", "rule", "status", "内容"],
        &rows,
    );
}

/// Run `chizai calc`.
pub fn run(args: CalcArgs) -> CliResult<()> {
    let facts = facts_from(&args)?;
    let deadlines = compute(&facts)?;
    // An office without rules gets a marker (on stderr beside JSON, whose shape stays as
    // documented), never a silently short list.
    let marker = no_rules(&facts.office);
    match args.format {
        Format::Json => {
            if let Some(m) = &marker {
                eprintln!("chizai: note: {}", m.message_en);
            }
            output::json(&deadlines)
        }
        Format::Table => {
            table(&deadlines, args.explain);
            if let Some(m) = &marker {
                println!("! {}\n! {}", m.message_en, m.message_ja);
            }
            Ok(())
        }
    }
}
