// The unsaved-edits guard: a form registers "am I dirty?" while it is open; leaving the place
// (navigating to another screen or record, Esc, closing the form) goes through `confirmLeave`,
// which asks first when something would be lost. The question is the in-app dialog
// (components/LeaveGuard.svelte), not window.confirm, so it looks like the desk and the e2e tests
// see it in the DOM.
import { setNavigationBlocker } from './router.svelte';

const checks = new Set<() => boolean>();

/** The pending question: what to do when the person chooses to discard. */
export const guard = $state<{ proceed: (() => void) | null }>({ proceed: null });

/** Registers a form's dirty check; returns the function that unregisters it (an $effect cleanup). */
export function protect(isDirty: () => boolean): () => void {
  checks.add(isDirty);
  return () => checks.delete(isDirty);
}

export function hasUnsavedEdits(): boolean {
  for (const dirty of checks) if (dirty()) return true;
  return false;
}

/** Runs `proceed` now when nothing would be lost, else once the person agrees to discard. */
export function confirmLeave(proceed: () => void): void {
  if (!hasUnsavedEdits()) proceed();
  else guard.proceed = proceed;
}

/** The person's answer: discard (forget every dirty form, then go on) or stay. */
export function answer(discard: boolean): void {
  const proceed = guard.proceed;
  guard.proceed = null;
  if (discard && proceed) {
    // The forms are being left: their edits no longer count, even before they unmount.
    checks.clear();
    proceed();
  }
}

setNavigationBlocker((proceed) => {
  if (!hasUnsavedEdits()) return false;
  guard.proceed = proceed;
  return true;
});

window.addEventListener('beforeunload', (event) => {
  if (hasUnsavedEdits()) event.preventDefault();
});

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Esc (outside a field — inside one, the desk's own handler first leaves the field) closes an open
 * form through `confirmLeave`. Listens in the capture phase, before the desk's Esc, which would
 * close the whole record. Returns the cleanup for an $effect.
 */
export function escapeCloses(close: () => void): () => void {
  const onkey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || guard.proceed || typing(event.target) || event.isComposing) return;
    event.preventDefault();
    event.stopPropagation();
    confirmLeave(close);
  };
  window.addEventListener('keydown', onkey, true);
  return () => window.removeEventListener('keydown', onkey, true);
}
