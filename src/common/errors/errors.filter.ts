import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isTransient, isUnavailable } from '../../database/db-errors.js';
import { DomainError } from './domain-error.js';
import { ErrorBody, codeForStatus, errorBody } from './error-body.js';
import { ErrorCode } from './error-code.js';

/**
 * The one place where an exception becomes a response. Domain errors carry
 * their code; framework errors are mapped by status; anything else is a bug:
 * a generic 500, logged with the request id, never leaking internals.
 */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { body, headers } = toResponse(exception);
    if (body.code === ErrorCode.SERVICE_UNAVAILABLE && !(exception instanceof DomainError)) {
      this.logger.warn({ reqId: request?.id, method: request?.method, url: request?.url, err: String(exception) }, 'database unavailable');
    }
    if (body.statusCode >= 500 && body.code === ErrorCode.INTERNAL_ERROR) {
      this.logger.error(
        { reqId: request?.id, method: request?.method, url: request?.url, err: exception },
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    // A route that answers in another type (text/csv) declared it up front: an error is JSON all the same.
    reply.removeHeader('content-disposition');
    void reply.status(body.statusCode).headers(headers).type('application/json; charset=utf-8').send(body);
  }
}

export function toResponse(exception: unknown): { body: ErrorBody; headers: Record<string, string> } {
  if (exception instanceof DomainError) {
    return { body: errorBody(exception.code, exception.message), headers: exception.headers };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = codeForStatus(status);
    const message = status === 404 ? 'Not found' : messageOf(exception);
    const body = { ...errorBody(code, message), statusCode: status };
    return { body, headers: {} };
  }
  // The database refused the connection, dropped it, or is out of disk: the client may retry, it did nothing wrong.
  if (isUnavailable(exception) || isTransient(exception)) {
    return {
      body: errorBody(ErrorCode.SERVICE_UNAVAILABLE, 'the database is unavailable, retry shortly'),
      headers: { 'Retry-After': '1' },
    };
  }
  // Errors raised by Fastify itself (body parser, limits) carry a statusCode.
  const status = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = codeForStatus(status);
    return { body: { ...errorBody(code, (exception as Error).message), statusCode: status }, headers: {} };
  }
  return { body: errorBody(ErrorCode.INTERNAL_ERROR, 'Internal server error'), headers: {} };
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}
