// Helpers shared by the records forms: which field a core validation error names, and the message
// to show beside it.
import type { UiError } from './api';

/** The field a validation error names, without its record prefix: `agreement.terms.upfront_yen` → `terms.upfront_yen`. */
export function errorField(error: UiError | null): string | null {
  if (!error || error.code !== 'validation' || !error.field) return null;
  const dot = error.field.indexOf('.');
  return dot < 0 ? error.field : error.field.slice(dot + 1);
}

/** The core's message for `name` (its `field: ` prefix dropped), or null when the error is about another field. */
export function fieldMessage(error: UiError | null, name: string): string | null {
  const field = errorField(error);
  if (field === null) return null;
  // `parties[0]`, `links[2]` belong to the list field; `terms.milestones[1].x` to `terms.milestones`.
  const base = field.replace(/\[\d+\].*$/, '');
  if (field !== name && base !== name) return null;
  const prefix = `${error?.field}: `;
  const message = error?.message ?? '';
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** An error no field of the form shows (so the form shows it at its top). */
export function unplaced(error: UiError | null, names: readonly string[]): UiError | null {
  if (!error) return null;
  return names.some((n) => fieldMessage(error, n) !== null) ? null : error;
}

/** Blank text as null (optional fields cross as `null`). */
export function orNull(text: string): string | null {
  const v = text.trim();
  return v === '' ? null : v;
}
