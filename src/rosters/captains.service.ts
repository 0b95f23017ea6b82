import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { ZoneCaptains } from '../common/ports/zone-captains.js';
import { Transactions } from '../database/transactions.js';
import { effectiveStatus } from '../vendors/vendor-status.js';
import { VendorsService } from '../vendors/vendors.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { CaptainsRepository } from './captains.repository.js';
import type { Captain } from './roster.js';

/** A captain with the vendor's name, and whether the powers hold now (not while suspended). */
export interface CaptainView extends Captain {
  vendorName: string;
  active: boolean;
}

/**
 * Captains (摊长): the stall owners who run a zone's self-governance. Staff
 * appoint and remove them; what a captain may do is answered here, once.
 */
@Injectable()
export class CaptainsService extends ZoneCaptains {
  constructor(
    private readonly captains: CaptainsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly zones: ZonesService,
    private readonly vendors: VendorsService,
    private readonly audit: AuditService,
  ) {
    super();
  }

  /** Only an approved vendor (not pending, rejected or suspended) becomes a captain: else 409 INVALID_STATE_TRANSITION. Appointing twice changes nothing. */
  async appoint(zoneId: string, vendorId: string, actor: Actor): Promise<CaptainView> {
    return this.transactions.write(async (tx) => {
      await this.zones.get(zoneId, tx, 'share');
      const vendor = await this.vendors.get(vendorId, tx, 'share');
      const status = effectiveStatus(vendor, this.clock.now());
      if (status !== 'approved') {
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, `only an approved vendor can be a captain; this vendor is ${status}`);
      }
      const captain: Captain = { zoneId, vendorId, appointedBy: actor.id, appointedAt: this.clock.now() };
      if (await this.captains.appoint(tx, captain)) {
        await this.audit.record(tx, actor, { action: 'captain.appointed', entityType: 'zone', entityId: zoneId, after: captain });
        return { ...captain, vendorName: vendor.name, active: true };
      }
      const existing = (await this.captains.ofZone(zoneId, tx)).find((c) => c.vendorId === vendorId)!;
      return { ...existing, vendorName: vendor.name, active: true };
    });
  }

  /** 404 when the vendor is not a captain of the zone. */
  async remove(zoneId: string, vendorId: string, actor: Actor): Promise<void> {
    await this.transactions.write(async (tx) => {
      await this.zones.get(zoneId, tx, 'share');
      const before = (await this.captains.ofZone(zoneId, tx)).find((c) => c.vendorId === vendorId);
      if (!before || !(await this.captains.remove(tx, zoneId, vendorId))) throw notFound('captain', vendorId);
      await this.audit.record(tx, actor, { action: 'captain.removed', entityType: 'zone', entityId: zoneId, before });
    });
  }

  async ofZone(zoneId: string): Promise<CaptainView[]> {
    await this.zones.get(zoneId);
    const captains = await this.captains.ofZone(zoneId);
    const vendors = await this.vendors.byIds(captains.map((c) => c.vendorId));
    const now = this.clock.now();
    return captains.map((captain) => {
      const vendor = vendors.get(captain.vendorId);
      return { ...captain, vendorName: vendor?.name ?? '', active: vendor !== undefined && effectiveStatus(vendor, now) === 'approved' };
    });
  }

  /** Staff, or a captain of this zone whose vendor record is approved now (a suspended captain has no powers). */
  async mayManage(actor: Actor, zoneId: string): Promise<boolean> {
    if (actor.role === 'staff') return true;
    if (!(await this.captains.isCaptain(zoneId, actor.id))) return false;
    const vendor = await this.vendors.find(actor.id);
    return vendor !== undefined && effectiveStatus(vendor, this.clock.now()) === 'approved';
  }

  /** 403 FORBIDDEN unless the actor may run this zone's roster. */
  async assertManages(actor: Actor, zoneId: string): Promise<void> {
    if (!(await this.mayManage(actor, zoneId))) {
      throw new DomainError(ErrorCode.FORBIDDEN, "only staff and this zone's captains may do this");
    }
  }
}
