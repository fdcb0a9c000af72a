//! `chizai calc`: the what-if deadline calculator. Facts in, every deadline that follows out,
//! computed by `chizai_core::docket::compute`; no database is opened.

use chizai_core::docket::{
    compute, ApplicantKind, ComputedDeadline, DocketError, Facts, RightType,
};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

/// Output format of `calc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CalcFormat {
    /// Aligned columns for people.
    Table,
    /// A JSON array of deadlines for machines.
    Json,
}

/// Arguments of `chizai calc`.
#[derive(Debug, Args)]
pub struct CalcArgs {
    /// Office of the application: JP, PCT, EP, US, CN, KR (or AGREEMENT, POLICY).
    #[arg(long)]
    pub office: String,
    /// Right type: patent, utility_model, design, trademark, provisional.
    #[arg(long, default_value = "patent")]
    pub right: String,
    /// A dated fact, KEY=YYYY-MM-DD (repeatable): filed, priority, parent_filed, oa_dispatched,
    /// refusal_served, grant_decision_served, registered, granted, disclosed, isr_transmitted,
    /// or a fact that closes a deadline (exam_requested, oa_responded, …).
    #[arg(long = "event", value_name = "KEY=YYYY-MM-DD")]
    pub events: Vec<String>,
    /// Applicant: domestic, or overseas (在外者).
    #[arg(long, default_value = "domestic")]
    pub applicant: String,
    /// Annuities/renewals/maintenance fees paid through this year.
    #[arg(long)]
    pub paid_through: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CalcFormat::Table)]
    pub format: CalcFormat,
    /// In the table, print each deadline's explanation under it.
    #[arg(long)]
    pub explain: bool,
}

/// Parse `KEY=YYYY-MM-DD`.
fn parse_event(text: &str) -> Result<(String, NaiveDate), DocketError> {
    let (key, value) = text.split_once('=').ok_or_else(|| {
        DocketError::InconsistentFact(
            text.to_string(),
            "write an event as KEY=YYYY-MM-DD, e.g. filed=2024-04-01".to_string(),
        )
    })?;
    let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        DocketError::InconsistentFact(
            key.to_string(),
            format!("`{value}` is not a date: write YYYY-MM-DD"),
        )
    })?;
    Ok((key.trim().to_string(), date))
}

/// Build the facts from the arguments.
pub fn facts_from(args: &CalcArgs) -> Result<Facts, DocketError> {
    let mut facts = Facts::new(&args.office, RightType::parse(&args.right)?);
    facts.applicant = match args.applicant.trim().to_ascii_lowercase().as_str() {
        "domestic" => ApplicantKind::Domestic,
        "overseas" => ApplicantKind::Overseas,
        other => {
            return Err(DocketError::InconsistentFact(
                "applicant".to_string(),
                format!("`{other}` is not an applicant kind: use domestic or overseas"),
            ))
        }
    };
    facts.paid_through = args.paid_through;
    for e in &args.events {
        let (key, date) = parse_event(e)?;
        facts = facts.with(&key, date)?;
    }
    Ok(facts)
}

fn label(d: &ComputedDeadline) -> String {
    let mut s = d.code.clone();
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

/// Render deadlines as a table.
pub fn table(deadlines: &[ComputedDeadline], explain: bool) -> String {
    let mut out =
        String::from("due         unrolled    rule                           status  title\n");
    for d in deadlines {
        let status = if d.closed.is_some() {
            "closed"
        } else if d.info {
            "info"
        } else if d.uncertain.is_some() {
            "check"
        } else {
            "open"
        };
        out.push_str(&format!(
            "{}  {}  {:<30} {:<7} {}\n",
            d.due,
            d.unrolled,
            label(d),
            status,
            d.title_ja
        ));
        if explain {
            out.push_str(&format!(
                "    {}\n    {}\n",
                d.explanation, d.explanation_en
            ));
        }
    }
    out
}

/// Run `chizai calc`: returns what to print.
pub fn run(args: CalcArgs) -> Result<String, DocketError> {
    let facts = facts_from(&args)?;
    let deadlines = compute(&facts)?;
    match args.format {
        CalcFormat::Json => serde_json::to_string_pretty(&deadlines)
            .map(|s| s + "\n")
            .map_err(|e| DocketError::RuleTable(format!("JSON output failed: {e}"))),
        CalcFormat::Table => Ok(table(&deadlines, args.explain)),
    }
}
