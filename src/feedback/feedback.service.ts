import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page } from '../common/pagination.js';
import { newId } from '../database/ids.js';
import { Transactions } from '../database/transactions.js';
import { ZonesService } from '../zones/zones.service.js';
import { CreateFeedbackDto, ListFeedbackQuery } from './dto/feedback.dto.js';
import type { Feedback, FeedbackCounts, FeedbackKindCount } from './feedback.js';
import { FeedbackRepository } from './feedback.repository.js';

@Injectable()
export class FeedbackService {
  constructor(
    private readonly feedback: FeedbackRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly audit: AuditService,
  ) {}

  /** A resident's feedback on a zone (no account: the route is limited per client address). */
  async create(zoneId: string, dto: CreateFeedbackDto): Promise<Feedback> {
    const feedback: Feedback = {
      id: newId(),
      zoneId,
      kind: dto.kind,
      category: dto.category ?? null,
      text: dto.text,
      contact: dto.contact ?? null,
      status: 'open',
      resolutionNote: null,
      resolvedBy: null,
      resolvedAt: null,
      createdAt: this.clock.now(),
    };
    await this.transactions.write(async (tx) => {
      await this.zones.get(zoneId, tx);
      await this.feedback.insert(tx, feedback);
    });
    return feedback;
  }

  list(query: ListFeedbackQuery, zoneIds?: string[]): Promise<Page<Feedback>> {
    const zones = query.zoneId !== undefined ? (zoneIds === undefined || zoneIds.includes(query.zoneId) ? [query.zoneId] : []) : zoneIds;
    return this.feedback.list({ zoneIds: zones, kind: query.kind, status: query.status, limit: query.limit, offset: query.offset });
  }

  async resolve(id: string, note: string, actor: Actor): Promise<Feedback> {
    return this.transactions.write(async (tx) => {
      const before = await this.feedback.find(id, tx, 'update');
      if (!before) throw notFound('feedback', id);
      if (before.status === 'resolved') throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, 'this feedback is already resolved');
      const now = this.clock.now();
      await this.feedback.resolve(tx, id, note, actor.id, now);
      const after: Feedback = { ...before, status: 'resolved', resolutionNote: note, resolvedBy: actor.id, resolvedAt: now };
      await this.audit.record(tx, actor, { action: 'feedback.resolved', entityType: 'feedback', entityId: id, before, after });
      return after;
    });
  }

  /** What the public may see: counts by kind and of those resolved, per zone. */
  countsOfZones(zoneIds: string[]): Promise<Map<string, FeedbackCounts>> {
    return this.feedback.countsOfZones(zoneIds);
  }

  /** Feedback received in [from, until) (instants) by kind and status, of these zones or of all (the cockpit). */
  countsByKind(window: { from: number; until: number; zoneIds?: string[] }): Promise<FeedbackKindCount[]> {
    return this.feedback.countsByKind(window);
  }
}
