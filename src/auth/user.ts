import type { Role } from '../common/actor.js';

/** A login account (auth/ owns the table). */
export interface User {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  createdAt: number;
  /** In every token issued; a password change bumps it, which ends the older tokens. */
  tokenVersion: number;
  /** Set when staff made the password (the sign-up desk, an import): its owner must choose their own. */
  mustChangePassword: boolean;
}
