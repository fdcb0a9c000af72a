// A column of a RecordTable: its header, and how to show one record in it.
export interface Column<R> {
  label: string;
  /** The cell's text; a table that renders its own cells (RecordTable's `cells`) leaves it out. */
  text?: (row: R) => string;
  /** Extra class on the cell: `num` (tabular figures), `right` (money). */
  cls?: string;
  /** Short tag for test and style hooks (`data-col`), e.g. `number`. */
  key?: string;
}
