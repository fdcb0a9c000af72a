// A column of a RecordTable: how to show one record in it.
export interface Column<R> {
  label: string;
  text: (row: R) => string;
  /** Extra class on the cell: `num` (tabular figures), `right` (money). */
  cls?: string;
  /** Short tag for test and style hooks (`data-col`), e.g. `number`. */
  key?: string;
}
