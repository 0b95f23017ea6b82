/**
 * A bare HTTP/1.1 client for the fuzz test: the bytes of path, headers and
 * body go out exactly as generated (supertest/superagent would normalise
 * `..` segments and add a content type of their own to string bodies).
 */
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export class FuzzHttpClient {
  // A fresh connection per request: the server closes connections after some refusals (413, 431),
  // and a reused socket would then fail the next, innocent request.
  private readonly agent = new http.Agent({ keepAlive: false, maxSockets: 1 });

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs = 30_000,
  ) {}

  send(req: RawRequest): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const headers: Record<string, string> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = String(req.body.length);
      const request = http.request(
        { host: this.host, port: this.port, method: req.method, path: req.path, headers, agent: this.agent, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => {
            if (settled) return;
            settled = true;
            reject(error);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            if (/json/i.test(String(res.headers['content-type'] ?? ''))) {
              try {
                json = JSON.parse(text);
              } catch {
                json = undefined;
              }
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no response within ${this.timeoutMs} ms`)));
      // The server may answer (413) and close while a large body is still being written: the answer counts.
      request.on('error', (error) => {
        if (settled) return;
        settled = true;
        reject(error);
      });
      if (req.body !== undefined) request.end(req.body);
      else request.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
