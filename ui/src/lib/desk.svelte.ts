// Which database the desk is on and who is signed in (app_info, asked once at start), and the
// refresh that shows colleagues' changes on an office server.
import type { AppInfo } from '../bindings/AppInfo';
import { DOCKET_CHANGED } from './docketApi';

export const desk = $state<{ info: AppInfo | null }>({ info: null });

const WRITING_ROLES = ['owner', 'admin', 'staff'];

/** True when the signed-in server role only reads (an auditor, or a login without a role). */
export function serverReadOnly(): boolean {
  const server = desk.info?.server;
  return !!server && !WRITING_ROLES.includes(server.role);
}

/** Fired when the screens should re-read what they show (others may have changed it). */
export const REFRESH = 'chizai:refresh';
const EVERY_MS = 60_000;
const AT_MOST_EVERY_MS = 2_000;

/**
 * On an office server: asks the current screen to re-read its data when the window regains
 * focus or becomes visible again, and every minute while it is visible. Each screen re-runs only
 * its own query and keeps what it shows until the new rows arrive (no flicker). Returns the
 * uninstaller.
 */
export function installLiveRefresh(): () => void {
  let last = Date.now();
  const fire = () => {
    if (document.visibilityState !== 'visible') return;
    if (Date.now() - last < AT_MOST_EVERY_MS) return;
    last = Date.now();
    window.dispatchEvent(new Event(REFRESH));
    // The docket's lists and the navigation badge already re-read on this.
    window.dispatchEvent(new Event(DOCKET_CHANGED));
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') fire();
  };
  window.addEventListener('focus', fire);
  document.addEventListener('visibilitychange', onVisible);
  const timer = setInterval(fire, EVERY_MS);
  return () => {
    window.removeEventListener('focus', fire);
    document.removeEventListener('visibilitychange', onVisible);
    clearInterval(timer);
  };
}

/** Calls `fn` on every refresh while the calling component lives. */
export function onRefresh(fn: () => void): void {
  $effect(() => {
    window.addEventListener(REFRESH, fn);
    return () => window.removeEventListener(REFRESH, fn);
  });
}
