import { z } from 'zod';

/** `?page=&pageSize=` of every list route: pages count from 1, 50 rows by default, at most 500. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
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
export const idParams = z.object({ id: z.coerce.number().int().positive() });
