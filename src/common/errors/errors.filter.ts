import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isTransient, isUnavailable } from '../../database/db-errors.js';
import { type Language, requestLanguage, varyWithLanguage } from '../language.js';
import { DomainError } from './domain-error.js';
import { ErrorBody, codeForStatus, errorBody } from './error-body.js';
import { ErrorCode, statusOf } from './error-code.js';
import { messageOf } from './messages.js';

/**
 * The one place where an exception becomes a response. Domain errors carry
 * their code; framework errors are mapped by status; anything else is a bug:
 * a generic 500, logged with the request id, never leaking internals. The
 * message follows the request's Accept-Language (messages.ts); the code never does.
 */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { body, headers } = toResponse(exception, requestLanguage(request));
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
    // The message depends on Accept-Language: caches must key on it.
    void reply
      .status(body.statusCode)
      .headers(headers)
      .header('vary', varyWithLanguage(reply.getHeader('vary')));
    void reply.type('application/json; charset=utf-8').send(body);
  }
}

export function toResponse(exception: unknown, language: Language = 'en'): { body: ErrorBody; headers: Record<string, string> } {
  if (exception instanceof DomainError) {
    return {
      body: errorBody(exception.code, messageOf(exception.code, language, exception.params, exception.message)),
      headers: exception.headers,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = codeForStatus(status);
    const message = messageOf(code, language, {}, status === 404 ? 'Not found' : messageText(exception));
    const body = { ...errorBody(code, message), statusCode: status };
    return { body, headers: {} };
  }
  // The database refused the connection, dropped it, or is out of disk: the client may retry, it did nothing wrong.
  if (isUnavailable(exception) || isTransient(exception)) {
    return {
      body: errorBody(ErrorCode.SERVICE_UNAVAILABLE, messageOf(ErrorCode.SERVICE_UNAVAILABLE, language)),
      headers: { 'Retry-After': '1' },
    };
  }
  // A body built in the request's language already (the rate limit's errorResponseBuilder), thrown by a plugin.
  if (isErrorBody(exception)) {
    return { body: errorBody(exception.code, exception.message), headers: {} };
  }
  // Errors raised by Fastify itself (body parser, limits) carry a statusCode.
  const status = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = codeForStatus(status);
    return { body: { ...errorBody(code, messageOf(code, language, {}, (exception as Error).message)), statusCode: status }, headers: {} };
  }
  return { body: errorBody(ErrorCode.INTERNAL_ERROR, messageOf(ErrorCode.INTERNAL_ERROR, language)), headers: {} };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (value === null || typeof value !== 'object') return false;
  const { code, message, statusCode } = value as Partial<Record<keyof ErrorBody, unknown>>;
  return (
    typeof code === 'string' &&
    Object.values<string>(ErrorCode).includes(code) &&
    typeof message === 'string' &&
    statusCode === statusOf(code as ErrorCode)
  );
}

function messageText(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}
