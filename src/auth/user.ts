import type { Role } from '../common/actor.js';

/** A login account (auth/ owns the table). */
export interface User {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  createdAt: number;
  /** Consecutive failed logins since the last success or lockout. */
  failedLogins: number;
  /** Logins are refused until then after too many failures in a row. */
  lockedUntil: number | null;
}
