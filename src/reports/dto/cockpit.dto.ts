import { ApiProperty } from '@nestjs/swagger';
import { DateRangeQuery } from '../../common/date-range.js';
import { EnumField, TextField } from '../../common/fields.js';
import { FEEDBACK_KINDS, type FeedbackKind } from '../../feedback/feedback.js';
import { STALL_CATEGORIES, type StallCategory } from '../../stalls/stall.js';

export class CockpitQuery extends DateRangeQuery {
  @TextField({
    max: 100,
    optional: true,
    example: '南川区',
    description: "one district's zones (none there: every figure is 0); absent: every zone",
  })
  district?: string;

  @EnumField(['json', 'csv'], {
    optional: true,
    description:
      'csv: the same figures as text/csv, UTF-8 with a byte-order mark, one row per figure with a section column ' +
      '(header and section names in Chinese when Accept-Language prefers zh)',
  })
  format?: 'json' | 'csv';
}

const RATE = { type: 'number', nullable: true, minimum: 0, maximum: 1 } as const;

/** The counts every level of the cockpit shares (the whole range, a zone, a day, a zone on a day). */
export class CockpitCounts {
  @ApiProperty({
    type: 'integer',
    description: 'stall places on sale: for each run that was not cancelled, the stalls of its zone (as the occupancy report counts them)',
  })
  slots: number;
  @ApiProperty({ type: 'integer', description: 'claims that held a stall: confirmed, checked in or no-show' }) claimed: number;
  @ApiProperty({ type: 'integer' }) checkedIn: number;
  @ApiProperty({ type: 'integer', description: 'no-shows (a confirmed claim whose run has ended counts)' }) noShow: number;
  @ApiProperty({ type: 'integer', description: 'claims cancelled by their vendor, staff or the market' }) cancelled: number;
  @ApiProperty({ ...RATE, description: 'claimed / slots (null when there were no slots)' }) occupancyRate: number | null;
  @ApiProperty({ ...RATE, description: 'checkedIn / claimed (null when nothing was claimed)' }) checkInRate: number | null;
  @ApiProperty({
    ...RATE,
    description: 'noShow / claimed (null when nothing was claimed); the rest of the claimed are runs not over yet',
  })
  noShowRate: number | null;
}

export class CockpitTotals extends CockpitCounts {
  @ApiProperty({ type: 'integer', description: 'zones covered' }) zones: number;
  @ApiProperty({ type: 'integer', description: 'runs (session occurrences) dated in the range, cancelled ones included' }) runs: number;
  @ApiProperty({ type: 'integer', description: 'runs cancelled (on their own or by a closure)' }) runsCancelled: number;
  @ApiProperty({ type: 'integer', description: 'residents’ feedback received in the range' }) feedback: number;
  @ApiProperty({ type: 'integer', description: 'of that feedback, how much is still open' }) feedbackOpen: number;
}

export class CockpitZone extends CockpitCounts {
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ example: '第2摊区' }) zoneName: string;
  @ApiProperty({ example: '南川区' }) district: string;
  @ApiProperty({ example: 29.1573 }) latitude: number;
  @ApiProperty({ example: 107.0987 }) longitude: number;
}

export class CockpitDay extends CockpitCounts {
  @ApiProperty({ format: 'date', description: "a local date (each zone's own calendar)" }) date: string;
}

export class CockpitZoneDay extends CockpitCounts {
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ format: 'date' }) date: string;
}

export class CockpitCategory {
  @ApiProperty({ enum: STALL_CATEGORIES }) category: StallCategory;
  @ApiProperty({ type: 'integer', description: 'stall places of this category on sale (runs not cancelled × stalls)' }) slots: number;
  @ApiProperty({ type: 'integer', description: 'claims that held a stall of this category' }) claimed: number;
  @ApiProperty({ ...RATE, description: 'claimed / slots' }) occupancyRate: number | null;
}

export class CockpitFeedback {
  @ApiProperty({ enum: FEEDBACK_KINDS }) kind: FeedbackKind;
  @ApiProperty({ type: 'integer' }) open: number;
  @ApiProperty({ type: 'integer' }) resolved: number;
}

export class CockpitResponse {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: String, nullable: true, description: 'the district asked for; null: every zone' }) district: string | null;
  @ApiProperty({ type: [String], description: 'every district that has zones, in order (for a district picker)' }) districts: string[];
  @ApiProperty({ type: CockpitTotals }) totals: CockpitTotals;
  @ApiProperty({ type: [CockpitZone], description: 'per zone over the range, in the zone list’s order' }) zones: CockpitZone[];
  @ApiProperty({ type: [CockpitDay], description: 'per date of the range, every date present' }) days: CockpitDay[];
  @ApiProperty({ type: [CockpitZoneDay], description: 'per zone and date (occupancy by zone and day), every pair present' })
  zoneDays: CockpitZoneDay[];
  @ApiProperty({ type: [CockpitCategory], description: 'claimed stalls by stall category, every category present' })
  categories: CockpitCategory[];
  @ApiProperty({
    type: [CockpitFeedback],
    description: "residents' feedback received in the range (in each zone's local calendar) by kind, open and resolved now",
  })
  feedback: CockpitFeedback[];
}
