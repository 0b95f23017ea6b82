import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DateField, EnumField, InstantField, PatternField, TextField, UuidField } from '../../common/fields.js';
import { STALL_CATEGORIES, type StallCategory } from '../../stalls/stall.js';
import { DRAW_RESULTS, type DrawResult, OFFER_STATUSES, type OfferStatus, ROUND_STATUSES, type RoundStatus } from '../allocation.js';

export const COMMITMENT_PATTERN = /^[0-9a-fA-F]{64}$/;

export class CreateRoundDto {
  @UuidField({ description: 'a live session of the same zone' })
  sessionId: string;

  @DateField({ example: '2027-01-01', description: 'first local date of the period (inclusive)' })
  from: string;

  @DateField({ example: '2027-01-31', description: 'last local date (inclusive); at most 366 days after from' })
  to: string;

  @InstantField({ example: '2026-12-25T20:00:00+08:00', description: 'applications are taken until this instant; it must lie ahead' })
  applyUntil: string;

  @PatternField(COMMITMENT_PATTERN, 'the SHA-256 of the seed as 64 hex digits', {
    example: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
    description: 'SHA-256 (hex) of the secret seed, published now so that nobody can steer the draw; the seed is revealed at the draw',
    minLength: 64,
    maxLength: 64,
  })
  seedCommitment: string;
}

export class RoundResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ example: '2027-01-01' }) from: string;
  @ApiProperty({ example: '2027-01-31' }) to: string;
  @ApiProperty({ example: '2026-12-25T20:00:00+08:00' }) applyUntil: string;
  @ApiProperty({ example: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae' }) seedCommitment: string;
  @ApiProperty({ nullable: true, type: String, description: 'revealed at the draw' }) seed: string | null;
  @ApiProperty({ enum: ROUND_STATUSES }) status: RoundStatus;
  @ApiProperty({ example: 12, description: 'applications so far' }) applications: number;
  @ApiProperty({ nullable: true, type: String, example: '2026-12-26T10:00:00+08:00' }) drawnAt: string | null;
  @ApiProperty({ example: '2026-12-01T09:00:00+08:00' }) createdAt: string;
}

export class ApplyDto {
  @EnumField(STALL_CATEGORIES, { description: 'the kind of stall wanted: one the vendor sells, or general' })
  category: StallCategory;
}

export class ApplicationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ format: 'uuid' }) vendorId: string;
  @ApiProperty({ example: 7, description: 'the order applications came in: the draw’s input order, shown in the results' }) ticket: number;
  @ApiProperty({ enum: STALL_CATEGORIES }) category: StallCategory;
  @ApiProperty({ example: '2026-12-02T09:00:00+08:00' }) createdAt: string;
}

export class ApplicationListResponse {
  @ApiProperty({ type: [ApplicationResponse] }) items: ApplicationResponse[];
}

export class DrawDto {
  @TextField({ max: 200, example: 'tidal-2027-01-东城-9f3a', description: 'the secret whose SHA-256 is the round’s seedCommitment' })
  seed: string;
}

export class DrawPlace {
  @ApiProperty({ example: 1 }) position: number;
  @ApiProperty({ example: 7 }) ticket: number;
  @ApiProperty({ example: '张*' }) name: string;
  @ApiProperty({ example: '138****5678' }) phone: string;
  @ApiProperty({ description: 'in a priority group (low income, local resident, own produce, elderly) when drawn' }) priority: boolean;
  @ApiProperty({ enum: STALL_CATEGORIES }) category: StallCategory;
  @ApiProperty({ enum: DRAW_RESULTS }) result: DrawResult;
  @ApiPropertyOptional({ example: 'A07' }) stallCode?: string;
}

export class RoundResultsResponse {
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ example: 'tidal-2027-01-东城-9f3a' }) seed: string;
  @ApiProperty({ example: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae' }) seedCommitment: string;
  @ApiProperty({ example: '2026-12-26T10:00:00+08:00' }) drawnAt: string;
  @ApiProperty({ type: [DrawPlace], description: 'the draw order' }) order: DrawPlace[];
}

export class DrawResponse extends RoundResultsResponse {
  @ApiProperty({ example: 120, description: 'standing claims created for the winners' }) claimsCreated: number;
}

export class JoinWaitlistDto {
  @UuidField() zoneId: string;
  @UuidField() sessionId: string;
  @DateField({ example: '2026-12-05' }) date: string;
  @EnumField(STALL_CATEGORIES, { description: 'the kind of stall wanted: one the vendor sells, or general' })
  category: StallCategory;
}

export class WaitlistEntryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ example: '2026-12-05' }) date: string;
  @ApiProperty({ enum: STALL_CATEGORIES }) category: StallCategory;
  @ApiProperty({ example: 1, description: 'place in line on that run (1: next to be offered)' }) position: number;
  @ApiProperty({ enum: ['waiting', 'offered'] }) status: 'waiting' | 'offered';
  @ApiProperty({ example: '2026-12-02T09:00:00+08:00' }) createdAt: string;
}

export class WaitlistListResponse {
  @ApiProperty({ type: [WaitlistEntryResponse] }) items: WaitlistEntryResponse[];
}

export class OfferResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ example: '2026-12-05' }) date: string;
  @ApiProperty({ format: 'uuid' }) stallId: string;
  @ApiProperty({ example: 'A07' }) stallCode: string;
  @ApiProperty({ enum: ['round', 'waitlist'], description: 'a round’s waitlist or the run’s own' }) source: 'round' | 'waitlist';
  @ApiProperty({ enum: OFFER_STATUSES, description: 'an open offer past expiresAt reads as expired' }) status: OfferStatus;
  @ApiProperty({ example: '2026-12-05T07:00:00+08:00' }) expiresAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'the claim an accepted offer became' }) claimId: string | null;
  @ApiProperty({ example: '2026-12-05T06:00:00+08:00' }) createdAt: string;
}
