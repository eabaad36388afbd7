/** Statuses of a run or object, from best to worst (DESIGN §2). `unknown` counts as a warning. */
export const statuses = ['success', 'unknown', 'warning', 'failed', 'missed'] as const;
export type Status = (typeof statuses)[number];

/** Statuses a parser may produce; `missed` only comes from the schedule task. */
export type ReportStatus = Exclude<Status, 'missed'>;

const rank: Record<Status, number> = { success: 0, unknown: 1, warning: 2, failed: 3, missed: 3 };

export function statusRank(status: Status): number {
  return rank[status];
}

/** Worst wins: a run is as bad as its worst part. `unknown` is worse than success, better than warning. */
export function worstStatus<S extends Status>(first: S, ...rest: S[]): S {
  let worst = first;
  for (const status of rest) if (rank[status] > rank[worst]) worst = status;
  return worst;
}
