import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { DateRangeQuery } from '../../common/date-range.js';
import { DateField, TextField, TextListField, UuidListField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';

export class CreateClosureDto {
  @DateField({
    example: '2026-12-05',
    description: "the local date (each zone's own calendar) whose occurrences close; occurrences that have begun are left alone",
  })
  date: string;

  @TextField({ max: 500, multiline: true, example: '暴雨红色预警 / rainstorm red warning' })
  reason: string;

  @TextField({
    max: 100,
    optional: true,
    example: '南川区',
    description: 'close the zones of this district (with zoneIds too: only the listed zones in this district)',
  })
  district?: string;

  @UuidListField({
    max: 500,
    optional: true,
    example: ['0193a4b2-7c1e-7d2a-9f00-1234567890ab'],
    description: 'close these zones (each must exist, else 404); without district and zoneIds: every zone',
  })
  zoneIds?: string[];

  @TextListField({
    max: 12,
    maxLength: 100,
    optional: true,
    example: ['evening'],
    description: 'only sessions of these names (e.g. the evening markets); absent: every session',
  })
  sessionNames?: string[];
}

export class ListClosuresQuery extends IntersectionType(DateRangeQuery, PageQuery) {}

export class ClosureResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true, example: '南川区' }) district: string | null;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, nullable: true }) zoneIds: string[] | null;
  @ApiProperty({ type: String, isArray: true, nullable: true, example: ['evening'] }) sessionNames: string[] | null;
  @ApiProperty({ type: 'integer', description: 'occurrences this closure cancelled' }) occurrences: number;
  @ApiProperty({ type: 'integer', description: 'active claims it turned into cancelled_by_market' }) claimsCancelled: number;
  @ApiProperty({ example: '2026-12-04T18:00:00+08:00' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'when it was restored; null while in force' })
  restoredAt: string | null;
}

export class CreateClosureResponse extends ClosureResponse {
  @ApiProperty({ type: 'integer', description: 'matching occurrences that had already begun, left as they are' })
  startedLeftAlone: number;

  @ApiProperty({ type: 'integer', description: 'matching occurrences already cancelled on their own (not this closure’s)' })
  alreadyCancelled: number;
}

export class RestoreClosureResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', description: 'occurrences that run again' }) occurrencesRestored: number;
  @ApiProperty({ type: 'integer', description: 'occurrences that had begun by now and stay cancelled' }) occurrencesKept: number;
}
