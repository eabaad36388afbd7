import { ValidationError } from '../domain/errors.js';

/**
 * One line a person can act on for an error that ends a command, instead of a stack trace. System
 * errors carry a code; the common ones at start-up get their plain meaning.
 */
export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };
  switch (e?.code) {
    case 'EADDRINUSE':
      return `address ${e.address ?? ''}:${e.port ?? ''} is already in use (is another server running? set PORT / SMTP_PORT)`;
    case 'EACCES':
      return e.syscall === 'listen' ? `not allowed to listen on ${e.address ?? ''}:${e.port ?? ''} (ports below 1024 need privileges)` : `permission denied: ${e.path ?? e.message}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve host name ${e.hostname ?? ''} (check HOST, SMTP_HOST or DATABASE_URL)`;
    case 'EADDRNOTAVAIL':
      return `address ${e.address ?? ''} is not an address of this machine (check HOST / SMTP_HOST)`;
    case 'ECONNREFUSED':
      return `connection refused by ${e.address ?? ''}:${e.port ?? ''} (is the database server running? check DATABASE_URL)`;
    case 'EEXIST':
    case 'ENOTDIR':
      return `${e.path ?? ''} is not a folder (check DATA_DIR)`;
    default:
      // A validation error says what in its message and where in its problems: "unknown role: --roles: …".
      if (e instanceof ValidationError && e.problems.length > 0) {
        const detail = e.problems.map((p) => `${p.path.replace(/^\$\./, '--')}: ${p.message}`).join('; ');
        if (e.problems.every((p) => e.message.includes(p.message))) return e.message;
        return e.problems.some((p) => p.message.includes(e.message)) ? detail : `${e.message} (${detail})`;
      }
      return e instanceof Error ? e.message : String(error);
  }
}
