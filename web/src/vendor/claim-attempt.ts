import { api, type Schemas } from '../shared/api/client';
import { load, randomKey, save } from './storage';

type Body = Schemas['CreateClaimDto'];
const KEY = 'tidal.vendor.claimAttempt';

interface Attempt {
  body: Body;
  key: string;
}

const same = (a: Body, b: Body) => a.stallId === b.stallId && a.sessionId === b.sessionId && a.date === b.date;

/**
 * One claim attempt = one Idempotency-Key. The key is kept (on the device, so a reload keeps it
 * too) until the server has answered; a dropped connection is retried with the same key, so
 * the server returns the first answer instead of claiming twice. A tap on the same stall after
 * a network failure is the same attempt; any answer (201 or a refusal) ends it.
 */
export async function claimWithKey(body: Body, retries = 2) {
  const kept = load<Attempt>(KEY);
  const attempt: Attempt = kept && same(kept.body, body) ? kept : { body, key: randomKey() };
  save(KEY, attempt);
  for (let tries = 0; ; tries++) {
    try {
      const answer = await api.POST('/api/claims', { body, params: { header: { 'Idempotency-Key': attempt.key } } });
      save(KEY, null);
      return answer;
    } catch (error) {
      if (tries >= retries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 800 * (tries + 1)));
    }
  }
}
