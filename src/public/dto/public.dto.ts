import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { InstantField, QueryIntField, QueryNumberField } from '../../common/fields.js';
import { PageQuery } from '../../common/pagination.js';
import { STALL_CATEGORIES, type StallCategory } from '../../stalls/stall.js';
import { VENDOR_KINDS, type VendorKind } from '../../vendors/vendor.js';

/** The largest radius a search may ask (metres). */
export const MAX_RADIUS_M = 20_000;

export class NearbyZonesQuery extends PageQuery {
  @QueryNumberField({ min: -90, max: 90, example: 29.157, description: 'latitude of the point to search around (WGS-84 degrees)' })
  lat: number;

  @QueryNumberField({ min: -180, max: 180, example: 107.099, description: 'longitude (WGS-84 degrees)' })
  lng: number;

  @QueryIntField({ min: 1, max: MAX_RADIUS_M, default: 1000, description: 'metres' })
  radius: number = 1000;

  @InstantField({ optional: true, description: 'the instant openNow, nextSession and "today" are evaluated at; default now' })
  at?: string;
}

export class NextSession {
  @ApiProperty({ example: 'evening' }) name: string;
  @ApiProperty({ example: '2026-12-01T18:00:00+08:00' }) start: string;
  @ApiProperty({ example: '2026-12-01T21:00:00+08:00' }) end: string;
}

export class StallsByCategory {
  @ApiProperty({ type: 'integer' }) vegetables: number;
  @ApiProperty({ type: 'integer' }) fruit: number;
  @ApiProperty({ type: 'integer' }) food: number;
  @ApiProperty({ type: 'integer' }) general: number;
}

export class FeedbackCountsResponse {
  @ApiProperty({ type: 'integer' }) wish: number;
  @ApiProperty({ type: 'integer' }) problem: number;
  @ApiProperty({ type: 'integer' }) praise: number;
  @ApiProperty({ type: 'integer', description: 'of all three kinds, those the city has resolved' }) resolved: number;
}

export class NearbyZone {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '东城潮汐摊区' }) name: string;
  @ApiProperty({ example: '南川区' }) district: string;
  @ApiProperty({ example: '金佛大道 18 号旁' }) address: string;
  @ApiProperty() latitude: number;
  @ApiProperty() longitude: number;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone: string;
  @ApiProperty({ type: 'integer', description: 'great-circle distance from the point, metres' }) distanceM: number;
  @ApiProperty({ description: 'a run (not cancelled) is on at `at`' }) openNow: boolean;
  @ApiProperty({ type: NextSession, nullable: true, description: 'the next run to start after `at`, within 30 days' })
  nextSession: NextSession | null;
  @ApiProperty({ type: StallsByCategory, description: "stalls held on `at`'s local date in the zone, by category" })
  stallsClaimedToday: StallsByCategory;
  @ApiProperty({ type: FeedbackCountsResponse }) feedback: FeedbackCountsResponse;
}

export class NearbyZonesResponse {
  @ApiProperty({ type: [NearbyZone] }) items: NearbyZone[];
  @ApiProperty({ type: 'integer' }) total: number;
}

export class StallPageSession {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'evening' }) name: string;
  @ApiProperty({ example: '18:00' }) startTime: string;
  @ApiProperty({ example: '21:00' }) endTime: string;
  @ApiProperty({ example: 'FREQ=DAILY' }) rrule: string;
}

export class StallHolder {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ example: 'evening' }) sessionName: string;
  @ApiProperty({ example: '张*', description: 'the first character of the name, then *' }) name: string;
  @ApiProperty({ enum: VENDOR_KINDS }) kind: VendorKind;
  @ApiProperty() checkedIn: boolean;
}

export class StallPageResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'A01' }) code: string;
  @ApiProperty({ enum: STALL_CATEGORIES }) category: StallCategory;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ type: Object, example: { id: '…', name: '东城潮汐摊区', district: '南川区', address: '金佛大道 18 号旁' } })
  zone: { id: string; name: string; district: string; address: string; timezone: string };
  @ApiProperty({ type: [StallPageSession] }) sessions: StallPageSession[];
  @ApiProperty({ format: 'date', description: "today's local date in the zone" }) today: string;
  @ApiProperty({ type: [StallHolder], description: "today's holders, one per session at most" }) holders: StallHolder[];
  @ApiPropertyOptional({ example: '/api/public/zones/…/feedback', description: 'where to POST feedback about this market' })
  feedbackPath: string;
}
