/**
 * A job key identifies one job: (sender address, host, backup software, backup type, job name),
 * each part trimmed, whitespace-collapsed and lower-cased, so matching ignores case and spacing
 * (DESIGN §5). An empty host means "any host". The parts are serialised as a JSON array, which
 * cannot be confused whatever characters the parts hold.
 */
export interface JobKeyParts {
  sender: string;
  host: string | null;
  software: string;
  type: string;
  jobName: string;
}

export function normaliseKeyPart(value: string | null | undefined): string {
  return (value ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

export function jobKey(parts: JobKeyParts): string {
  return JSON.stringify([
    normaliseKeyPart(parts.sender),
    normaliseKeyPart(parts.host),
    normaliseKeyPart(parts.software),
    normaliseKeyPart(parts.type),
    normaliseKeyPart(parts.jobName),
  ]);
}

/** The same key with the host left empty: a job approved for "any host" matches every device. */
export function anyHostJobKey(parts: JobKeyParts): string {
  return jobKey({ ...parts, host: null });
}
