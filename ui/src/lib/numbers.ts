// Yen and percentages as the office writes them, from integers only: amounts are integer yen and
// rates are basis points, so nothing here ever goes through a float.

/** Integer yen with thousands separators: 1234567 → ¥1,234,567 (negative: -¥5). */
export function yen(amount: number): string {
  const digits = BigInt(Math.trunc(amount));
  const negative = digits < 0n;
  const text = (negative ? -digits : digits).toString();
  const grouped = text.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${grouped}`;
}

/** Basis points as a percentage: 350 → 3.5 %. */
export function bpText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac} %` : `${whole} %`;
}

/** What a person typed as yen (`1,234,567`, `¥1234567`, blank) → integer yen, or null when it is not one. */
export function parseYen(text: string): number | null {
  const cleaned = text.replace(/[¥￥,，\s]/g, '');
  if (cleaned === '') return 0;
  if (!/^-?\d+$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isSafeInteger(n) ? n : null;
}

/** A percentage typed as `3`, `3.5` or `12.25` → basis points (string arithmetic), or null. */
export function parsePercent(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Whole numbers typed in a form (months, days, people) → number, null when blank, NaN when not one. */
export function parseCount(text: string): number | null {
  const cleaned = text.trim();
  if (cleaned === '') return null;
  return /^\d+$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}
