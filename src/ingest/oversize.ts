/** How much of an over-size mail's body is kept beside its headers (DESIGN §4: headers plus the start of the body). */
export const oversizeBodyBytes = 64 * 1024;

/**
 * Cuts an over-size mail to its headers plus the start of its body, so that it can still be stored,
 * shown and recognised instead of being dropped. Returns the mail unchanged when it is within the limit.
 */
export function truncateOversize(raw: Buffer, limit: number): { raw: Buffer; tooLarge?: { originalBytes: number } } {
  if (raw.byteLength <= limit) return { raw };
  let headerEnd = raw.indexOf('\r\n\r\n');
  let separator = 4;
  const lf = raw.indexOf('\n\n');
  if (headerEnd === -1 || (lf !== -1 && lf < headerEnd)) {
    headerEnd = lf;
    separator = 2;
  }
  const keep = headerEnd === -1 ? Math.min(raw.byteLength, oversizeBodyBytes) : headerEnd + separator + oversizeBodyBytes;
  return { raw: raw.subarray(0, Math.min(keep, raw.byteLength, limit)), tooLarge: { originalBytes: raw.byteLength } };
}
