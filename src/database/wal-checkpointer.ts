import { Worker } from 'node:worker_threads';

/**
 * Runs SQLite WAL checkpoints on a worker thread with its own connection.
 *
 * With synchronous=FULL every commit fsyncs the WAL (that is what makes an
 * acknowledged claim durable). SQLite's automatic checkpoint would also copy
 * the WAL back into the database — and fsync it — inside whichever commit
 * crosses the threshold, on the event loop, stalling every request queued
 * behind it. Here the writer's automatic checkpoints are off and this thread
 * runs PASSIVE checkpoints, which never block the writer, every few hundred
 * milliseconds.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.path, { timeout: 0 });
db.pragma('synchronous = FULL');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next time */ }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'stop') { clearInterval(timer); try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} db.close(); parentPort.postMessage('stopped'); }
});
`;

export class WalCheckpointer {
  private readonly worker: Worker;

  constructor(path: string, betterSqlite3Entry: string, intervalMs = 250) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, betterSqlite3: betterSqlite3Entry, intervalMs } });
    this.worker.unref();
  }

  async stop(): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve());
      this.worker.once('exit', () => resolve());
    });
    this.worker.postMessage('stop');
    // A worker that does not answer in 2 s is terminated anyway; the timer must not outlive the stop.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stopped, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
    await this.worker.terminate();
  }
}
