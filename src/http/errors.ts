import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../domain/errors.js';

const statusOf = (error: AppError): number => {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof TooManyRequestsError) return 429;
  return 400;
};

/** The one place where errors become HTTP answers: `{ "error": { "code", "message", "details" } }`. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      return reply.code(statusOf(error)).send({ error: { code: error.code, message: error.message, details: error.details ?? null } });
    }
    const status = (error as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own: malformed JSON, body too large, unsupported content type.
      const fastifyCode = String((error as FastifyError).code ?? '');
      const code = fastifyCode.includes('JSON') ? 'invalid_json' : fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'body_too_large' : fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request';
      return reply.code(status).send({ error: { code, message: error.message, details: null } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error; see the server log', details: null } });
  });
}
