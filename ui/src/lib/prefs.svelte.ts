// Display preferences of this desk (language, calendar), kept in the webview's local storage:
// they are a person's taste, not institution data, so they never go to the database.
export type Lang = 'ja' | 'en';
export type CalendarMode = 'seireki' | 'wareki';

const KEY = 'chizai.prefs';

function load(): { lang: Lang; calendar: CalendarMode } {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, unknown>;
    return {
      lang: raw.lang === 'en' ? 'en' : 'ja',
      calendar: raw.calendar === 'wareki' ? 'wareki' : 'seireki',
    };
  } catch {
    return { lang: 'ja', calendar: 'seireki' };
  }
}

export const prefs = $state(load());

/** Saves the preferences and labels the document with the language (fonts, screen readers). */
export function savePrefs(): void {
  localStorage.setItem(KEY, JSON.stringify(prefs));
  document.documentElement.lang = prefs.lang;
}
