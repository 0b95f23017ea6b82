import { readFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../../src/common/openapi.js';
// The same renderer `npm run web:api-types` writes the committed file with.
import { API_TYPES_FILE, renderApiTypes } from '../../scripts/web-api-types.mjs';
import { useTestApp } from '../support/create-app.js';

describe("the web's API types", () => {
  const t = useTestApp();

  it('are what the OpenAPI document says today (else: npm run web:api-types, and commit the file)', async () => {
    const expected = await renderApiTypes(buildOpenApiDocument(t.app));
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    // A readable failure: the first line that differs, rather than two 5,000-line strings.
    const a = committed.split('\n');
    const b = expected.split('\n');
    let line = a.findIndex((text, i) => text !== b[i]);
    if (line === -1 && a.length !== b.length) line = a.length;
    const difference =
      line === -1 ? 'none' : `line ${line + 1}: committed ${JSON.stringify(a[line])}, the document gives ${JSON.stringify(b[line])}`;
    expect(difference).toBe('none');
    // The residents' page's routes are there (the test is not comparing two empty files).
    expect(expected).toContain('"/api/public/zones/{id}/feedback"');
  });
});
