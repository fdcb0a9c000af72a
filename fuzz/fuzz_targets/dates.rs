//! Dates as typed: any text gives a date or an error, never a panic; a parsed date reads back
//! from its 和暦 form.
#![no_main]

use chizai_core::era::{format_wareki, parse_date};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(date) = parse_date(text) {
        assert_eq!(parse_date(&format_wareki(date)), Ok(date), "{text:?} → {date} round-trips through 和暦");
    }
});
