import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { map, Observable } from 'rxjs';
import { Memo } from './memo.js';

/**
 * What a cacheable read returns instead of its body: a key that names
 * everything the body depends on (read from the database on every request, so
 * every instance stays exact), and how to make the body the first time.
 */
export class Cacheable {
  constructor(
    readonly key: string,
    readonly contentType: string,
    readonly render: () => string | Buffer,
    /** Request headers the body depends on beside Accept-Encoding (e.g. Accept-Language for a CSV's header row). */
    readonly vary: readonly string[] = [],
  ) {}

  /**
   * A body already made, for reads that change with every claim on any instance (the slot grid, a
   * roster): nothing cheaper names it than its own digest, which is then the key.
   */
  static ofBody(kind: string, contentType: string, body: string, vary: readonly string[] = []): Cacheable {
    return new Cacheable(`${kind}:${createHash('sha1').update(body).digest('base64url')}`, contentType, () => body, vary);
  }
}

/** One encoding of an answer, ready to send. */
interface Representation {
  bytes: Buffer;
  /** Strong validator: differs between encodings, as representations must. */
  etag: string;
}

interface Representations {
  identity: Representation;
  gzip?: Representation;
}

/** Bytes kept for ready-made answers (a year of a zone's schedule is ~190 KB of JSON, ~10 KB gzipped). */
const REPRESENTATION_BYTES = 48 * 2 ** 20;

/** The ready-made answers, shared by every route that uses HttpCacheInterceptor. */
@Injectable()
export class HttpRepresentations {
  private readonly memo = new Memo<string, Representations>({
    max: 10_000,
    maxBytes: REPRESENTATION_BYTES,
    sizeOf: (entry, key) => key.length + entry.identity.bytes.length + (entry.gzip?.bytes.length ?? 0),
  });

  get(cacheable: Cacheable, gzip: boolean): Representation {
    const memoKey = `${cacheable.contentType}\u0000${cacheable.key}`;
    let entry = this.memo.get(memoKey);
    if (!entry || (gzip && !entry.gzip)) {
      const identity = entry?.identity ?? representation(Buffer.from(cacheable.render()), '');
      entry = { identity, gzip: entry?.gzip ?? (gzip ? representation(gzipSync(identity.bytes), '-gzip', identity.etag) : undefined) };
      this.memo.set(memoKey, entry); // set again, so the memo counts the new bytes
    }
    return gzip ? entry.gzip! : entry.identity;
  }
}

function representation(bytes: Buffer, suffix: string, baseTag?: string): Representation {
  const tag = baseTag ? baseTag.slice(1, -1) : createHash('sha1').update(bytes).digest('base64url');
  return { bytes, etag: `"${tag}${suffix}"` };
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  return ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => [etag, '*'].includes(tag.trim().replace(/^W\//, '')));
}

/**
 * HTTP caching for reads that return a `Cacheable`: the body is made once per
 * key and encoding, answers carry an ETag (a matching If-None-Match gets 304)
 * and `Vary: Accept-Encoding`, and are gzipped when the client accepts it.
 */
@Injectable()
export class HttpCacheInterceptor implements NestInterceptor {
  constructor(private readonly representations: HttpRepresentations) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Cacheable)) return result;
        const accept = request.headers['accept-encoding'];
        const gzip = typeof accept === 'string' && negotiate(accept, ['gzip', 'identity']) === 'gzip';
        const { bytes, etag } = this.representations.get(result, gzip);
        void reply.header('vary', ['Accept-Encoding', ...result.vary].join(', ')).header('etag', etag);
        const ifNoneMatch = request.headers['if-none-match'];
        if (matches(typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined, etag)) {
          void reply.status(304);
          return undefined;
        }
        void reply.header('content-type', result.contentType);
        if (gzip) void reply.header('content-encoding', 'gzip');
        return bytes;
      }),
    );
  }
}
