import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { statSync } from 'node:fs';
import { type Face, faceFile, readFace, WEB_ROOT, type WebConfig } from './web-files.js';

/**
 * The faces' HTML (a few KB each), kept while its file is unchanged: a web build made while
 * the app runs (or after start-up, or never) is served as it is on disk, never an older page
 * naming bundles that no longer exist.
 */
@Injectable()
export class WebPages {
  private readonly pages = new Map<Face, { mtimeMs: number; html: string }>();
  private readonly config: WebConfig;

  constructor(
    config: ConfigService,
    @Inject(WEB_ROOT) private readonly root: string,
  ) {
    this.config = { mapTileUrl: config.get<string>('mapTileUrl') ?? null };
  }

  /** The page, or null while the web has not been built. */
  html(face: Face): string | null {
    const mtimeMs = statSync(faceFile(this.root, face), { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs === undefined) return null;
    const kept = this.pages.get(face);
    if (kept?.mtimeMs === mtimeMs) return kept.html;
    const html = readFace(this.root, face, this.config);
    if (html === null) return null;
    this.pages.set(face, { mtimeMs, html });
    return html;
  }
}
