import { createParamDecorator, ExecutionContext } from '@nestjs/common';
/** The languages messages and printed headers come in; English unless the client prefers Chinese. */
export type Language = 'en' | 'zh';

/**
 * The client's language from an Accept-Language header (RFC 9110 §12.5.4):
 * the supported one with the highest weight (`zh`, `zh-CN`, `zh-Hans`… are
 * Chinese), the first listed on a tie, English when none is supported.
 */
export function languageOf(header: string | undefined): Language {
  let best: { language: Language; q: number } | null = null;
  for (const part of (header ?? '').split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0];
    if (primary !== 'en' && primary !== 'zh') continue;
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = weight === undefined ? 1 : Number(weight.slice(2));
    if (Number.isFinite(q) && q > 0 && (best === null || q > best.q)) best = { language: primary, q };
  }
  return best?.language ?? 'en';
}

/**
 * The request's language as a handler parameter. Read from the header
 * directly rather than through `@Headers()`, which would publish the header
 * in the OpenAPI document as a required parameter: it is optional, and
 * English is the default.
 */
export const ClientLanguage = createParamDecorator((_data: unknown, context: ExecutionContext): Language =>
  requestLanguage(context.switchToHttp().getRequest()),
);

/** The language of a request's error messages (English without a request, e.g. a bare socket). */
export function requestLanguage(request: { headers?: Record<string, string | string[] | undefined> } | undefined): Language {
  const header = request?.headers?.['accept-language'];
  return languageOf(Array.isArray(header) ? header.join(',') : header);
}

/** A `Vary` header value that adds Accept-Language to what it names already (an error's message depends on it). */
export function varyWithLanguage(vary: unknown): string {
  const current = typeof vary === 'string' ? vary : Array.isArray(vary) ? vary.join(', ') : '';
  const names = current
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.some((name) => name === '*' || name.toLowerCase() === 'accept-language')) return names.join(', ');
  return [...names, 'Accept-Language'].join(', ');
}
