// Command-line options of bench/run.mjs (see bench/README.md). Unknown options are ignored.
//   --quick           2 s warm-up, 1 round × 2 s, 30 days of history; writes latest-quick.json
//   --only=a,b        only these scenarios (the `key`s in run.mjs); the history is seeded only
//                     when a `+history` key is named; writes latest-partial.json
//   --cpu-prof        every app start writes a V8 CPU profile into bench/results/profiles/
//   --keep            keep the temp SQLite folder
//   --no-pin          no taskset pinning (server.mjs)
//   --connections=N (32)  --warmup=S (8)  --rounds=N (3)  --duration=S (5, seconds per round)
//   --history-days=N (365)  --out=FILE
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NANCHUAN, TIMEZONE, WINDOWS } from './seed.mjs';

/** The repository root: the servers run from there, dist/ and bench/results/ are under it. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The arguments as given (passed on unchanged when the bench re-executes itself pinned). */
export const ARGS = process.argv.slice(2);

export const hasFlag = (name) => ARGS.includes(`--${name}`);

const text = (name) => ARGS.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

function number(name, fallback) {
  const raw = text(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number`);
  return n;
}

/** The settings of one run (`cfg` everywhere); throws on a malformed number. */
export function readOptions() {
  const quick = hasFlag('quick');
  const only = text('only');
  const cfg = {
    mode: quick ? 'quick' : 'full',
    connections: number('connections', 32),
    warmupSeconds: number('warmup', quick ? 2 : 8),
    rounds: number('rounds', quick ? 1 : 3),
    roundSeconds: number('duration', quick ? 2 : 5),
    // Claim-rush runs are cut into pieces of at most this length (see "capacity" in the README).
    maxClaimRunSeconds: 5,
    historyDays: number('history-days', quick ? 30 : 365),
    keep: hasFlag('keep'),
    noPin: hasFlag('no-pin'),
    // --only=claim-rush,schedule runs just those scenarios (history ones only when named).
    only: only?.split(',').filter(Boolean) ?? null,
    // --cpu-prof: every app start writes a V8 CPU profile into bench/results/profiles/.
    cpuProf: hasFlag('cpu-prof'),
    // A partial or quick run never replaces the figures of a full one.
    out:
      text('out') ??
      join(ROOT, 'bench', 'results', only !== undefined ? 'latest-partial.json' : quick ? 'latest-quick.json' : 'latest.json'),
    seed: { ...NANCHUAN, timezone: TIMEZONE, windows: WINDOWS },
  };
  if (cfg.rounds < 1 || cfg.roundSeconds <= 0 || cfg.connections < 1) throw new Error('--rounds, --duration and --connections must be ≥ 1');
  return cfg;
}
