// The records forms' view of the one unsaved-edits guard (lib/unsaved.svelte.ts): `protect` in an
// $effect registers a dirty check, `confirmLeave` runs an action once nothing would be lost (or the
// person chose to discard in <UnsavedDialog/>), `escapeCloses` gives a form Esc-to-close through
// the same question.
import { confirmDiscard, hasUnsaved, pending, registerUnsaved } from './unsaved.svelte';

/** Registers a form's dirty check; returns the function that unregisters it (an $effect cleanup). */
export function protect(isDirty: () => boolean): () => void {
  return registerUnsaved(isDirty);
}

export function hasUnsavedEdits(): boolean {
  return hasUnsaved();
}

/** Runs `proceed` now when nothing would be lost, else once the person agrees to discard. */
export function confirmLeave(proceed: () => void): void {
  void confirmDiscard().then((discard) => {
    if (discard) proceed();
  });
}

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
    if (event.key !== 'Escape' || pending.open || typing(event.target) || event.isComposing) return;
    event.preventDefault();
    event.stopPropagation();
    confirmLeave(close);
  };
  window.addEventListener('keydown', onkey, true);
  return () => window.removeEventListener('keydown', onkey, true);
}
