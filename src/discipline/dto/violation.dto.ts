import { ApiProperty } from '@nestjs/swagger';
import { BooleanField, EnumField, InstantField, TextField, UuidField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';
import {
  STAFF_VIOLATION_TYPES,
  type StaffViolationType,
  VIOLATION_STATUSES,
  VIOLATION_TYPES,
  type ViolationStatus,
  type ViolationType,
} from '../violation.js';

export class RecordViolationDto {
  @EnumField(STAFF_VIOLATION_TYPES, { description: 'no-shows and missed duties are recorded by the service itself' })
  type: StaffViolationType;

  @InstantField({ example: '2026-12-01T20:30:00+08:00', description: 'when it happened; not in the future' })
  occurredAt: string;

  @UuidField({ description: 'the zone it happened in' })
  zoneId: string;

  @TextField({ max: 500, optional: true, multiline: true, example: '收摊后未清理摊位垃圾' })
  note?: string;
}

export class AppealDto {
  @TextField({ max: 1000, multiline: true, example: '当天下大雨，提前收摊，垃圾已带走' })
  text: string;
}

export class ResolveViolationDto {
  @BooleanField({
    description: 'true: the violation stands; false: overturned — it no longer counts and the suspensions it was counted in are lifted',
  })
  upheld: boolean;

  @TextField({ max: 500, multiline: true, example: '经核实监控，情况属实' })
  note: string;
}

export class ListViolationsQuery extends PageQuery {
  @EnumField(VIOLATION_STATUSES, {
    optional: true,
    description: 'appealed: waiting for a decision; upheld: counts; overturned: counts no more. Absent: every status',
  })
  status?: ViolationStatus;
}

export class ViolationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) vendorId: string;
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ enum: VIOLATION_TYPES }) type: ViolationType;
  @ApiProperty({ example: '2026-12-01T20:30:00+08:00' }) occurredAt: string;
  @ApiProperty() note: string;
  @ApiProperty({ enum: VIOLATION_STATUSES, description: 'appealed: counts until resolved; overturned: counts no more' })
  status: ViolationStatus;
  @ApiProperty({ enum: ['warning', 'suspension'] }) consequence: 'warning' | 'suspension';
  @ApiProperty({ example: 2, description: 'its place among the vendor’s counted violations in the window when recorded' }) rank: number;
  @ApiProperty({ nullable: true, type: String, example: '2026-12-09T10:00:00+08:00' }) suspendedUntil: string | null;
  @ApiProperty({ nullable: true, type: String }) appealText: string | null;
  @ApiProperty({ nullable: true, type: String }) appealedAt: string | null;
  @ApiProperty({ example: '2026-12-09T10:00:00+08:00', description: 'appeals are heard until then' }) appealUntil: string;
  @ApiProperty({ nullable: true, type: String }) resolutionNote: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ example: '2026-12-02T10:00:00+08:00' }) createdAt: string;
}
