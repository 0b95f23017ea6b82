// Pure logic (no DOM, no API client): one claim attempt = one Idempotency-Key.

export interface ClaimBody {
  stallId: string;
  sessionId: string;
  date: string;
}

interface Attempt {
  body: ClaimBody;
  key: string;
}

/** Where the current attempt is kept (the phone's storage in the app, memory in tests). */
export interface AttemptStore {
  load(): Attempt | null;
  save(attempt: Attempt | null): void;
}

const same = (a: ClaimBody, b: ClaimBody) => a.stallId === b.stallId && a.sessionId === b.sessionId && a.date === b.date;

/**
 * Sends a claim under an Idempotency-Key kept until the server has answered. A dropped
 * connection (a thrown send) is retried with the same key, and a later tap on the same slot
 * after a failure is the same attempt (same key), so the server returns its first answer rather
 * than claiming twice. Any answer — created or refused — ends the attempt.
 */
export async function sendOnce<T>(
  body: ClaimBody,
  store: AttemptStore,
  newKey: () => string,
  send: (key: string) => Promise<T>,
  { retries = 2, wait = (tries: number) => new Promise<void>((resolve) => setTimeout(resolve, 800 * (tries + 1))) } = {},
): Promise<T> {
  const kept = store.load();
  const attempt: Attempt = kept && same(kept.body, body) ? kept : { body, key: newKey() };
  store.save(attempt);
  for (let tries = 0; ; tries++) {
    try {
      const answer = await send(attempt.key);
      store.save(null);
      return answer;
    } catch (error) {
      if (tries >= retries) throw error;
      await wait(tries);
    }
  }
}
