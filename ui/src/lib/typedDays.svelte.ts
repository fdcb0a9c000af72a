// The typed days (DayInput) of one form, read before it saves. A day is read by the core when its
// field is left; a click on Save can come before that read has answered, and a text that is no
// day keeps the field's last good value. So the form (FormSheet, InlineForm) collects its day
// fields, and on Save reads what is still unread and saves only when every one is a day (or empty).
import { getContext, setContext } from 'svelte';

interface TypedDay {
  /** Reads the field's text now; true when it is a day or empty. */
  settle: () => Promise<boolean>;
}

const KEY = Symbol('typed days');

/** In a form, during init: returns the check to await before saving. */
export function collectDays(): () => Promise<boolean> {
  const days = new Set<TypedDay>();
  setContext(KEY, days);
  return async () => (await Promise.all([...days].map((d) => d.settle()))).every(Boolean);
}

/** In a day field, during init: joins the enclosing form's check for the field's lifetime. */
export function joinDays(day: TypedDay): void {
  const days = getContext<Set<TypedDay> | undefined>(KEY);
  if (!days) return;
  $effect(() => {
    days.add(day);
    return () => days.delete(day);
  });
}
