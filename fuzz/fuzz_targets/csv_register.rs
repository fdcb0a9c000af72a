//! CSV registers in any bytes (any encoding, any quoting): read, lay out and read every cell as
//! the importer does; errors only, never a panic.
#![no_main]

use chizai_core::import::columns::{layout, Mapping};
use chizai_core::import::{applications, sheet, values};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(table) = sheet::read_csv(bytes) else { return };
    let _ = layout(&table, &applications::FIELDS, &Mapping::default());
    for row in &table.rows {
        for cell in &row.cells {
            let _ = values::date(cell);
            let _ = values::whole_number(cell);
            if let Some(text) = values::text(cell) {
                let _ = values::named_shares(&text).map(|list| values::resolve_shares(&list, 10_000));
                let _ = values::status_code(&text);
            }
        }
    }
});
