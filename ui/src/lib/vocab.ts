// The closed vocabularies the UI offers in filters and forms, in the core's order.
import type { Office } from '../bindings/Office';
import type { Status } from '../bindings/Status';

export const OFFICES: Office[] = ['JP', 'PCT', 'US', 'EP', 'CN', 'KR', 'TW', 'DE', 'GB', 'FR', 'CA', 'AU', 'IN', 'SG'];

export const STATUSES: Status[] = [
  'drafting',
  'filed',
  'published',
  'examination',
  'granted',
  'refused',
  'lapsed',
  'abandoned',
  'expired',
  'concluded',
];

/** Basis points (10000 = 100 %) as a percentage for display. */
export function percent(bp: number): string {
  return `${(bp / 100).toLocaleString('ja-JP', { maximumFractionDigits: 2 })} %`;
}
