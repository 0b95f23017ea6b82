import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Face, readFace, type WebConfig } from './web-files.js';

/**
 * The faces' HTML, read once and kept (a few KB each). While the web has not
 * been built the file is looked for again on each request, so a build made
 * after start-up is picked up without a restart.
 */
@Injectable()
export class WebPages {
  private readonly pages = new Map<Face, string>();
  private readonly config: WebConfig;

  constructor(config: ConfigService) {
    this.config = { mapTileUrl: config.get<string>('mapTileUrl') ?? null };
  }

  html(face: Face): string | null {
    let page = this.pages.get(face);
    if (page === undefined) {
      const read = readFace(face, this.config);
      if (read === null) return null;
      this.pages.set(face, (page = read));
    }
    return page;
  }
}
