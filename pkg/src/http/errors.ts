import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The JSON body of every error response. `field` names the offending input when there is one. */
export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

/** An error a handler throws on purpose; rendered as `{error, message, field}` with its status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function badRequest(message: string, field?: string): HttpError {
  return new HttpError(400, 'bad_request', message, field);
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  431: 'request_header_fields_too_large',
  503: 'unavailable',
};

/** Messages for Fastify's own request errors, rewritten to say what to do next. */
function clientMessage(error: FastifyError, bodyLimitBytes: number): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return `request body is not valid JSON: ${error.message}`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `request body is larger than the limit of ${bodyLimitBytes} bytes`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `unsupported Content-Type: send the body as application/json`;
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'Content-Length does not match the body that was sent';
    default:
      break;
  }
  if (error instanceof SyntaxError) {
    return `request body is not valid JSON: ${error.message}`;
  }
  return error.message;
}

/** Installs the JSON error and not-found handlers: no route ever answers with HTML or a stack trace. */
export function installErrorHandlers(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HttpError) {
      const body: ErrorBody = { error: error.code, message: error.message };
      if (error.field !== undefined) {
        body.field = error.field;
      }
      return reply.status(error.statusCode).send(body);
    }
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600
        ? error.statusCode
        : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply
        .status(status)
        .send({ error: CODE_BY_STATUS[status] ?? 'internal', message: 'internal error; see the server log' });
    }
    request.log.info({ code: error.code, status }, 'request rejected: %s', error.message);
    return reply
      .status(status)
      .send({ error: CODE_BY_STATUS[status] ?? 'bad_request', message: clientMessage(error, bodyLimitBytes) });
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` };
    return reply.status(404).send(body);
  });
}
