import { ApiProperty } from '@nestjs/swagger';
import { DateRangeQuery } from '../../common/date-range.js';
import { EnumField, UuidField } from '../../common/fields.js';

export class OccupancyQuery extends DateRangeQuery {
  @UuidField({ optional: true, description: 'one zone (404 when there is none); absent: every zone' })
  zoneId?: string;

  @EnumField(['json', 'csv'], {
    optional: true,
    description: 'csv: the same rows as text/csv, UTF-8 with a byte-order mark (header in Chinese when Accept-Language prefers zh)',
  })
  format?: 'json' | 'csv';
}

export class OccupancyRow {
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ example: '第2摊区' }) zoneName: string;
  @ApiProperty({ example: '南川区' }) district: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ example: 'morning' }) sessionName: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ example: '2026-12-01T06:00:00+08:00' }) start: string;
  @ApiProperty({ example: '2026-12-01T09:00:00+08:00' }) end: string;
  @ApiProperty({ description: 'the occurrence was cancelled (on its own or by a closure)' }) occurrenceCancelled: boolean;
  @ApiProperty({
    type: 'integer',
    description: 'stalls of the zone on that run: those that existed at its start (open ones only, for runs still ahead)',
  })
  stalls: number;
  @ApiProperty({ type: 'integer', description: 'claims that held a stall: confirmed, checked in or no-show' }) claimed: number;
  @ApiProperty({ type: 'integer' }) checkedIn: number;
  @ApiProperty({ type: 'integer', description: 'no-shows (a confirmed claim whose run has ended counts)' }) noShow: number;
  @ApiProperty({ type: 'integer', description: 'claims cancelled by their vendor, staff or the market' }) cancelled: number;
}

export class OccupancyResponse {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [OccupancyRow] }) items: OccupancyRow[];
}
