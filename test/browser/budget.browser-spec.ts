import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/**
 * Each face's first load in JavaScript, gzipped — every script the entry page loads before it
 * can render, found through Vite's manifest (the entry and its static imports; lazily loaded
 * chunks such as the residents' week, stall page and map are not counted) and checked against
 * what the built HTML actually names. `npm run test:browser` builds first.
 * The residents' page: at most 80 KB. The vendor app (/vendor/): at most 200 KB.
 */
const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const FACES = [
  { name: "the residents' page", entry: 'residents/index.html', budget: 80 * 1024, used: ['button', 'tag', 'loading'] },
  { name: 'the vendor app', entry: 'vendor/index.html', budget: 200 * 1024, used: ['button', 'tag', 'loading'] },
] as const;

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}

function eagerScripts(manifest: Record<string, ManifestChunk>, key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the manifest`);
  if (!seen.has(chunk.file)) {
    seen.add(chunk.file);
    for (const imported of chunk.imports ?? []) eagerScripts(manifest, imported, seen);
  }
  return seen;
}

describe.each(FACES)("$name's JavaScript budget", ({ name, entry, budget, used }) => {
  const manifestFile = `${DIST}.vite/manifest.json`;
  if (!existsSync(manifestFile)) throw new Error(`${manifestFile} is missing: run npm run build:web (npm run test:browser builds first)`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const scripts = eagerScripts(manifest, entry);
  const sizes = [...scripts].map((file) => ({ file, gzipped: gzipSync(readFileSync(DIST + file)).length }));
  const total = sizes.reduce((sum, { gzipped }) => sum + gzipped, 0);

  it('counts exactly the scripts the built page loads eagerly', () => {
    const html = readFileSync(DIST + entry, 'utf8');
    const named = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named)).toEqual(scripts);
  });

  it(`is at most ${budget / 1024} KB gzipped`, () => {
    console.log(
      `${name}: first load ${(total / 1024).toFixed(1)} KB of JavaScript gzipped (${sizes.map((s) => `${s.file} ${s.gzipped} B`).join(', ')})`,
    );
    expect(total).toBeLessThanOrEqual(budget);
  });

  it('takes Vant component by component and leaves the lazy parts out', () => {
    const eager = [...scripts].map((file) => readFileSync(DIST + file, 'utf8')).join('\n');
    // Vant names each component's CSS block with a string literal (createNamespace('tag')): the
    // components the first screen uses are there, those of the rest of the library are not.
    const namespace = (component: string) => new RegExp(`[\`"']${component}[\`"']`);
    for (const component of used) expect(eager).toMatch(namespace(component));
    for (const unused of ['calendar-day', 'picker-column', 'uploader', 'image-preview', 'dialog'])
      expect(eager).not.toMatch(namespace(unused));
    // The map library loads only where MAP_TILE_URL is configured.
    expect(eager).not.toContain('leaflet-container');
  });
});
