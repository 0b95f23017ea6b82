import type { Response } from 'supertest';

/** Reason phrases written out here, not taken from src/: the tests check the code against the contract. */
export const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  503: 'Service Unavailable',
};

/**
 * The contract's error body, whole — `{ statusCode, error, code, message }` and
 * nothing else, as JSON — and the text the message must contain (e.g. every
 * bad field's name).
 */
export function expectError(res: Response, statusCode: number, code: string, ...mentions: string[]): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status: statusCode,
    body: { statusCode, error: REASON_PHRASES[statusCode], code, message: expect.stringMatching(/\S/) },
  });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  for (const mention of mentions) expect(res.body.message).toContain(mention);
}

/** True when the response is exactly the contract error body with this status and code. */
export function isError(res: Response, statusCode: number, code: string): boolean {
  const body = res.body as Record<string, unknown> | undefined;
  return (
    res.status === statusCode &&
    !!body &&
    typeof body === 'object' &&
    Object.keys(body).sort().join(',') === 'code,error,message,statusCode' &&
    body.statusCode === statusCode &&
    body.error === REASON_PHRASES[statusCode] &&
    body.code === code &&
    typeof body.message === 'string' &&
    /\S/.test(body.message)
  );
}
