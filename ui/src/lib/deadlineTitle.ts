// What is due, in the chosen language: the rule's English title for a generated deadline (a
// manual one carries what was typed in both).
import type { Deadline } from '../bindings/Deadline';
import { prefs } from './prefs.svelte';

export function deadlineTitle(d: Pick<Deadline, 'title' | 'title_en'>): string {
  return prefs.lang === 'en' && d.title_en ? d.title_en : d.title;
}
