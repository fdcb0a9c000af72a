// Date display: ISO dates (YYYY-MM-DD, as the core sends them) in 西暦 or 和暦.
// Eras follow rules.md: 昭和 to 1989-01-07, 平成 1989-01-08 – 2019-04-30, 令和 from 2019-05-01;
// year 1 is written 元年. The fiscal year (年度) starts on 1 April and is named by its first year.
import type { CalendarMode, Lang } from './prefs.svelte';

interface Era {
  start: string;
  ja: string;
  en: string;
}

const ERAS: Era[] = [
  { start: '2019-05-01', ja: '令和', en: 'Reiwa' },
  { start: '1989-01-08', ja: '平成', en: 'Heisei' },
  { start: '1926-12-25', ja: '昭和', en: 'Showa' },
];

export interface EraDate {
  era: Era;
  year: number;
  month: number;
  day: number;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})/;

/** The era year of an ISO date, or null before 昭和 or for text that is not a date. */
export function toEra(iso: string): EraDate | null {
  const m = ISO.exec(iso);
  if (!m) return null;
  const date = m[0];
  const era = ERAS.find((e) => date >= e.start);
  if (!era) return null;
  return {
    era,
    year: Number(m[1]) - Number(era.start.slice(0, 4)) + 1,
    month: Number(m[2]),
    day: Number(m[3]),
  };
}

/** An ISO date as the desk shows it: `2026/03/31`, `令和8年3月31日` or `Reiwa 8/03/31` (slashes, as Japanese offices write dates). */
export function formatDate(iso: string | null | undefined, calendar: CalendarMode, lang: Lang): string {
  if (!iso) return '—';
  const day = iso.slice(0, 10);
  const slashed = day.replaceAll('-', '/');
  if (calendar === 'seireki') return slashed;
  const e = toEra(day);
  if (!e) return slashed;
  if (lang === 'ja') {
    const year = e.year === 1 ? '元' : String(e.year);
    return `${e.era.ja}${year}年${e.month}月${e.day}日`;
  }
  return `${e.era.en} ${e.year}/${day.slice(5, 7)}/${day.slice(8, 10)}`;
}

/** The fiscal year (April–March) that an ISO date falls in. */
export function fiscalYearOf(iso: string): number {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  return month >= 4 ? year : year - 1;
}

/** A fiscal year as a label: `2025年度`, `令和7年度`, `FY2025`. */
export function formatFiscalYear(year: number, calendar: CalendarMode, lang: Lang): string {
  if (lang === 'en') return `FY${year}`;
  if (calendar === 'wareki') {
    const e = toEra(`${year}-04-01`);
    if (e) return `${e.era.ja}${e.year === 1 ? '元' : e.year}年度`;
  }
  return `${year}年度`;
}

/** The core's today when it is fixed (`CHIZAI_TODAY`), set at start-up from `app_info`. */
let fixedToday: string | null = null;

/**
 * Adopts the core's today (main.ts calls this before the first screen mounts). When the core's
 * day is fixed every screen uses it; otherwise the core follows the local clock, as this does.
 */
export function useCoreToday(today: string, fixed: boolean): void {
  fixedToday = fixed ? today : null;
}

/** Today, ISO: the core's today (see `useCoreToday`), else the machine's local date. */
export function todayIso(): string {
  if (fixedToday !== null) return fixedToday;
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A moment the core recorded (RFC 3339, stored in UTC: `2026-12-02T23:30:00Z`) as Japan time,
 * labelled: `2026/12/03 08:30 JST`. Japan has one zone and no daylight saving, so +9 h is exact;
 * the machine's own zone never enters (an auditor abroad sees the office's clock). `seconds`
 * keeps the seconds (the audit log). Text that is not a moment is shown as it came.
 */
export function formatMoment(rfc: string | null | undefined, seconds = false): string {
  if (!rfc) return '—';
  const ms = Date.parse(rfc);
  if (Number.isNaN(ms)) return rfc;
  const jst = new Date(ms + 9 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${jst.getUTCFullYear()}/${pad(jst.getUTCMonth() + 1)}/${pad(jst.getUTCDate())}`;
  const time = `${pad(jst.getUTCHours())}:${pad(jst.getUTCMinutes())}${seconds ? `:${pad(jst.getUTCSeconds())}` : ''}`;
  return `${day} ${time} JST`;
}

/**
 * How wide a column of days must be in the desk's calendar: 2026/12/11 is 10 half-width
 * characters, 令和8年12月11日 five full-width ones more (it was clipped in the dashboard).
 */
export function dueWidth(calendar: CalendarMode, lang: Lang): string {
  if (calendar === 'wareki' && lang === 'ja') return '8.4em';
  if (calendar === 'wareki') return '7.2em';
  return '6.8em';
}
