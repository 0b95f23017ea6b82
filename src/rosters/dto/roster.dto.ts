import { ApiProperty } from '@nestjs/swagger';
import { DateField, IntField, TextField, UuidField } from '../../common/fields.js';
import { RuleField } from '../../common/rule-field.js';
import { ENTRY_STATUSES, type EntryStatus, SWAP_STATUSES, type SwapStatus } from '../roster.js';

/** How many vendors one duty occurrence may need: a cleanup crew, not the whole market. */
export const MAX_HEADCOUNT = 20;

export class CreateDutyDto {
  @TextField({ max: 100, example: '晚市收摊后清扫' })
  name: string;

  @UuidField({ description: 'a live session of the same zone' })
  sessionId: string;

  @RuleField({
    example: 'FREQ=DAILY',
    description:
      'which runs of the session carry the duty: a run on a date this rule also matches (counted from the session’s validFrom). ' +
      'A rule that never meets a future run → 422 NOT_AN_OCCURRENCE.',
  })
  rrule: string;

  @IntField({ min: 1, max: MAX_HEADCOUNT, example: 2, description: 'vendors per occurrence' })
  headcount: number;
}

export class DutyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'FREQ=DAILY' }) rrule: string;
  @ApiProperty({ example: 2 }) headcount: number;
  @ApiProperty({ example: '2026-11-29T08:00:00+08:00' }) createdAt: string;
}

export class DutyListResponse {
  @ApiProperty({ type: [DutyResponse] }) items: DutyResponse[];
}

export class GenerateRosterDto {
  @DateField({ example: '2026-12-01', description: 'first local date (inclusive)' })
  from: string;

  @DateField({ example: '2026-12-30', description: 'last local date (inclusive); at most 366 days after from' })
  to: string;
}

export class RosterEntryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ format: 'uuid' }) dutyId: string;
  @ApiProperty({ description: 'the duty’s name', example: '晚市收摊后清扫' }) name: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ example: '2026-12-01' }) date: string;
  @ApiProperty({ format: 'uuid' }) vendorId: string;
  @ApiProperty({ example: '张三' }) vendorName: string;
  @ApiProperty({ enum: ENTRY_STATUSES }) status: EntryStatus;
  @ApiProperty({ description: 'fewer vendors were present than the duty needs' }) understaffed: boolean;
  @ApiProperty({ description: 'moved to this vendor by a swap (a regeneration keeps it)' }) swapped: boolean;
}

export class RosterResponse {
  @ApiProperty({ type: [RosterEntryResponse] }) items: RosterEntryResponse[];
}

export class RequestSwapDto {
  @UuidField({
    description:
      'the vendor who would take the turn, another vendor than the caller (400 otherwise): present (an active claim) on that session that day',
  })
  toVendorId: string;
}

export class SwapResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ format: 'uuid' }) fromVendorId: string;
  @ApiProperty({ format: 'uuid' }) toVendorId: string;
  @ApiProperty({ enum: SWAP_STATUSES, description: 'void: the entry changed hands or was marked before the swap was accepted' })
  status: SwapStatus;
  @ApiProperty({ example: '2026-11-29T08:00:00+08:00' }) createdAt: string;
}

export class NeighbourResponse {
  @ApiProperty({ format: 'uuid', description: 'what POST /api/roster/:entryId/swap takes as toVendorId' }) vendorId: string;
  @ApiProperty({ example: '张*', description: 'masked as on the stall’s public page: the first character, then *' }) name: string;
  @ApiProperty({ example: 'A03', description: 'the stall this vendor holds on that run' }) stallCode: string;
}

export class SwapCandidatesResponse {
  @ApiProperty({ type: [NeighbourResponse], description: 'in stall code order' }) items: NeighbourResponse[];
}

export class PendingSwapResponse {
  @ApiProperty({ format: 'uuid', description: 'what POST /api/roster/swaps/:id/accept takes' }) id: string;
  @ApiProperty({ enum: ['incoming', 'outgoing'], description: 'incoming: asked of the caller, who may accept; outgoing: the caller asked' })
  direction: 'incoming' | 'outgoing';
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ example: '收摊清扫' }) dutyName: string;
  @ApiProperty({ example: '东城潮汐摊区' }) zoneName: string;
  @ApiProperty({ example: 'evening' }) sessionName: string;
  @ApiProperty({ type: NeighbourResponse, description: 'who asks (incoming) or who is asked (outgoing)' }) other: NeighbourResponse;
  @ApiProperty({ example: '2026-11-29T08:00:00+08:00' }) createdAt: string;
}

export class PendingSwapsResponse {
  @ApiProperty({ type: [PendingSwapResponse], description: 'oldest first' }) items: PendingSwapResponse[];
}

export class CaptainResponse {
  @ApiProperty({ format: 'uuid' }) zoneId: string;
  @ApiProperty({ format: 'uuid' }) vendorId: string;
  @ApiProperty({ example: '张三' }) vendorName: string;
  @ApiProperty({ description: 'false while the vendor is suspended: a suspended captain has no powers' }) active: boolean;
  @ApiProperty({ example: '2026-11-29T08:00:00+08:00' }) appointedAt: string;
}

export class CaptainListResponse {
  @ApiProperty({ type: [CaptainResponse] }) items: CaptainResponse[];
}
