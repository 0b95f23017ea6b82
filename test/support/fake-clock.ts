import { Clock } from '../../src/common/clock.js';

/** A clock the test moves by hand: time-dependent rules are tested without sleeping. */
export class FakeClock extends Clock {
  private current: number;

  constructor(start: string | number) {
    super();
    this.current = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.current;
  }

  set(instant: string | number): void {
    this.current = typeof instant === 'number' ? instant : Date.parse(instant);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
