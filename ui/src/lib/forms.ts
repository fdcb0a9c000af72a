// Helpers shared by the desk's forms: the core's validation errors placed beside their inputs
// (by form key, or by the record's field name), typed dates read by the core, shares typed as
// percentages, the people a form offers.
import * as commands from '../bindings/commands';
import type { UiError } from './api';
import type { Person } from '../bindings/Person';
import type { PersonEntry } from '../bindings/PersonEntry';

/** Messages by form key (`title`, `inventors`, `family_reference`, …). */
export type FieldErrors = Record<string, string>;

/**
 * The form key of a core field name. `own` is the record the form edits: its prefix is dropped
 * (`application.filed_on` → `filed_on`); another record's dots become underscores
 * (`family.reference` → `family_reference`); list positions are dropped
 * (`priority_claims[0].filed_on` → `priority_claims`).
 */
export function fieldKey(field: string, own: string): string {
  const bare = field.startsWith(`${own}.`) ? field.slice(own.length + 1) : field;
  const head = bare.split('[')[0] ?? bare;
  return head.replaceAll('.', '_');
}

/**
 * Splits a failed save into inline messages (validation errors on a field the form shows) and
 * the rest, shown at the top of the form.
 */
export function placeError(
  err: UiError,
  own: string,
  shown: readonly string[],
): { fields: FieldErrors; rest: UiError | null } {
  if (err.code === 'validation' && err.field) {
    const key = fieldKey(err.field, own);
    if (shown.includes(key)) return { fields: { [key]: err.message }, rest: null };
  }
  return { fields: {}, rest: err };
}

/** A typed date read by the core (西暦, 和暦, R6.4.1, …): the ISO day, or the core's message. */
export async function readDate(
  field: string,
  text: string,
): Promise<{ iso: string | null; error: string | null }> {
  if (!text.trim()) return { iso: null, error: null };
  try {
    return { iso: await commands.parseTypedDate(field, text), error: null };
  } catch (e) {
    return { iso: null, error: (e as UiError).message };
  }
}

/** A percentage as typed (`33.33`, `３３．３３`, `50 %`) in basis points, or NaN. */
export function percentToBp(text: string): number {
  const folded = text
    .normalize('NFKC')
    .replace(/[%\s]/g, '')
    .replace(',', '.');
  if (!/^\d+(\.\d{0,2})?$/.test(folded)) return NaN;
  return Math.round(Number(folded) * 100);
}

/** Basis points as the percentage a person types: 3333 → `33.33`. */
export function bpToPercent(bp: number): string {
  return String(bp / 100);
}

/** A choice in a form's list: the record's id and how it is named. */
export interface Choice {
  id: number;
  label: string;
}

/** How a person is named where one is chosen or listed: 氏名（所属）. */
export function personLabel(p: Person): string {
  return p.department ? `${p.name}（${p.department}）` : p.name;
}

/** The people a form offers, by name: the current ones, and those in `keep` (named on the record) even if they left. */
export function personChoices(entries: PersonEntry[], keep: Iterable<number>): Choice[] {
  const named = new Set(keep);
  return entries
    .filter((e) => e.person.id !== null && (!e.obsolete || named.has(e.person.id)))
    .map((e) => ({ id: e.person.id as number, label: personLabel(e.person) }))
    .sort((x, y) => x.label.localeCompare(y.label, 'ja'));
}

/** A list row being edited: the chosen id as the select's value and the share as typed. */
export interface ShareRow {
  id: string;
  pct: string;
}

/** The rows that name someone, as (id, basis points); NaN shares are sent as 0 for the core to refuse. */
export function rowsToShares(rows: ShareRow[]): { id: number; bp: number }[] {
  return rows
    .filter((r) => r.id !== '')
    .map((r) => {
      const bp = percentToBp(r.pct);
      return { id: Number(r.id), bp: Number.isNaN(bp) ? 0 : bp };
    });
}

/** Empty text as null, for optional fields. */
export function orNull(text: string | null | undefined): string | null {
  const v = (text ?? '').trim();
  return v === '' ? null : v;
}


/** The field a validation error names, without its record prefix: `agreement.terms.upfront_yen` → `terms.upfront_yen`. */
export function errorField(error: UiError | null): string | null {
  if (!error || error.code !== 'validation' || !error.field) return null;
  const dot = error.field.indexOf('.');
  return dot < 0 ? error.field : error.field.slice(dot + 1);
}

/** The core's message for `name`, or null when the error is about another field. */
export function fieldMessage(error: UiError | null, name: string): string | null {
  const field = errorField(error);
  if (field === null) return null;
  // `parties[0]`, `links[2]` belong to the list field; `terms.milestones[1].x` to `terms.milestones`.
  const base = field.replace(/\[\d+\].*$/, '');
  if (field !== name && base !== name) return null;
  return error?.message ?? null;
}

/** An error no field of the form shows (so the form shows it at its top). */
export function unplaced(error: UiError | null, names: readonly string[]): UiError | null {
  if (!error) return null;
  return names.some((n) => fieldMessage(error, n) !== null) ? null : error;
}
