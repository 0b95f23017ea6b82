import type { Response } from 'supertest';

/**
 * A supertest parser that keeps the body as its bytes (a PDF, or a CSV whose
 * byte-order mark is checked): `.buffer(true).parse(asBytes)`, then
 * `res.body as Buffer`.
 */
export function asBytes(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
