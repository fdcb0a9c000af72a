//! One data row read field by field: every reader returns the value or records a problem that
//! names the row and the column's header as the sheet spells it (`row 12, column 出願日: …`), so
//! a kind's planner reads all cells and reports all problems of the row at once.

use chrono::NaiveDate;

use super::columns::{Field, Layout};
use super::sheet::{Cell, Row};
use super::values::{self, Problem};

/// The cells of one row, by field, with the row's problems so far.
pub struct Cells<'a> {
    row: &'a Row,
    layout: &'a Layout,
    /// Problems found in this row.
    pub problems: Vec<Problem>,
}

impl<'a> Cells<'a> {
    /// Reads `row` laid out as `layout`.
    pub fn new(row: &'a Row, layout: &'a Layout) -> Self {
        Cells {
            row,
            layout,
            problems: Vec::new(),
        }
    }

    /// The row number as Excel shows it.
    pub fn number(&self) -> usize {
        self.row.number
    }

    /// The cell of `field`, if the sheet has the column.
    pub fn cell(&self, field: Field) -> Option<&'a Cell> {
        self.layout
            .column(field)
            .and_then(|c| self.row.cells.get(c))
    }

    /// Whether the sheet has a column for `field`.
    pub fn has(&self, field: Field) -> bool {
        self.layout.column(field).is_some()
    }

    /// Records a problem in `field`'s column (or with the whole row when the sheet lacks it).
    pub fn problem(&mut self, field: Field, message: String) {
        let column = self
            .layout
            .column(field)
            .map(|c| self.layout.header(c).to_string())
            .unwrap_or_default();
        self.problems.push(Problem {
            row: self.row.number,
            column,
            message,
        });
    }

    /// Records a problem with the whole row.
    pub fn row_problem(&mut self, message: String) {
        self.problems.push(Problem {
            row: self.row.number,
            column: String::new(),
            message,
        });
    }

    /// The trimmed text of `field`, `None` when blank or absent; a word the mapping file's
    /// `[values.FIELD]` maps reads as its target.
    pub fn text(&self, field: Field) -> Option<String> {
        let text = self.cell(field).and_then(values::text)?;
        let mapped = self
            .layout
            .values
            .get(&field)
            .and_then(|words| words.get(&super::columns::fold_value(&text)));
        Some(mapped.cloned().unwrap_or(text))
    }

    fn read<T>(
        &mut self,
        field: Field,
        reader: impl FnOnce(&Cell) -> Result<Option<T>, String>,
    ) -> Option<T> {
        match self.cell(field).map(reader) {
            Some(Ok(v)) => v,
            Some(Err(message)) => {
                self.problem(field, message);
                None
            }
            None => None,
        }
    }

    /// A date (和暦, serials, date cells, ISO …).
    pub fn date(&mut self, field: Field) -> Option<NaiveDate> {
        self.read(field, values::date)
    }

    /// A whole number (`5`, `５`, `第5年分`).
    pub fn whole(&mut self, field: Field) -> Option<u32> {
        self.read(field, values::whole_number)
    }

    /// An amount of yen (`¥1,200,000`, `120万円`, a number cell).
    pub fn yen(&mut self, field: Field) -> Option<i64> {
        self.read(field, values::yen)
    }

    /// Yes or no (有/無, ○/×, はい/いいえ, TRUE/FALSE).
    pub fn yes_no(&mut self, field: Field) -> Option<bool> {
        self.read(field, values::yes_no)
    }

    /// A percentage as basis points (`3%`, `3`, `３．５％`).
    pub fn percent_bp(&mut self, field: Field) -> Option<u32> {
        self.read(field, values::percent_bp)
    }

    /// Text read through a vocabulary: `words` maps what people write to the value, and the
    /// problem lists what may be written when it does not.
    pub fn word<T>(
        &mut self,
        field: Field,
        words: impl FnOnce(&str) -> Option<T>,
        expected: &str,
    ) -> Option<T> {
        let text = self.text(field)?;
        let value = words(&text);
        if value.is_none() {
            self.problem(field, format!("{text} is not {expected}"));
        }
        value
    }
}
