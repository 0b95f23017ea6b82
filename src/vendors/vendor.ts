import type { StallCategory } from '../stalls/stall.js';

/** A registered seller, as the rest of the service sees it (vendors/ owns the table). Its id is its login's id. */
export type VendorKind = 'fruit_farmer' | 'vegetable_farmer' | 'vendor';
export const VENDOR_KINDS: readonly VendorKind[] = ['fruit_farmer', 'vegetable_farmer', 'vendor'];
export type VendorStatus = 'pending' | 'approved' | 'rejected' | 'suspended';
export const VENDOR_STATUSES: readonly VendorStatus[] = ['pending', 'approved', 'rejected', 'suspended'];
export type PriorityGroup = 'low_income' | 'local_resident' | 'own_produce' | 'elderly';
export const PRIORITY_GROUPS: readonly PriorityGroup[] = ['low_income', 'local_resident', 'own_produce', 'elderly'];

export interface Vendor {
  id: string;
  name: string;
  phone: string;
  kind: VendorKind;
  categories: StallCategory[];
  priorityGroups: PriorityGroup[];
  status: VendorStatus;
  statusReason: string | null;
  /** End of a suspension; null while suspended means "until reinstated". */
  suspendedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What staff enter at a desk (or a CSV row gives) for a new vendor. */
export interface NewVendor {
  name: string;
  phone: string;
  kind: VendorKind;
  categories: StallCategory[];
}
