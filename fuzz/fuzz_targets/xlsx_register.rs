//! Workbooks in any bytes: calamine and the merged-cell filling return a table or an error.
#![no_main]

use chizai_core::import::sheet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = sheet::read_xlsx(bytes, None);
});
