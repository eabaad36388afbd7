/**
 * Which days a job runs on, from the local dates of its slots. Each candidate rule — daily, weekly
 * (weekdays present in at least half of their weeks, or missed fewer than twice), monthly by day of month (greedy, "a day the
 * month lacks means its last day", so the 31st covers 30 April and 28 February), monthly by nth weekday
 * (including last) — is scored by precision × recall over the dates from the first to the last slot:
 * precision = share of the rule's days that had a run, recall = share of run days the rule explains.
 * The best wins; on a tie the simpler rule (in that order). Below 0.5 the days are irregular.
 */
import { dayMatches } from './expected-slots.js';
import { addDays, dateInfo, type LocalDate } from './local-time.js';
import type { NthWeekday } from './schedule.js';

export interface DayRule {
  kind: 'daily' | 'weekly' | 'monthly';
  weekdays: number[];
  monthDays: number[];
  nthWeekday: NthWeekday | null;
  score: number;
}

type Rule = Omit<DayRule, 'score'>;
const minScore = 0.5;
/** A monthly day seen in fewer than 3 months is more likely a coincidence of a weekly job. */
const minMonthly = 3;

export function chooseDayRule(runDates: ReadonlySet<LocalDate>, first: LocalDate, last: LocalDate): DayRule | null {
  const span: LocalDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) span.push(d);
  const candidates: Rule[] = [{ kind: 'daily', weekdays: [], monthDays: [], nthWeekday: null }];
  const weekdays = weeklyDays(runDates, span);
  if (weekdays.length > 0 && weekdays.length < 7) candidates.push({ kind: 'weekly', weekdays, monthDays: [], nthWeekday: null });
  const monthDays = monthlyDays(runDates, span);
  if (monthDays.length > 0) candidates.push({ kind: 'monthly', weekdays: [], monthDays, nthWeekday: null });
  const nth = monthlyNthWeekday(runDates);
  if (nth) candidates.push({ kind: 'monthly', weekdays: [], monthDays: [], nthWeekday: nth });

  let best: DayRule | null = null;
  for (const rule of candidates) {
    const ruleDays = span.filter((d) => dayMatches(rule, d));
    const hits = ruleDays.filter((d) => runDates.has(d)).length;
    const score = ruleDays.length === 0 ? 0 : (hits / ruleDays.length) * (hits / runDates.size);
    if (!best || score > best.score + 1e-9) best = { ...rule, score };
  }
  return best && best.score >= minScore ? best : null;
}

function weeklyDays(runDates: ReadonlySet<LocalDate>, span: LocalDate[]): number[] {
  const possible = new Array<number>(8).fill(0);
  const present = new Array<number>(8).fill(0);
  for (const d of span) {
    const w = dateInfo(d).weekday;
    possible[w]!++;
    if (runDates.has(d)) present[w]!++;
  }
  // A weekday is left out only after it went without a run at least twice: one failed night in a
  // short window must not turn a daily job into "every day but Sunday".
  return [1, 2, 3, 4, 5, 6, 7].filter((w) => possible[w]! - present[w]! < 2 || present[w]! / possible[w]! >= 0.5);
}

/** Greedy: the day of month that explains most remaining dates, while it explains half the months (and 3). */
function monthlyDays(runDates: ReadonlySet<LocalDate>, span: LocalDate[]): number[] {
  const months = new Set(span.map((d) => d.slice(0, 7))).size;
  let remaining = [...runDates].map(dateInfo);
  const chosen: number[] = [];
  while (chosen.length < 4 && remaining.length > 0) {
    let bestDay = 0;
    let bestCount = 0;
    for (let v = 1; v <= 31; v++) {
      const count = remaining.filter((d) => d.day === v || (v > d.daysInMonth && d.day === d.daysInMonth)).length;
      if (count > bestCount) [bestDay, bestCount] = [v, count];
    }
    if (bestCount < Math.max(minMonthly, months / 2)) break;
    chosen.push(bestDay);
    remaining = remaining.filter((d) => !(d.day === bestDay || (bestDay > d.daysInMonth && d.day === d.daysInMonth)));
  }
  return chosen.sort((a, b) => a - b);
}

/** The most frequent (nth, weekday) of the dates; "last" wins a tie (with the 4th). */
function monthlyNthWeekday(runDates: ReadonlySet<LocalDate>): NthWeekday | null {
  const counts = new Map<string, number>();
  for (const date of runDates) {
    const d = dateInfo(date);
    if (d.day + 7 > d.daysInMonth) counts.set(`-1,${d.weekday}`, (counts.get(`-1,${d.weekday}`) ?? 0) + 1);
    const key = `${Math.ceil(d.day / 7)},${d.weekday}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best: [string, number] | null = null;
  for (const entry of counts) {
    if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0].startsWith('-1,') && !best[0].startsWith('-1,'))) best = entry;
  }
  if (!best || best[1] < minMonthly) return null;
  const [n, weekday] = best[0].split(',').map(Number);
  return { n: n!, weekday: weekday! };
}
