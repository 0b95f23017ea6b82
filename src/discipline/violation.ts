/** Discipline (纪律): violations, their escalation, appeals — as the rest of the service sees it (discipline/ owns the table). */

/** What staff record by hand. */
export type StaffViolationType = 'overtime' | 'litter' | 'out_of_scope_goods' | 'subletting' | 'unauthorized_spot' | 'other';
export const STAFF_VIOLATION_TYPES: readonly StaffViolationType[] = [
  'overtime',
  'litter',
  'out_of_scope_goods',
  'subletting',
  'unauthorized_spot',
  'other',
];
/** What the service records by itself: a claim's run ended without a check-in; a roster turn marked missed. */
export type AutomaticViolationType = 'no_show' | 'missed_duty';
export type ViolationType = StaffViolationType | AutomaticViolationType;
export const VIOLATION_TYPES: readonly ViolationType[] = [...STAFF_VIOLATION_TYPES, 'no_show', 'missed_duty'];

/** upheld (counts), appealed (counts until resolved), overturned (counts no more). */
export type ViolationStatus = 'upheld' | 'appealed' | 'overturned';
export const VIOLATION_STATUSES: readonly ViolationStatus[] = ['upheld', 'appealed', 'overturned'];

export interface Violation {
  id: string;
  vendorId: string;
  zoneId: string;
  type: ViolationType;
  occurredAt: number;
  note: string;
  /** The claim (no_show) or roster entry (missed_duty) it was recorded for; null for staff's own. */
  sourceId: string | null;
  status: ViolationStatus;
  /** Its place on the ladder when recorded: 1st, 2nd, 3rd… upheld violation in the window. */
  rank: number;
  /** The suspension it brought, if any: its end (null: a warning). */
  suspendedUntil: number | null;
  appealText: string | null;
  appealedAt: number | null;
  resolutionNote: string | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
  createdBy: string | null;
  createdAt: number;
}
