// Message lookup. `t('nav.docket')` reads the current language from prefs, so every template
// that calls it re-renders when the language switches.
import { en } from './en';
import { ja } from './ja';
import type { Catalogue, KeyOf } from './catalogue';
import { prefs } from '../lib/prefs.svelte';

export type MessageKey = KeyOf<typeof ja>;
type Params = Record<string, string | number>;

const catalogues: Record<'ja' | 'en', Catalogue<typeof ja>> = { ja, en };

function lookup(catalogue: unknown, key: string): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The message for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Params = {}): string {
  const text = lookup(catalogues[prefs.lang], key) ?? lookup(ja, key) ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
