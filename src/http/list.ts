import { z } from 'zod';

/** `?page=&pageSize=` of every list route: pages count from 1, 50 rows by default, at most 500. */
/**
 * A whole number written as plain decimal digits: `0x10`, `1e3`, ` 1` and `+1` are refused, not
 * read as 16, 1000 and 1 the way Number() would.
 */
export function decimal(min: number, max: number) {
  return z
    .union([z.number(), z.string()])
    .transform((value, ctx) => {
      const text = String(value);
      if (!/^\d{1,15}$/.test(text)) {
        ctx.addIssue({ code: 'custom', message: 'must be a whole number in plain digits' });
        return z.NEVER;
      }
      return Number(text);
    })
    .pipe(z.number().int().min(min).max(max));
}

export const pageQuery = z.object({
  page: decimal(1, 1_000_000).default(1),
  pageSize: decimal(1, 500).default(50),
});
export type PageQuery = z.infer<typeof pageQuery>;

export interface ListEnvelope<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The one shape of every list answer: `{"items":[…],"total":n,"page":1,"pageSize":50}`. */
export function listEnvelope<T>(items: T[], total: number, page: PageQuery): ListEnvelope<T> {
  return { items, total, page: page.page, pageSize: page.pageSize };
}

/** Path parameter `:id`: a positive integer, else 400 (before any 404). */
export const idParams = z.object({ id: decimal(1, Number.MAX_SAFE_INTEGER) });
