import { absoluteToUtc } from '../support/time.js';

/**
 * Kopia's notification templates print times three ways depending on version and template:
 * Go's default "2024-11-04 22:37:14 -0800 PST", RFC 3339 "2020-01-02T03:04:05Z" and RFC 1123Z
 * "Thu, 02 Jan 2020 03:04:05 +0000". All carry their own offset.
 */
export function kopiaTime(value: string, trace: string[], label: string): string | null {
  const text = value.trim();
  const go = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})\b/.exec(text);
  if (go) {
    const offset = go[3] === 'Z' ? 'Z' : `${go[3]!.slice(0, 3)}:${go[3]!.slice(-2)}`;
    return absoluteToUtc(`${go[1]}T${go[2]}${offset}`, trace, label);
  }
  const rfc1123 = /^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} (?:[+-]\d{4}|[A-Z]{2,4})/.exec(text);
  if (rfc1123) return absoluteToUtc(rfc1123[0], trace, label);
  trace.push(`${label}: "${text}" is not a time format Kopia writes, ignored`);
  return null;
}

const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ns: 1e-9 };

/** A Go duration ("1m26s", "12.939ms", "1.1s", "0s") in seconds, or null. */
export function goDurationSeconds(value: string): number | null {
  const text = value.trim();
  if (!/^(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|μs|ns))+$/.test(text)) return null;
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|μs|ns)/g)) total += Number(part[1]) * units[part[2]!]!;
  return total;
}
