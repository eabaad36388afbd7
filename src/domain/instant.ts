import { z } from 'zod';

/**
 * An instant as every API body takes it: ISO 8601 with `Z` or an offset, stored as UTC with
 * milliseconds (`2026-12-24T17:00:00.000Z`). Years 1970 to 9999 only: stored times are compared as
 * text, and a later year would be written `+010000-…`, sorting before every real date (a trial found a
 * ticket "active from year 10000" linking itself at once).
 */
export const isoInstant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with Z or an offset, like 2026-12-24T18:00:00+01:00' })
  .transform((text) => new Date(text).toISOString())
  .refine((iso) => /^\d{4}-/.test(iso) && iso >= '1970-01-01T00:00:00.000Z', 'must lie between the years 1970 and 9999 (UTC)');
