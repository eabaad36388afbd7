/**
 * The verdict of one slot at an instant `now` (DESIGN §9), judged by the runs' *start* times: a 22:00
 * full backup whose report arrives at 06:00 met its 22:00 slot. A run counts only once it has been
 * received (`receivedAt ≤ now`; without `receivedAt`, once it started), so the verdict at a past
 * `now` is what the service could have known then.
 *
 * - met: a received run started inside [windowStart, windowEnd] (both ends inclusive);
 * - late: no run met it, but a received run started after windowEnd and before the next slot's
 *   windowStart (a late run resolves a Missed run and is shown as late);
 * - missed: neither, and now ≥ deadline (at the deadline exactly the slot is missed);
 * - pending: neither, and now < deadline (deadline − 1 minute is still pending).
 */
import type { Slot } from './expected-slots.js';

export type SlotVerdict = 'met' | 'late' | 'missed' | 'pending';

export interface RunTimes {
  startedAt: Date;
  /** When the report arrived; a run is unknown before it. */
  receivedAt?: Date | null;
}

export function slotVerdict(slot: Slot, runs: readonly RunTimes[], now: Date, nextSlot?: Pick<Slot, 'windowStart'> | null): SlotVerdict {
  const t = now.getTime();
  const known = runs.filter((run) => (run.receivedAt ?? run.startedAt).getTime() <= t).map((run) => run.startedAt.getTime());
  if (known.some((s) => s >= slot.windowStart.getTime() && s <= slot.windowEnd.getTime())) return 'met';
  const lateUntil = nextSlot ? nextSlot.windowStart.getTime() : Number.POSITIVE_INFINITY;
  if (known.some((s) => s > slot.windowEnd.getTime() && s < lateUntil)) return 'late';
  return t >= slot.deadline.getTime() ? 'missed' : 'pending';
}

/** The verdict of each slot in a time-ordered list, each bounded by the next slot for lateness. */
export function slotVerdicts(slots: readonly Slot[], runs: readonly RunTimes[], now: Date): SlotVerdict[] {
  return slots.map((slot, i) => slotVerdict(slot, runs, now, slots[i + 1] ?? null));
}
