// Desk-wide shortcuts: `/` focuses the search field of the screen (or the global one), Esc
// leaves the field or closes what is open. Lists handle their own arrows and Enter.

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Installs the shortcuts; `onEscape` closes the innermost open thing and returns whether it did. */
export function installShortcuts(onEscape: () => boolean): () => void {
  const handler = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.key === '/' && !typing(event.target) && !event.ctrlKey && !event.metaKey) {
      const field =
        document.querySelector<HTMLInputElement>('main [data-search]') ??
        document.querySelector<HTMLInputElement>('#global-search');
      if (field) {
        event.preventDefault();
        field.focus();
        field.select();
      }
    } else if (event.key === 'Escape') {
      if (typing(event.target) && event.target instanceof HTMLElement) {
        event.target.blur();
        event.preventDefault();
      } else if (onEscape()) {
        event.preventDefault();
      }
    }
  };
  window.addEventListener('keydown', handler);
  return () => window.removeEventListener('keydown', handler);
}
