import { createHash, createHmac } from 'node:crypto';

/**
 * The lottery's draw, written so that anyone can recompute it from the
 * public results (README, "Lottery rounds"):
 *
 * 1. Groups, in this order: applicants in a priority group ("priority"), then
 *    everyone else ("general"). Within a group the input is the applications
 *    sorted by ticket (1, 2, 3… in the order they came in).
 * 2. A byte stream per group: HMAC-SHA-256 with the seed (its UTF-8 bytes) as
 *    key over the text `tidal-lottery/<group>/<k>` for k = 0, 1, 2…, the
 *    32-byte blocks concatenated.
 * 3. Fisher–Yates from the end: for i = n−1 down to 1, read the next 4 bytes
 *    as an unsigned big-endian integer r; if r ≥ 2³² − (2³² mod (i+1)) read
 *    again (no modulo bias); otherwise j = r mod (i+1) and swap items i and j.
 * 4. The draw order is the shuffled priority group followed by the shuffled
 *    general group.
 */
export type DrawGroup = 'priority' | 'general';

/** An endless stream of 32-bit integers from the seed, for one group. */
function* integers(seed: string, group: DrawGroup): Generator<number> {
  for (let block = 0; ; block++) {
    const bytes = createHmac('sha256', Buffer.from(seed, 'utf8')).update(`tidal-lottery/${group}/${block}`).digest();
    for (let offset = 0; offset < bytes.length; offset += 4) yield bytes.readUInt32BE(offset);
  }
}

const TWO_32 = 2 ** 32;

/** The items in the order the seed gives them (the input order matters: sort by ticket first). */
export function shuffle<T>(items: readonly T[], seed: string, group: DrawGroup): T[] {
  const out = [...items];
  const stream = integers(seed, group);
  for (let i = out.length - 1; i >= 1; i--) {
    const n = i + 1;
    const limit = TWO_32 - (TWO_32 % n);
    let r = stream.next().value as number;
    while (r >= limit) r = stream.next().value as number;
    const j = r % n;
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The draw order: priority applicants shuffled, then the others shuffled; each group taken in ticket order first. */
export function drawOrder<T extends { ticket: number; priority: boolean }>(applications: readonly T[], seed: string): T[] {
  const byTicket = [...applications].sort((a, b) => a.ticket - b.ticket);
  return [
    ...shuffle(
      byTicket.filter((a) => a.priority),
      seed,
      'priority',
    ),
    ...shuffle(
      byTicket.filter((a) => !a.priority),
      seed,
      'general',
    ),
  ];
}

/** The commitment a seed must match: lower-case hex SHA-256 of its UTF-8 bytes. */
export function commitmentOf(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}
