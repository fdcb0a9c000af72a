// Hash routing: `#/portfolio`, `#/portfolio/42`. The hash keeps the place across a reload of the
// webview and lets the e2e tests and keyboard shortcuts navigate without knowing the screens.
import type { MessageKey } from '../i18n/index.svelte';
import { confirmDiscard, hasUnsaved } from './unsaved.svelte';

export const SCREENS = [
  'dashboard',
  'docket',
  'portfolio',
  'disclosures',
  'agreements',
  'policies',
  'activities',
  'money',
  'reports',
  'transfer',
  'snapshots',
  'settings',
  'audit',
] as const;

export type Screen = (typeof SCREENS)[number];

export const SCREEN_LABEL: Record<Screen, MessageKey> = {
  dashboard: 'nav.dashboard',
  docket: 'nav.docket',
  portfolio: 'nav.portfolio',
  disclosures: 'nav.disclosures',
  agreements: 'nav.agreements',
  policies: 'nav.policies',
  activities: 'nav.activities',
  money: 'nav.money',
  reports: 'nav.reports',
  transfer: 'nav.transfer',
  snapshots: 'nav.snapshots',
  settings: 'nav.settings',
  audit: 'nav.audit',
};

export interface Route {
  screen: Screen;
  /** The record open in the screen's detail pane, if any. */
  id: string | null;
  /** A search text carried in the route (`#/portfolio?q=…`). */
  query: string;
}

function parse(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [screen, id] = path.split('/');
  const q = new URLSearchParams(search).get('q') ?? '';
  const known = SCREENS.find((s) => s === screen);
  return { screen: known ?? 'dashboard', id: known && id ? decodeURIComponent(id) : null, query: q };
}

export const route = $state(parse(location.hash));

// The hash the route shows. A change of hash (a link, go(), Back) while a form holds unsaved
// edits is put back at once and only carried out when the person chooses to discard them.
let shown = location.hash;
let passing: string | null = null;

window.addEventListener('hashchange', async () => {
  const next = location.hash;
  if (next === shown) return;
  if (passing !== next && hasUnsaved()) {
    history.replaceState(history.state, '', shown || '#/');
    if (!(await confirmDiscard())) return;
    passing = next;
    location.hash = next;
    return;
  }
  passing = null;
  shown = next;
  Object.assign(route, parse(next));
});

/** Goes to a screen (and optionally a record in it); asks first when edits are unsaved. */
export function go(screen: Screen, id: string | null = null, query = ''): void {
  let hash = `#/${screen}`;
  if (id !== null) hash += `/${encodeURIComponent(id)}`;
  if (query) hash += `?q=${encodeURIComponent(query)}`;
  if (location.hash !== hash) location.hash = hash;
}
