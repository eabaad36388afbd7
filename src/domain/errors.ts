/**
 * Typed errors of the core, each with a stable `code`. Services throw these; the HTTP layer maps them
 * once to `{ "error": { "code", "message", "details" } }` and a status; the CLI prints the message.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface Problem {
  /** Where the problem is: a JSON path (`$.jobs[3].customer`), a CSV position (`line 4, column name`), or a field name. */
  path: string;
  message: string;
}

export class ValidationError extends AppError {
  constructor(message: string, readonly problems: Problem[] = []) {
    super('validation_failed', message, { problems });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'sign in first', code = 'unauthenticated', details?: unknown) {
    super(code, message, details);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'your active role may not do this') {
    super('forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id?: string | number) {
    super('not_found', id === undefined ? `${what} not found` : `${what} ${id} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: unknown, code = 'conflict') {
    super(code, message, details);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message: string, details?: unknown) {
    super('too_many_requests', message, details);
  }
}
