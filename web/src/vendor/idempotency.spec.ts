import { type AttemptStore, type ClaimBody, sendOnce } from './idempotency.js';

function memoryStore(): AttemptStore & { kept: ReturnType<AttemptStore['load']> } {
  const store = {
    kept: null as ReturnType<AttemptStore['load']>,
    load: () => store.kept,
    save: (attempt: ReturnType<AttemptStore['load']>) => (store.kept = attempt),
  };
  return store;
}

const body: ClaimBody = { stallId: 's1', sessionId: 'x1', date: '2026-12-03' };
const noWait = { wait: async () => undefined };

describe('a claim attempt and its Idempotency-Key', () => {
  it('retries a dropped connection with the same key, and forgets the attempt once answered', async () => {
    const store = memoryStore();
    const keys: string[] = [];
    let n = 0;
    const answer = await sendOnce(
      body,
      store,
      () => `key-${++n}`,
      async (key) => {
        keys.push(key);
        if (keys.length < 3) throw new TypeError('Failed to fetch');
        return 'created';
      },
      noWait,
    );
    expect(answer).toBe('created');
    expect(keys).toEqual(['key-1', 'key-1', 'key-1']);
    expect(store.kept).toBeNull();
  });

  it('keeps the key after giving up, so tapping the same stall again is the same attempt', async () => {
    const store = memoryStore();
    let n = 0;
    const newKey = () => `key-${++n}`;
    const down = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(sendOnce(body, store, newKey, down, { retries: 1, ...noWait })).rejects.toThrow('Failed to fetch');
    expect(store.kept).toEqual({ body, key: 'key-1' });
    const keys: string[] = [];
    await sendOnce(body, store, newKey, async (key) => keys.push(key), noWait);
    expect(keys).toEqual(['key-1']);
    // Another stall is another attempt with a new key.
    await sendOnce({ ...body, stallId: 's2' }, store, newKey, async (key) => keys.push(key), noWait);
    expect(keys).toEqual(['key-1', 'key-2']);
  });
});
