import { ApiProperty } from '@nestjs/swagger';
import { CustomField, EnumField, FieldOptions, IntField, NumberField, TextField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';
import { isKnownTimeZone, TIME_ZONES } from '../../recurrence/local-time.js';
import { ZONE_STATUSES, type ZoneStatus } from '../zone.js';

function TimezoneField(options: FieldOptions): PropertyDecorator {
  return CustomField(
    'isTimeZone',
    (value) => (isKnownTimeZone(value) ? undefined : 'must be an IANA time zone such as Asia/Shanghai'),
    { type: String, enum: [...TIME_ZONES], example: 'Asia/Shanghai' },
    options,
  );
}

export class CreateZoneDto {
  @TextField({ max: 100, example: '南川区东城街道潮汐摊区' })
  name: string;

  @TextField({ max: 100, example: '南川区' })
  district: string;

  @TextField({ max: 300, example: '东城街道金佛大道 18 号旁' })
  address: string;

  @NumberField({ min: -90, max: 90, example: 29.1573 })
  latitude: number;

  @NumberField({ min: -180, max: 180, example: 107.0987 })
  longitude: number;

  @TimezoneField({ optional: true, default: 'Asia/Shanghai' })
  timezone?: string;

  @TextField({ max: 2000, multiline: true, optional: true, nullable: true, description: 'null or absent: none' })
  description?: string | null;

  @IntField({ min: 1, max: 100, optional: true, default: 7 })
  maxClaimsPerVendorPerWeek?: number;

  @IntField({ min: 0, max: 366, optional: true, default: 14, description: 'how many days ahead vendors may claim' })
  bookingHorizonDays?: number;

  @IntField({
    min: 1,
    max: 1440,
    optional: true,
    default: 60,
    description: 'minutes a waitlist offer of a freed stall is held for its vendor',
  })
  offerHoldMinutes?: number;
}

/** Any of the zone's fields, and its status; a field left out stays as it is, `description: null` clears it. */
export class UpdateZoneDto {
  @TextField({ max: 100, optional: true })
  name?: string;

  @TextField({ max: 100, optional: true })
  district?: string;

  @TextField({ max: 300, optional: true })
  address?: string;

  @NumberField({ min: -90, max: 90, optional: true })
  latitude?: number;

  @NumberField({ min: -180, max: 180, optional: true })
  longitude?: number;

  @TimezoneField({
    optional: true,
    description: 'refused (409 SESSION_HAS_CLAIMS) while active claims lie ahead; past runs keep the zone they ran in',
  })
  timezone?: string;

  @TextField({ max: 2000, multiline: true, optional: true, nullable: true, description: 'null clears it' })
  description?: string | null;

  @IntField({ min: 1, max: 100, optional: true })
  maxClaimsPerVendorPerWeek?: number;

  @IntField({ min: 0, max: 366, optional: true })
  bookingHorizonDays?: number;

  @IntField({ min: 1, max: 1440, optional: true })
  offerHoldMinutes?: number;

  @EnumField(ZONE_STATUSES, { optional: true, description: 'a suspended zone takes no new claims' })
  status?: ZoneStatus;
}

export class ListZonesQuery extends PageQuery {
  @TextField({ max: 100, optional: true, example: '南川区' })
  district?: string;

  @TextField({ max: 100, optional: true, description: 'part of the name, case-insensitive' })
  q?: string;
}

export class ZoneResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() district: string;
  @ApiProperty() address: string;
  @ApiProperty() latitude: number;
  @ApiProperty() longitude: number;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: 'integer' }) maxClaimsPerVendorPerWeek: number;
  @ApiProperty({ type: 'integer' }) bookingHorizonDays: number;
  @ApiProperty({ type: 'integer' }) offerHoldMinutes: number;
  @ApiProperty({ enum: ZONE_STATUSES }) status: ZoneStatus;
  @ApiProperty({ example: '2026-11-29T08:00:00+08:00' }) createdAt: string;
  @ApiProperty({ example: '2026-11-29T08:00:00+08:00' }) updatedAt: string;
}
