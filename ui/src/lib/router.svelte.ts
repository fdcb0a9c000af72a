// Hash routing: `#/portfolio`, `#/portfolio/42`. The hash keeps the place across a reload of the
// webview and lets the e2e tests and keyboard shortcuts navigate without knowing the screens.
import type { MessageKey } from '../i18n/index.svelte';

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

/** Decides whether a navigation may happen now; `proceed` completes it later (see guard.svelte.ts). */
type Blocker = (proceed: () => void) => boolean;
let blocker: Blocker | null = null;
let current = location.hash;

/** Installs the check that can hold a navigation back (the unsaved-edits guard). */
export function setNavigationBlocker(b: Blocker): void {
  blocker = b;
}

window.addEventListener('hashchange', () => {
  const next = location.hash;
  if (next === current) return;
  const arrive = () => {
    current = next;
    if (location.hash !== next) history.replaceState(null, '', next);
    Object.assign(route, parse(next));
  };
  if (blocker?.(arrive)) {
    // Held back: the address returns to where the person still is until they decide.
    history.replaceState(null, '', current);
    return;
  }
  arrive();
});

/** Goes to a screen (and optionally a record in it). */
export function go(screen: Screen, id: string | null = null, query = ''): void {
  let hash = `#/${screen}`;
  if (id !== null) hash += `/${encodeURIComponent(id)}`;
  if (query) hash += `?q=${encodeURIComponent(query)}`;
  if (location.hash !== hash) location.hash = hash;
}
