import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from './errors/error-body.js';
import { ErrorCode, statusOf } from './errors/error-code.js';

/** Documents the refusals a route can answer with, grouped by status. */
export function ApiErrors(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  return applyDecorators(
    ...[...byStatus].map(([status, list]) =>
      ApiResponse({ status, type: ErrorBody, description: list.map((code) => `\`${code}\``).join(', ') }),
    ),
  );
}
