// English: words every form uses (save, cancel, the unsaved-edits question).
import type { Catalogue } from '../catalogue';
import type { forms as ja } from '../ja/forms';

export const forms: Catalogue<typeof ja> = {
  save: 'Save',
  saving: 'Saving…',
  cancel: 'Cancel',
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
