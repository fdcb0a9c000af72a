//! Benchmark of the docket engine (`bench/docket.sh` runs it): the first `compute` in a fresh
//! process (rule table and holiday tables built), then the steady-state cost of one `compute`
//! for a granted JP patent with a full set of facts. Target: `chizai calc` ≤ 10 ms.

use std::time::Instant;

use chizai_core::docket::{compute, Facts, RightType};
use chrono::NaiveDate;

fn facts() -> Result<Facts, Box<dyn std::error::Error>> {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d");
    Ok(Facts::new("JP", RightType::Patent)
        .with("filed", d("2019-12-27")?)?
        .with("disclosed", d("2019-06-01")?)?
        .with("oa_dispatched", d("2022-11-01")?)?
        .with("refusal_served", d("2023-05-01")?)?
        .with("grant_decision_served", d("2023-12-01")?)?
        .with("registered", d("2024-01-05")?)?)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let f = facts()?;
    let cold = Instant::now();
    let first = compute(&f)?;
    let cold = cold.elapsed();

    let n = 20_000u32;
    let warm = Instant::now();
    let mut total = 0usize;
    for _ in 0..n {
        total += compute(&f)?.len();
    }
    let warm = warm.elapsed();
    println!(
        "docket compute: first call (tables built) {:.3} ms; steady state {:.1} µs per call ({} deadlines, {} calls, checksum {})",
        cold.as_secs_f64() * 1e3,
        warm.as_secs_f64() * 1e6 / f64::from(n),
        first.len(),
        n,
        total
    );
    Ok(())
}
