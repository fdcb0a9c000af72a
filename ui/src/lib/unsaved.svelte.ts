// The unsaved-edits guard, the one for every form of the desk: what a person typed is never lost
// silently.
//
// A form calls `guardUnsaved(() => isDirty, onDiscard?)` once while it initialises (it registers
// for the component's lifetime). Whoever is about to take the form away — the router on every
// screen or record change, Esc, a form's own Cancel, the window's close button — asks
// `confirmDiscard()` (or `confirmLeave(action)`): it answers at once when no registered form is
// dirty, otherwise it asks in the in-app dialog (<UnsavedDialog/>, mounted once in App.svelte)
// with the person's answer. On "discard" every dirty form's `onDiscard` runs (a modal form closes
// itself, an inline one folds away); the caller then leaves without asking again (the router
// navigates past the guard).
//
//   const dirty = $derived(JSON.stringify(draft) !== saved);
//   guardUnsaved(() => dirty, () => onclose());
//   closeOnEscape(onclose);
//   <button onclick={() => confirmLeave(onclose)}>Cancel</button>

interface Guard {
  isDirty: () => boolean;
  onDiscard?: () => void;
}

const guards = new Set<Guard>();

/** The question on screen, or null. Read by UnsavedDialog. */
export const pending = $state<{ open: boolean }>({ open: false });
let answer: ((discard: boolean) => void) | null = null;

/** Registers a form's dirty check for the calling component's lifetime (call during init). */
export function guardUnsaved(isDirty: () => boolean, onDiscard?: () => void): void {
  $effect(() => {
    const guard: Guard = { isDirty, onDiscard };
    guards.add(guard);
    return () => guards.delete(guard);
  });
}

/** True when some registered form holds unsaved edits. */
export function hasUnsaved(): boolean {
  for (const g of guards) if (g.isDirty()) return true;
  return false;
}

/** Resolves true when leaving is fine: nothing is dirty, or the person chose to discard. */
export function confirmDiscard(): Promise<boolean> {
  if (!hasUnsaved()) return Promise.resolve(true);
  if (answer) answer(false); // a second request replaces an unanswered first one
  pending.open = true;
  return new Promise((resolve) => {
    answer = (discard) => {
      answer = null;
      pending.open = false;
      if (discard) for (const g of [...guards]) if (g.isDirty()) g.onDiscard?.();
      resolve(discard);
    };
  });
}

/** Runs `proceed` now when nothing would be lost, else once the person agrees to discard. */
export function confirmLeave(proceed: () => void): void {
  void confirmDiscard().then((discard) => {
    if (discard) proceed();
  });
}

/** The dialog's answer. */
export function answerDiscard(discard: boolean): void {
  answer?.(discard);
}

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Esc closes the calling form through `confirmLeave`, for the component's lifetime (call during
 * init). Inside a field Esc first leaves the field (the desk's own handler); outside one it closes
 * the form. Listens in the capture phase, before the desk's Esc, which would close the whole
 * record the form is in.
 */
export function closeOnEscape(close: () => void): void {
  $effect(() => {
    const onkey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || pending.open || typing(event.target) || event.isComposing) return;
      event.preventDefault();
      event.stopPropagation();
      confirmLeave(close);
    };
    window.addEventListener('keydown', onkey, true);
    return () => window.removeEventListener('keydown', onkey, true);
  });
}

/**
 * Asks before the window closes while edits are unsaved (Tauri's close-requested event). Outside
 * Tauri (a plain browser during development) it does nothing. Returns the uninstaller.
 */
export function installCloseGuard(): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  if (!('__TAURI_INTERNALS__' in window)) return () => {};
  import('@tauri-apps/api/window').then(async ({ getCurrentWindow }) => {
    const win = getCurrentWindow();
    const unlisten = await win.onCloseRequested(async (event) => {
      if (!hasUnsaved()) return;
      event.preventDefault();
      if (await confirmDiscard()) await win.destroy();
    });
    if (stopped) unlisten();
    else stop = unlisten;
  });
  return () => {
    stopped = true;
    stop?.();
  };
}
