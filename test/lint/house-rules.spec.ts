import { ESLint } from 'eslint';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABLE_OWNERS } from '../../eslint/tidal-rules.js';

/**
 * The lint rules that keep table ownership and module boundaries, shown
 * failing on deliberate violations (and passing on the real tree's shapes),
 * with the project's own eslint.config.js.
 */
describe('house lint rules', () => {
  const eslint = new ESLint({ cwd: process.cwd() });

  async function problems(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
  }

  it('refuses SQL on a table from outside its owning repository', async () => {
    expect(await problems('src/sessions/sessions.service.ts', "export const q = 'UPDATE claims SET status = ? WHERE id = ?';\n")).toEqual([
      expect.stringMatching(/^tidal\/table-ownership: SQL on "claims" belongs in src\/claims\/claims\.repository\.ts/),
    ]);
    // A repository may not reach into another module's table either, not even in a JOIN.
    expect(
      await problems(
        'src/zones/zones.repository.ts',
        'export const q = `SELECT z.id FROM zones z JOIN claims c ON c.zone_id = z.id WHERE z.id = ${1}`;\n',
      ),
    ).toEqual([expect.stringContaining('SQL on "claims" belongs in src/claims/claims.repository.ts')]);
  });

  it('accepts SQL on its own table, row locks included', async () => {
    expect(
      await problems(
        'src/claims/claims.repository.ts',
        "export const q = 'SELECT id FROM claims WHERE end_at <= ? FOR UPDATE SKIP LOCKED';\n",
      ),
    ).toEqual([]);
  });

  it('refuses a table that no repository owns', async () => {
    expect(await problems('src/zones/zones.repository.ts', "export const q = 'SELECT * FROM mystery_table';\n")).toEqual([
      expect.stringContaining('"mystery_table", a table no repository owns'),
    ]);
  });

  it("refuses importing another module's repository or entity", async () => {
    expect(
      await problems(
        'src/sessions/sessions.service.ts',
        "import { ClaimsRepository } from '../claims/claims.repository.js';\nexport const r = ClaimsRepository;\n",
      ),
    ).toEqual([expect.stringMatching(/^tidal\/module-boundaries: .*another module's repository/)]);
    expect(
      await problems('src/vendors/vendor.ts', "import { UserEntity } from '../auth/user.entity.js';\nexport const e = UserEntity;\n"),
    ).toEqual([expect.stringMatching(/^tidal\/module-boundaries: .*another module's entity/)]);
  });

  it('keeps the Database door and TypeORM to repositories, entities and the database layer', async () => {
    expect(
      await problems(
        'src/zones/zones.service.ts',
        "import { Database } from '../database/database.service.js';\nexport const d = Database;\n",
      ),
    ).toEqual([expect.stringContaining('only repositories use')]);
    expect(await problems('src/zones/zones.service.ts', "import { In } from 'typeorm';\nexport const i = In;\n")).toEqual([
      expect.stringContaining('repositories speak SQL'),
    ]);
  });

  it("refuses v-html in the web faces: residents' and vendors' text is shown as text", async () => {
    const component = (template: string) =>
      `<script setup lang="ts">\nconst text = '<b>x</b>';\n</script>\n\n<template>\n  ${template}\n</template>\n`;
    expect(await problems('web/src/residents/components/ExampleNote.vue', component('<p v-html="text"></p>'))).toEqual([
      expect.stringMatching(/^vue\/no-v-html: /),
    ]);
    expect(await problems('web/src/residents/components/ExampleNote.vue', component('<p>{{ text }}</p>'))).toEqual([]);
  });

  it('names an owner for every table an entity declares', () => {
    const tables: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.entity.ts'))
          tables.push(...[...readFileSync(path, 'utf8').matchAll(/@Entity\('([a-z_]+)'\)/g)].map((m) => m[1]));
      }
    };
    walk('src');
    expect(tables.sort()).toEqual(Object.keys(TABLE_OWNERS).sort());
  });
});
