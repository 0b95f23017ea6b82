import { ClaimSweeper } from '../../src/claims/claim.sweeper.js';
import { createMarket, postClaim, slot } from '../factories/claim.factory.js';
import { approvedVendor } from '../factories/vendor.factory.js';
import { useTestApp } from '../support/create-app.js';
import { DAY, HOUR } from '../support/fake-clock.js';
import { countOf } from '../support/rows.js';

// An Idempotency-Key answers its retries for a day (IDEMPOTENCY_KEY_TTL_MS), then is forgotten.
describe('Idempotency-Key expiry', () => {
  const t = useTestApp();

  it('replays within a day, forgets after it, and the sweeper purges what expired', async () => {
    const market = await createMarket(t, { stalls: 3, category: 'general' });
    const vendor = await approvedVendor(t);
    const first = await postClaim(t, vendor.token, slot(market, '2026-12-05', 0), 'retry-key-1');
    expect(first.status).toBe(201);

    t.clock.advance(23 * HOUR);
    const replayed = await postClaim(t, vendor.token, slot(market, '2026-12-05', 0), 'retry-key-1');
    expect({ status: replayed.status, id: replayed.body.id }).toEqual({ status: 201, id: first.body.id });

    t.clock.advance(2 * HOUR);
    // Forgotten: the same key with another body is a new request, not IDEMPOTENCY_KEY_REUSED.
    const fresh = await postClaim(t, vendor.token, slot(market, '2026-12-06', 1), 'retry-key-1');
    expect(fresh.status).toBe(201);
    expect(fresh.body.id).not.toBe(first.body.id);

    await postClaim(t, vendor.token, slot(market, '2026-12-07', 2), 'retry-key-2');
    expect(await countOf(t, 'idempotency_keys', { userId: vendor.id })).toBe(2);
    t.clock.advance(DAY + 1);
    expect(await t.app.get(ClaimSweeper).purgeIdempotencyKeys()).toBe(2);
    expect(await countOf(t, 'idempotency_keys', { userId: vendor.id })).toBe(0);
  });
});
