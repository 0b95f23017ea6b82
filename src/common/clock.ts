import { Injectable } from '@nestjs/common';

/**
 * The one source of business time. Nothing else calls `Date.now()` for a rule
 * (booking window, check-in window, no-shows): tests replace this provider
 * with a clock they can move.
 */
export abstract class Clock {
  abstract now(): number;
}

@Injectable()
export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}
