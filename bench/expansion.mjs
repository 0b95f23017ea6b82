// Unit benchmark: the cost of expanding a 7-day window must follow the window,
// not the session's age. Compares a session that started 10 years ago with one
// that started yesterday, for several rules; target: ratio ≤ 2.
//   node bench/expansion.mjs        (after npm run build)
import { occurrenceDates } from '../dist/recurrence/expand.js';
import { parseRule } from '../dist/recurrence/rule.js';

const RULES = [
  'FREQ=DAILY',
  'FREQ=WEEKLY;BYDAY=MO,WE,SA',
  'FREQ=DAILY;INTERVAL=3',
  'FREQ=MONTHLY;BYDAY=1SA,3SA',
  'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
  'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
];
const WINDOW_FROM = '2026-11-30';
const WINDOW_TO = '2026-12-06';
const STARTS = { yesterday: '2026-11-28', 'ten years ago': '2016-11-29' };
const ROUNDS = 5;
const CALLS = 20_000;

function timePerCall(recurrence) {
  for (let i = 0; i < 2_000; i++) occurrenceDates(recurrence, WINDOW_FROM, WINDOW_TO);
  const samples = [];
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) occurrenceDates(recurrence, WINDOW_FROM, WINDOW_TO);
    samples.push(Number(process.hrtime.bigint() - t0) / CALLS / 1000);
  }
  return samples.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}

export function runExpansionBench() {
  const rows = RULES.map((text) => {
    const rule = parseRule(text);
    const [recent, old] = Object.values(STARTS).map((validFrom) => timePerCall({ rule, validFrom, validUntil: null }));
    return { rule: text, yesterdayUs: +recent.toFixed(2), tenYearsAgoUs: +old.toFixed(2), ratio: +(old / recent).toFixed(2) };
  });
  return {
    window: `${WINDOW_FROM}..${WINDOW_TO}`,
    rounds: ROUNDS,
    callsPerRound: CALLS,
    rows,
    worstRatio: Math.max(...rows.map((r) => r.ratio)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeFileSync } = await import('node:fs');
  const result = runExpansionBench();
  writeFileSync(
    new URL('./results/expansion.json', import.meta.url),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, ...result }, null, 2)}\n`,
  );
  console.log(`7-day window ${result.window}, median of ${ROUNDS} rounds × ${CALLS} calls (µs per call)`);
  console.table(result.rows);
  console.log(`worst ratio ten-years-ago / yesterday: ${result.worstRatio} (target ≤ 2)`);
}
