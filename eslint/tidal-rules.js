/**
 * The house rules of Tidal Market that no published ESLint plugin knows:
 * who may speak SQL to which table, and what a module may import of another.
 * README "How it is built" describes them; test/lint checks that they fire.
 */
import path from 'node:path';

/** Each table, and the one repository file that alone speaks SQL to it. */
export const TABLE_OWNERS = {
  users: 'src/auth/users.repository.ts',
  login_throttles: 'src/auth/login-throttles.repository.ts',
  zones: 'src/zones/zones.repository.ts',
  stalls: 'src/stalls/stalls.repository.ts',
  market_sessions: 'src/sessions/sessions.repository.ts',
  session_history: 'src/sessions/sessions.repository.ts',
  session_cancellations: 'src/sessions/cancellations.repository.ts',
  closures: 'src/sessions/closures.repository.ts',
  vendors: 'src/vendors/vendors.repository.ts',
  claims: 'src/claims/claims.repository.ts',
  claim_bounds: 'src/claims/claims.repository.ts',
  idempotency_keys: 'src/claims/idempotency.repository.ts',
  audit_entries: 'src/audit/audit.repository.ts',
  health_probes: 'src/health/health.repository.ts',
  feedback: 'src/feedback/feedback.repository.ts',
  duties: 'src/rosters/duties.repository.ts',
  roster_entries: 'src/rosters/roster.repository.ts',
  roster_swaps: 'src/rosters/roster.repository.ts',
  captains: 'src/rosters/captains.repository.ts',
  rounds: 'src/allocation/rounds.repository.ts',
  round_applications: 'src/allocation/rounds.repository.ts',
  waitlist_entries: 'src/allocation/waitlist.repository.ts',
  offers: 'src/allocation/offers.repository.ts',
  violations: 'src/discipline/violations.repository.ts',
  notifications: 'src/notifications/notifications.repository.ts',
};

const SQL_STATEMENT = /\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM)\b/;
const TABLE_REFERENCE = /\b(?:FROM|JOIN|INTO|(?<!FOR\s+)UPDATE)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/g;

/** `src/<module>/…` → module name; null for files at the top of src or outside it. */
function moduleOf(relative) {
  const parts = relative.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : null;
}

function relativeFile(context) {
  return path.relative(context.cwd, context.filename).split(path.sep).join('/');
}

const tableOwnership = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL names only tables whose owning repository file this is' },
    schema: [],
  },
  create(context) {
    const file = relativeFile(context);
    // Migrations are frozen SQL over every table; the database layer speaks no table of its own.
    if (!file.startsWith('src/') || file.startsWith('src/database/')) return {};
    const check = (node, text) => {
      if (!SQL_STATEMENT.test(text)) return;
      for (const [, table] of text.matchAll(TABLE_REFERENCE)) {
        const owner = TABLE_OWNERS[table];
        if (owner === undefined) {
          context.report({
            node,
            message: `SQL on "${table}", a table no repository owns (add it to TABLE_OWNERS in eslint/tidal-rules.js)`,
          });
        } else if (owner !== file) {
          context.report({ node, message: `SQL on "${table}" belongs in ${owner}: ask its module's service instead` });
        }
      }
    };
    return {
      Literal(node) {
        if (typeof node.value === 'string') check(node, node.value);
      },
      TemplateLiteral(node) {
        check(node, node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('?'));
      },
    };
  },
};

/** What only some files may import, by the imported path's end. */
const RESTRICTED = [
  { pattern: /\.entity(\.js)?$/, why: "another module's entity (import its plain domain type instead)", sameModuleOnly: true },
  { pattern: /\.repository(\.js)?$/, why: "another module's repository (call its service instead)", sameModuleOnly: true },
  {
    pattern: /\/database\/database\.service(\.js)?$/,
    why: 'the Database door, which only repositories use (services take Transactions)',
    allowedIn: (file) => file.endsWith('.repository.ts') || file.startsWith('src/database/') || file.startsWith('src/app.'),
  },
  {
    pattern: /^typeorm(\/|$)/,
    why: 'TypeORM, which only entities (schema) and the database layer use; repositories speak SQL',
    allowedIn: (file) => file.endsWith('.entity.ts') || file.startsWith('src/database/') || file.startsWith('src/app.'),
  },
];

const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: "a module imports no other module's entity or repository, and only repositories reach the database" },
    schema: [],
  },
  create(context) {
    const file = relativeFile(context);
    if (!file.startsWith('src/')) return {};
    const ownModule = moduleOf(file);
    return {
      ImportDeclaration(node) {
        const source = node.source.value;
        const target = source.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), source)) : source;
        for (const rule of RESTRICTED) {
          if (!rule.pattern.test(target)) continue;
          if (rule.sameModuleOnly) {
            const targetModule = moduleOf(target);
            if (ownModule === null || targetModule === ownModule) continue;
          } else if (rule.allowedIn(file)) {
            continue;
          }
          context.report({ node, message: `${file} may not import ${source}: ${rule.why}` });
        }
      },
    };
  },
};

export default {
  meta: { name: 'tidal' },
  rules: { 'table-ownership': tableOwnership, 'module-boundaries': moduleBoundaries },
};
