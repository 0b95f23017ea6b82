/** A stall of a zone, as the rest of the service sees it (stalls/ owns the table). */
export type StallCategory = 'vegetables' | 'fruit' | 'food' | 'general';
export const STALL_CATEGORIES: readonly StallCategory[] = ['vegetables', 'fruit', 'food', 'general'];
export type StallStatus = 'open' | 'closed';
export const STALL_STATUSES: readonly StallStatus[] = ['open', 'closed'];

export interface Stall {
  id: string;
  zoneId: string;
  code: string;
  category: StallCategory;
  status: StallStatus;
  createdAt: number;
}
