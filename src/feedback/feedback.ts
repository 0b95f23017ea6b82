import type { StallCategory } from '../stalls/stall.js';

/** A resident's word about a zone (问需于民), as the rest of the service sees it (feedback/ owns the table). */
export type FeedbackKind = 'wish' | 'problem' | 'praise';
export const FEEDBACK_KINDS: readonly FeedbackKind[] = ['wish', 'problem', 'praise'];
export type FeedbackStatus = 'open' | 'resolved';
export const FEEDBACK_STATUSES: readonly FeedbackStatus[] = ['open', 'resolved'];

export interface Feedback {
  id: string;
  zoneId: string;
  kind: FeedbackKind;
  /** What the wish or problem is about, when it is about a kind of stall. */
  category: StallCategory | null;
  /** Stored as given, shown only as text. */
  text: string;
  /** How to reach the resident, if they left a way: staff only. */
  contact: string | null;
  status: FeedbackStatus;
  resolutionNote: string | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
  createdAt: number;
}

/** What the public may see of a zone's feedback: counts only. */
export interface FeedbackCounts {
  wish: number;
  problem: number;
  praise: number;
  resolved: number;
}

/** How many feedback items of one kind and status (the cockpit's feedback by kind). */
export interface FeedbackKindCount {
  kind: FeedbackKind;
  status: FeedbackStatus;
  count: number;
}
