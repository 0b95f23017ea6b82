import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { DateRangeQuery } from '../../common/date-range.js';
import { DateField, EnumField, UuidField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';
import { CLAIM_SOURCES, CLAIM_STATUSES, type ClaimSource, type ClaimStatus } from '../claim.js';

export class CreateClaimDto {
  @UuidField()
  stallId: string;

  @UuidField()
  sessionId: string;

  @DateField({ example: '2026-12-01', description: "the occurrence's local date" })
  date: string;
}

export class ClaimResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) stallId: string;
  @ApiProperty({ example: 'A01' }) stallCode: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ format: 'uuid' }) vendorId: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ example: '2026-12-01T06:00:00+08:00' }) start: string;
  @ApiProperty({ example: '2026-12-01T09:00:00+08:00' }) end: string;
  @ApiProperty({ enum: CLAIM_STATUSES, description: 'a confirmed claim whose occurrence has ended reads as no_show' }) status: ClaimStatus;
  @ApiProperty({ enum: CLAIM_SOURCES }) source: ClaimSource;
  @ApiProperty({ example: '2026-11-29T08:00:00+08:00' }) createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) checkedInAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cancelledAt: string | null;
}

/** A claim in the vendor's own list, with the names a phone shows ("东城潮汐摊区 · A07 · 早市"). */
export class VendorClaimResponse extends ClaimResponse {
  @ApiProperty({ example: '东城潮汐摊区', description: "the zone's current name" }) zoneName: string;
  @ApiProperty({ example: 'morning', description: "the session's current name (also for its past runs)" }) sessionName: string;
}

export class MyClaimsQuery extends IntersectionType(DateRangeQuery, PageQuery) {}

export class CreateAssignmentDto {
  @UuidField() vendorId: string;
  @UuidField() stallId: string;
  @UuidField() sessionId: string;
  @DateField({ example: '2026-12-01' }) from: string;
  @DateField({ example: '2026-12-31', description: 'inclusive; at most 366 days after from' }) to: string;
}

export class AssignmentConflict {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ example: 'SLOT_TAKEN' }) code: string;
  @ApiProperty() message: string;
}

export class AssignmentResponse {
  @ApiProperty({ type: [ClaimResponse] }) created: ClaimResponse[];
  @ApiProperty({ type: [AssignmentConflict] }) conflicts: AssignmentConflict[];
}

export const SLOT_STATUSES = ['free', 'claimed', 'closed', 'cancelled'] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

export class SlotsQuery {
  @DateField({ example: '2026-12-01' })
  date: string;

  @UuidField({ optional: true, description: "only this session's slots (a session not of the zone, or not running that day: none)" })
  sessionId?: string;

  @EnumField(SLOT_STATUSES, { optional: true, description: 'only slots in this status (`free`: what a vendor can claim)' })
  status?: SlotStatus;
}

export class SlotItem {
  @ApiProperty({ format: 'uuid' }) stallId: string;
  @ApiProperty({ example: 'A01' }) code: string;
  @ApiProperty({ example: 'vegetables' }) category: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ example: 'morning' }) sessionName: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ example: '2026-12-01T06:00:00+08:00' }) start: string;
  @ApiProperty({ example: '2026-12-01T09:00:00+08:00' }) end: string;
  @ApiProperty({ enum: SLOT_STATUSES }) status: SlotStatus;
  @ApiPropertyOptional({ format: 'uuid', description: 'staff and the holder only' }) claimId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'staff and the holder only' }) vendorId?: string;
  @ApiPropertyOptional({ description: 'staff and the holder only' }) vendorName?: string;
}

export class SlotsResponse {
  @ApiProperty({ type: [SlotItem] }) items: SlotItem[];
}
