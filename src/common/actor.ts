export type Role = 'staff' | 'vendor';
export const ROLES: readonly Role[] = ['staff', 'vendor'];

/** The caller, as proven by its token. */
export interface Actor {
  id: string;
  role: Role;
}

/** Who acted, for the audit log: a user, or the system itself (sweeps, expiries). */
export type AuditActor = Actor | { id: null; role: 'system' };
export const SYSTEM_ACTOR: AuditActor = { id: null, role: 'system' };
