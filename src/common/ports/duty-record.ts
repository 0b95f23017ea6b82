/** Vendors' records of duties (done and missed), for the vendor's own record in vendors/; implemented by rosters/. */
export abstract class DutyRecord {
  abstract of(vendorIds: string[]): Promise<Map<string, { served: number; missed: number }>>;
}
