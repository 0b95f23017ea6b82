import { i18n } from '../shared/i18n';
import { type ErrorBody, errorMessage } from '../shared/api/client';
import { KNOWN_CODES } from './codes';

/** A refusal in words: the app's own sentence for a known code, and the server's message (in the app's language) beside it. */
export interface Problem {
  code: string | null;
  text: string;
  detail: string | null;
}

export function problemOf(error: unknown, status?: number): Problem {
  const t = i18n.global.t;
  const body = typeof error === 'object' && error !== null ? (error as Partial<ErrorBody>) : {};
  const code = typeof body.code === 'string' ? body.code : null;
  const message = errorMessage(error);
  if (code && (KNOWN_CODES as readonly string[]).includes(code)) {
    return { code, text: t(`vendor.errors.${code}`), detail: message };
  }
  if (message) return { code, text: message, detail: null };
  return { code, text: t('vendor.errors.unknown', { status: status ?? '?' }), detail: null };
}

export function networkProblem(): Problem {
  return { code: null, text: i18n.global.t('vendor.errors.network'), detail: null };
}
