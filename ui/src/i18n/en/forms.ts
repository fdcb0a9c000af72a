// English: words the records forms share (save, edit, create, remove) and their checks of numbers typed.
import type { Catalogue } from '../catalogue';
import type { forms as ja } from '../ja/forms';

export const forms: Catalogue<typeof ja> = {
  save: 'Save',
  edit: 'Edit',
  create: 'New',
  notYen: 'Enter whole yen (e.g. 1,000,000)',
  notPercent: 'Enter the rate as a percentage (e.g. 3 or 3.5)',
  notCount: 'Enter a whole number, 0 or more',
  saved: 'Saved',
  required: 'required',
  remove: 'Remove',
  add: 'Add',
};
