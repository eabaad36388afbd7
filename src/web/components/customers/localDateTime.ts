/**
 * A `datetime-local` value ("2026-03-28T22:00") as ISO with the browser's offset at that moment
 * ("2026-03-28T22:00:00+01:00"); null when it is not a valid local time.
 */
export function localToIso(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${m[1]}T${m[2]}:${m[3] ?? '00'}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
