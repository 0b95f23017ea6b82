import { api, type Schemas } from '../shared/api/client';
import { type AttemptStore, sendOnce } from './idempotency';
import { load, randomKey, save } from './storage';

const KEY = 'tidal.vendor.claimAttempt';

/** The attempt is kept on the device, so even a reload in the middle keeps its key. */
const deviceStore: AttemptStore = { load: () => load(KEY), save: (attempt) => save(KEY, attempt) };

/** POST /api/claims with an Idempotency-Key kept across retries of the same attempt (see idempotency.ts). */
export function claimWithKey(body: Schemas['CreateClaimDto']) {
  return sendOnce(body, deviceStore, randomKey, (key) => api.POST('/api/claims', { body, params: { header: { 'Idempotency-Key': key } } }));
}
