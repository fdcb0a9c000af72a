//! Every number parser, every office: any text gives a number or an error, never a panic, and a
//! parsed number's canonical form parses back to itself.
#![no_main]

use chizai_core::domain::Office;
use chizai_core::numbers::{infer_office, parse_application_number, parse_publication_number, parse_registration_number};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for office in Office::ALL.iter().copied() {
        if let Ok(n) = parse_application_number(&office, text) {
            let again = parse_application_number(&office, &n.normalized).map(|m| m.normalized);
            assert_eq!(again.as_deref(), Ok(n.normalized.as_str()), "canonical form of {text:?} is a fixed point");
        }
        let _ = parse_registration_number(&office, text);
        let _ = parse_publication_number(&office, text);
    }
    let _ = infer_office(text);
});
