//! Collaboration activity, income, inventor compensation and KPIs: `chizai activities list`,
//! `chizai income list`, `chizai compensation --fy`, `chizai kpi --fy`.

use chizai_core::activities::{self, ActivityKind};
use chizai_core::kpi;
use chizai_core::money::{self, compensation};
use chizai_core::store::Actor;
use clap::{Args, Subcommand};

use crate::agreements::yen;
use crate::context::{parse_date, Ctx};
use crate::error::{CliError, CliResult, ErrorCode};
use crate::output::{self, opt, Format};

#[derive(Debug, Subcommand)]
pub enum ActivitiesCommand {
    /// Record an activity from a JSON file (the `activities list --format json` shape without id).
    Add { file: std::path::PathBuf },
    /// Consultations, joint research projects, start-up support and seminars.
    List {
        /// consultation, joint_research, startup_support, seminar
        #[arg(long, value_parser = |s: &str| ActivityKind::parse(s).map_err(|e| e.to_string()))]
        kind: Option<ActivityKind>,
        /// Only this fiscal year (projects: running during it).
        #[arg(long)]
        fy: Option<i32>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn activities(ctx: &Ctx, cmd: ActivitiesCommand) -> CliResult<()> {
    let mut store = ctx.open_existing()?;
    let (kind, fy, format) = match cmd {
        ActivitiesCommand::Add { file } => {
            let a: activities::Activity = crate::agreements::read_json(&file)?;
            let id = store.write(&Actor::from_env(), ctx.now, "recording an activity", |w| {
                activities::create_activity(w, &a)
            })?;
            println!("recorded {} {} (id {id})", a.kind, a.started_on);
            return Ok(());
        }
        ActivitiesCommand::List { kind, fy, format } => (kind, fy, format),
    };
    let rows = activities::list(store.conn(), kind, fy)?;
    match format {
        Format::Json => output::json(&rows)?,
        Format::Table => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|a| {
                    vec![
                        a.started_on.to_string(),
                        a.kind.to_string(),
                        opt(&a.ended_on),
                        if a.amount_yen > 0 {
                            yen(a.amount_yen)
                        } else {
                            opt(&a.audience)
                        },
                        opt(&a.outcome),
                        a.title.clone(),
                    ]
                })
                .collect();
            output::table(
                &["日付", "種別", "終了", "金額/参加者", "結果", "件名"],
                &table,
            );
            println!("{} activities", rows.len());
        }
    }
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum IncomeCommand {
    /// Book an income entry against an agreement.
    Add {
        /// The agreement (number or id).
        #[arg(long)]
        agreement: String,
        #[arg(long, value_parser = parse_date)]
        on: chrono::NaiveDate,
        /// licence_fee, running_royalty, milestone, assignment, option_fee, joint_research,
        /// contract_research, other
        #[arg(long, value_parser = |s: &str| money::IncomeCategory::parse(s).map_err(|e| e.to_string()))]
        category: money::IncomeCategory,
        /// Yen, a whole positive number.
        #[arg(long, allow_negative_numbers = true)]
        amount: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// Income entries, by date.
    List {
        #[arg(long)]
        fy: Option<i32>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn income(ctx: &Ctx, cmd: IncomeCommand) -> CliResult<()> {
    let mut store = ctx.open_existing()?;
    let (fy, format) = match cmd {
        IncomeCommand::Add {
            agreement,
            on,
            category,
            amount,
            note,
        } => {
            let agreement_id = chizai_core::agreements::find_agreement(store.conn(), &agreement)?;
            let entry = money::Income {
                id: None,
                agreement_id,
                received_on: on,
                category,
                amount_yen: amount,
                note,
            };
            let id = store.write(&Actor::from_env(), ctx.now, "booking income", |w| {
                money::create_income(w, &entry)
            })?;
            println!(
                "booked {} {} on {on} against {agreement} (id {id})",
                category,
                yen(amount)
            );
            return Ok(());
        }
        IncomeCommand::List { fy, format } => (fy, format),
    };
    let rows = money::list_income(store.conn(), fy)?;
    match format {
        Format::Json => output::json(&rows)?,
        Format::Table => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.received_on.to_string(),
                        format!("FY{}", r.fiscal_year),
                        r.category.to_string(),
                        yen(r.amount_yen),
                        r.agreement_number.clone(),
                    ]
                })
                .collect();
            output::table(&["入金日", "年度", "区分", "金額", "契約番号"], &table);
            println!(
                "{} entries, total {}",
                rows.len(),
                yen(rows.iter().map(|r| r.amount_yen).sum())
            );
        }
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct CompensationArgs {
    /// The fiscal year (年度, named by its starting year).
    #[arg(long)]
    fy: i32,
    /// Mark this person's (id) compensation for the year paid, freezing the amount.
    #[arg(long, requires = "paid_on")]
    mark_paid: Option<i64>,
    /// The payment date for --mark-paid.
    #[arg(long, value_parser = parse_date)]
    paid_on: Option<chrono::NaiveDate>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn compensation(ctx: &Ctx, args: CompensationArgs) -> CliResult<()> {
    let mut store = ctx.open_existing()?;
    if let (Some(person), Some(on)) = (args.mark_paid, args.paid_on) {
        let p = store.write(
            &Actor::from_env(),
            ctx.now,
            "compensation --mark-paid",
            |w| compensation::mark_paid(w, args.fy, chizai_core::domain::PersonId(person), on),
        )?;
        if args.format == Format::Json {
            return output::json(&p);
        }
        println!(
            "FY{} person {person}: {} marked paid on {on}",
            args.fy,
            yen(p.amount_yen)
        );
        return Ok(());
    }
    let dist = compensation::compute(store.conn(), args.fy)?;
    match args.format {
        Format::Json => output::json(&dist)?,
        Format::Table => {
            let Some(rule) = &dist.rule else {
                return Err(CliError::coded(
                    ErrorCode::NotFound,
                    format!("no compensation rule is in effect for FY{}", args.fy),
                ));
            };
            println!("FY{} 職務発明補償 — {}", dist.fiscal_year, rule.name);
            let inv: Vec<Vec<String>> = dist
                .inventions
                .iter()
                .map(|l| {
                    vec![
                        l.number.clone(),
                        yen(l.income_yen),
                        yen(l.cost_yen),
                        yen(l.net_yen),
                        yen(l.inventors_pool_yen),
                        l.title.clone(),
                    ]
                })
                .collect();
            output::table(
                &[
                    "届出番号",
                    "収入",
                    "経費",
                    "純収入",
                    "発明者配分",
                    "発明の名称",
                ],
                &inv,
            );
            println!();
            let people: Vec<Vec<String>> = dist
                .inventors
                .iter()
                .map(|l| {
                    vec![
                        l.person_id.to_string(),
                        l.name.clone(),
                        yen(l.amount_yen),
                        opt(&l.paid_on),
                    ]
                })
                .collect();
            output::table(&["ID", "発明者", "補償額", "支払日"], &people);
            println!(
                "total {} to {} inventors; unattributed income {}",
                yen(dist.total_yen),
                dist.inventors.len(),
                yen(dist.unattributed_yen)
            );
        }
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct KpiArgs {
    /// The last fiscal year shown.
    #[arg(long)]
    fy: i32,
    /// How many fiscal years, ending with --fy (the board report's charts show ten).
    #[arg(long, default_value_t = 10)]
    years: u32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, serde::Serialize)]
struct KpiReport {
    years: Vec<kpi::KpiYear>,
    targets: Vec<kpi::Trajectory>,
}

pub fn kpi(ctx: &Ctx, args: KpiArgs) -> CliResult<()> {
    let store = ctx.open_existing()?;
    let years = kpi::series(store.conn(), args.fy, args.years)?;
    let targets = kpi::targets(store.conn())?;
    match args.format {
        Format::Json => output::json(&KpiReport { years, targets })?,
        Format::Table => {
            let mut header = vec!["KPI".to_owned()];
            header.extend(years.iter().map(|k| format!("FY{}", k.fiscal_year)));
            let row = |name: &str, f: &dyn Fn(&kpi::KpiYear) -> String| {
                let mut r = vec![name.to_owned()];
                r.extend(years.iter().map(f));
                r
            };
            let table = vec![
                row("発明届出", &|k| k.disclosures.to_string()),
                row("出願 国内", &|k| k.filings.jp.to_string()),
                row("出願 PCT", &|k| k.filings.pct.to_string()),
                row("出願 外国", &|k| k.filings.foreign.to_string()),
                row("新規ファミリー", &|k| k.new_families.to_string()),
                row("特許取得", &|k| k.patents_granted.total.to_string()),
                row("実施許諾等契約", &|k| {
                    k.licensing_agreements.total.to_string()
                }),
                row("実施許諾中の特許", &|k| {
                    k.patents_under_licence.to_string()
                }),
                row("実施料等収入", &|k| yen(k.licence_income_yen)),
                row("収入合計", &|k| yen(k.income_yen)),
                row("経費", &|k| yen(k.cost_yen)),
                row("収入/経費", &|k| {
                    k.licence_income_to_cost
                        .map(|r| format!("{r:.2}"))
                        .unwrap_or_else(|| "—".into())
                }),
                row("共同研究 新規", &|k| k.joint_research_new.to_string()),
                row("共同研究 実施中", &|k| {
                    k.joint_research_ongoing.to_string()
                }),
                row("共同研究費", &|k| yen(k.joint_research_amount_yen)),
                row("ベンチャー支援", &|k| {
                    k.startups_supported.to_string()
                }),
                row("技術相談", &|k| k.consultations.to_string()),
                row("セミナー", &|k| k.seminars.to_string()),
            ];
            let header_ref: Vec<&str> = header.iter().map(String::as_str).collect();
            output::table(&header_ref, &table);
            for t in &targets {
                let point = t.points.iter().find(|p| p.fiscal_year == args.fy);
                match point {
                    Some(p) => println!(
                        "目標 {}: FY{} 目標 {:.1} / 実績 {}",
                        t.target.label, args.fy, p.target, p.actual
                    ),
                    None => println!(
                        "目標 {}: FY{}–FY{} (基準値 {})",
                        t.target.label,
                        t.target.baseline_fy,
                        t.target.baseline_fy + t.target.horizon_years as i32,
                        t.baseline
                    ),
                }
            }
        }
    }
    Ok(())
}
