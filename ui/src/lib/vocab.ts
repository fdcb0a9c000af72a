// The closed vocabularies the UI offers in filters and forms, in the core's order: taken from
// the generated label table (bindings/labels.ts), never copied.
import type { Office } from '../bindings/Office';
import type { Status } from '../bindings/Status';
import { codes } from '../i18n/labels';

export const OFFICES: Office[] = codes('Office');

export const STATUSES: Status[] = codes('Status');

/** Basis points (10000 = 100 %) as a percentage for display. */
export function percent(bp: number): string {
  return `${(bp / 100).toLocaleString('ja-JP', { maximumFractionDigits: 2 })} %`;
}
