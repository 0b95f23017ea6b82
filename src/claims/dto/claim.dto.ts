import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsUUID } from 'class-validator';

/** Ids are stored in lower case; an upper-case UUID names the same resource. */
const LowerCase = () => Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value));
import { DateRangeQuery } from '../../common/date-range.js';
import { PageQuery } from '../../common/pagination.js';
import { IsLocalDate } from '../../common/validation.js';
import { CLAIM_STATUSES, type ClaimSource, type ClaimStatus } from '../claim.js';

export class CreateClaimDto {
  @ApiProperty({ format: 'uuid' })
  @LowerCase()
  @IsUUID('all')
  stallId: string;

  @ApiProperty({ format: 'uuid' })
  @LowerCase()
  @IsUUID('all')
  sessionId: string;

  @ApiProperty({ format: 'date', example: '2026-12-01', description: "the occurrence's local date" })
  @IsLocalDate()
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
  @ApiProperty({ enum: ['claim', 'assignment'] }) source: ClaimSource;
  @ApiProperty({ example: '2026-11-29T08:00:00+08:00' }) createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) checkedInAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cancelledAt: string | null;
}

export class MyClaimsQuery extends IntersectionType(DateRangeQuery, PageQuery) {}

export class CreateAssignmentDto {
  @ApiProperty({ format: 'uuid' }) @LowerCase() @IsUUID('all') vendorId: string;
  @ApiProperty({ format: 'uuid' }) @LowerCase() @IsUUID('all') stallId: string;
  @ApiProperty({ format: 'uuid' }) @LowerCase() @IsUUID('all') sessionId: string;
  @ApiProperty({ format: 'date', example: '2026-12-01' }) @IsLocalDate() from: string;
  @ApiProperty({ format: 'date', example: '2026-12-31', description: 'inclusive; at most 366 days after from' }) @IsLocalDate() to: string;
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

export class SlotsQuery {
  @ApiProperty({ format: 'date', example: '2026-12-01' })
  @IsLocalDate()
  date: string;
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
  @ApiProperty({ enum: ['free', 'claimed', 'closed', 'cancelled'] }) status: 'free' | 'claimed' | 'closed' | 'cancelled';
  @ApiPropertyOptional({ format: 'uuid', description: 'staff and the holder only' }) claimId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'staff and the holder only' }) vendorId?: string;
  @ApiPropertyOptional({ description: 'staff and the holder only' }) vendorName?: string;
}

export class SlotsResponse {
  @ApiProperty({ type: [SlotItem] }) items: SlotItem[];
}
