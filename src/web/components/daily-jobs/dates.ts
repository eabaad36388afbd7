/** Local calendar dates "YYYY-MM-DD" for the Daily Jobs date picker. */
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function format(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Today in a time zone (the installation's: days are its days, DESIGN §9), or in the browser's while
 * that is not known yet. en-CA formats dates as YYYY-MM-DD.
 */
export function today(timeZone?: string): string {
  if (!timeZone) return format(new Date());
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return format(new Date());
  }
}

/** Whether text is a real calendar date "YYYY-MM-DD" (not 2026-02-30). */
export function isDate(text: string | null | undefined): text is string {
  const m = text ? datePattern.exec(text) : null;
  if (!m) return false;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return format(date) === text;
}

/** The date `days` days after (or before) a date. */
export function addDays(text: string, days: number): string {
  const m = datePattern.exec(text);
  if (!m) return text;
  return format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
}

/** An instant as a time of day in the browser ("22:00"). */
export function timeOfDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
