/**
 * Builds plain test mails (not any vendor's format) for pipeline and source tests. Vendor formats are
 * only ever tested with the fixtures in each parser's folder.
 */
export interface TestMail {
  from?: string;
  to?: string;
  subject?: string;
  date?: string;
  messageId?: string | null;
  body?: string;
  headers?: Record<string, string>;
  contentType?: string;
}

let sequence = 0;

export function buildMail(mail: TestMail = {}): Buffer {
  sequence += 1;
  const lines = [
    ...Object.entries(mail.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    `From: ${mail.from ?? 'Backup Script <backup@acme.example>'}`,
    `To: ${mail.to ?? 'reports@msp.example'}`,
    `Subject: ${mail.subject ?? 'Nightly backup succeeded'}`,
    `Date: ${mail.date ?? 'Mon, 15 Jan 2024 02:00:00 +0100'}`,
  ];
  if (mail.messageId !== null) lines.push(`Message-ID: <${mail.messageId ?? `test-${process.pid}-${Date.now()}-${sequence}@acme.example`}>`);
  lines.push('MIME-Version: 1.0', `Content-Type: ${mail.contentType ?? 'text/plain; charset=utf-8'}`, '', mail.body ?? 'The backup completed successfully.', '');
  return Buffer.from(lines.join('\r\n'));
}
