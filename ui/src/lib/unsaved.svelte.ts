// The unsaved-edits guard: what a person typed is never lost silently.
//
// A form calls `guardUnsaved(() => isDirty, onDiscard?)` once while it initialises (it registers
// for the component's lifetime). Whoever is about to take the form away — the router on every
// screen change, Esc closing a detail, a form's own Cancel, the window's close button — awaits
// `confirmDiscard()`: it resolves `true` at once when no registered form is dirty, otherwise it
// asks in the in-app dialog (<UnsavedDialog/>, mounted once in App.svelte) and resolves with the
// person's answer. On "discard" every dirty form's `onDiscard` runs (a modal form closes itself);
// the caller then leaves without asking again (the router navigates past the guard).
//
//   const dirty = $derived(JSON.stringify(draft) !== saved);
//   guardUnsaved(() => dirty, () => onclose());
//   async function cancel() { if (await confirmDiscard()) onclose(); }

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
  $effect(() => registerUnsaved(isDirty, onDiscard));
}

/** Registers a dirty check until the returned function is called (for an `$effect` cleanup). */
export function registerUnsaved(isDirty: () => boolean, onDiscard?: () => void): () => void {
  const guard: Guard = { isDirty, onDiscard };
  guards.add(guard);
  return () => guards.delete(guard);
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

/** The dialog's answer. */
export function answerDiscard(discard: boolean): void {
  answer?.(discard);
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
