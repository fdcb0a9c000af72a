//! Writes every report from the sample inputs, to look at the layout without a database:
//! `cargo run --example report_samples -- OUT_DIR` (then e.g. `pdftoppm -png -r 60`).

use chizai_core::report::{
    agreement_register, board_report, docket_register, policy_register, portfolio_register,
    register_report, PortfolioLine, RegisterHead,
};
use chrono::{Duration, NaiveDate};

#[path = "../src/report/sample.rs"]
mod sample;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "/tmp/chizai-samples".into()),
    );
    std::fs::create_dir_all(&out)?;
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).ok_or("date")?;
    let created = as_of.and_hms_opt(9, 0, 0).ok_or("time")?;
    let head = RegisterHead {
        institution: "国立大学法人 北辰大学".into(),
        as_of,
        created,
    };
    let (deadlines, agreements, policies) = sample::register_lines(as_of);
    let portfolio: Vec<PortfolioLine> = (0..60)
        .map(|i| PortfolioLine {
            application_id: None,
            family_reference: format!("F-{:04}", i / 3 + 1),
            family_title: "全固体電池用の硫化物固体電解質およびその製造方法".into(),
            reference: format!("U{:05}", i + 1),
            office: ["JP", "PCT", "US"][i % 3].into(),
            right_type: "特許".into(),
            status: ["登録", "国際段階終了", "審査中"][i % 3].into(),
            application_number: Some(
                ["特願2022-012345", "PCT/JP2023/004567", "18/123,456"][i % 3].into(),
            ),
            filed_on: Some(as_of - Duration::days(900 - (i as i64) * 10)),
            registration_number: (i % 3 == 0).then(|| format!("特許第{}号", 7_100_000 + i)),
            registered_on: (i % 3 == 0).then_some(as_of - Duration::days(100)),
            co_applicants: if i % 2 == 0 {
                vec!["株式会社サンプル電機（50%）".into()]
            } else {
                vec![]
            },
            licence: (i % 5 == 0).then(|| "独占許諾中".into()),
            ended: i % 11 == 0,
        })
        .collect();
    let from = as_of - Duration::days(7);
    let to = as_of + Duration::days(90);
    let reports = [
        ("board", board_report(&sample::board(2025, as_of, created))?),
        (
            "portfolio",
            register_report(&portfolio_register(&head, &portfolio))?,
        ),
        (
            "docket",
            register_report(&docket_register(&head, from, to, &deadlines))?,
        ),
        (
            "agreements",
            register_report(&agreement_register(&head, &agreements))?,
        ),
        (
            "policies",
            register_report(&policy_register(&head, &policies))?,
        ),
    ];
    for (name, pdf) in reports {
        let path = out.join(format!("{name}.pdf"));
        std::fs::write(&path, &pdf.bytes)?;
        println!("{} ({} pages)", path.display(), pdf.pages);
    }
    Ok(())
}
