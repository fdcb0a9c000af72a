// The labels of every code (status, kind, route, role, event, …) come from the core, through the
// generated bindings/labels.ts: the catalogues below take them from here and never copy them, so
// the desktop says what the PDF reports and the Excel exports say.
import { LABELS } from '../bindings/labels';

type Table = typeof LABELS;

/** Every vocabulary's codes with their label in one language. */
export type LabelsIn = { [V in keyof Table]: { [C in keyof Table[V]]: string } };

function pick(lang: 'ja' | 'en'): LabelsIn {
  const out: Record<string, Record<string, string>> = {};
  for (const [vocabulary, codes] of Object.entries(LABELS)) {
    const labels: Record<string, string> = {};
    for (const [code, label] of Object.entries(codes)) labels[code] = label[lang];
    out[vocabulary] = labels;
  }
  return out as LabelsIn;
}

/** Japanese labels of every code. */
export const labelsJa = pick('ja');
/** English labels of every code. */
export const labelsEn = pick('en');

/** The codes of `vocabulary`, in the core's declaration order (for filters and forms). */
export function codes<V extends keyof Table>(vocabulary: V): (keyof Table[V] & string)[] {
  return Object.keys(LABELS[vocabulary]) as (keyof Table[V] & string)[];
}
