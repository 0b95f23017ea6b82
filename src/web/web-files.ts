import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where Vite writes the web faces (`npm run build:web`): `web/dist/` at the
 * project root, beside `dist/` rather than in it, because `nest build` empties
 * `dist/` on every build. The same path from `src/web/` (tests) and `dist/web/`.
 */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** The injection token of the folder the faces are served from: WEB_DIST (tests give another). */
export const WEB_ROOT = Symbol('WEB_ROOT');

/** The faces' entry pages, relative to WEB_DIST (Vite keeps the source layout of `web/`). */
export const FACES = { residents: 'residents/index.html', vendor: 'vendor/index.html', console: 'console/index.html' } as const;
export type Face = keyof typeof FACES;

/** What the page needs from the server's configuration, injected into its HTML (no extra request). */
export interface WebConfig {
  mapTileUrl: string | null;
}

/** `<meta name="tidal-config" content="…">`, the JSON attribute-escaped. */
function configMeta(config: WebConfig): string {
  const json = JSON.stringify(config).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<meta name="tidal-config" content="${json}">`;
}

export function faceFile(root: string, face: Face): string {
  return join(root, FACES[face]);
}

/** A face's HTML with the configuration injected before `</head>`, or null while the web is not built. */
export function readFace(root: string, face: Face, config: WebConfig): string | null {
  try {
    return readFileSync(faceFile(root, face), 'utf8').replace('</head>', `${configMeta(config)}</head>`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  dynamicImports?: string[];
}

/**
 * Every file a face may load, found through Vite's manifest from its entry page: the entry's
 * scripts and styles and, through static and dynamic imports, every chunk it can ever ask for
 * (what the vendor app's service worker keeps for use without a connection). [] while unbuilt.
 */
export function faceAssets(root: string, face: Face): string[] {
  let manifest: Record<string, ManifestChunk>;
  try {
    manifest = JSON.parse(readFileSync(join(root, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  } catch {
    return [];
  }
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    files.add(`/${chunk.file}`);
    for (const css of chunk.css ?? []) files.add(`/${css}`);
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
  };
  visit(FACES[face]);
  return [...files].sort();
}
