import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password.js';
import type { Actor, AuditActor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { DEFAULT_TIMEZONE } from '../common/time.js';
import { formatInstant } from '../recurrence/local-time.js';
import { parseInstant } from '../common/fields.js';
import { DomainError, notFound, validationFailed } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Page } from '../common/pagination.js';
import { ClaimHolds } from '../common/ports/claim-holds.js';
import { Notifier } from '../common/ports/notifier.js';
import { constraintViolation } from '../database/db-errors.js';
import { newId } from '../database/ids.js';
import { Transactions, Tx, RowLock } from '../database/transactions.js';
import { ListVendorsQuery, RegisterVendorDto, SuspendVendorDto } from './dto/vendor.dto.js';
import { effectiveStatus, TRANSITIONS } from './vendor-status.js';
import type { NewVendor, PriorityGroup, Vendor, VendorStatus } from './vendor.js';
import { VendorsRepository } from './vendors.repository.js';

type Action = keyof typeof TRANSITIONS;

@Injectable()
export class VendorsService {
  constructor(
    private readonly vendors: VendorsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly claimHolds: ClaimHolds,
    private readonly notifier: Notifier,
  ) {}

  async register(dto: RegisterVendorDto): Promise<Vendor> {
    // Hash before entering the write queue: a job must not wait on anything but the database.
    const passwordHash = await hashPassword(dto.password);
    return this.insertVendor(dto, { passwordHash, madeByStaff: false }, 'pending', (tx, vendor) =>
      this.audit.record(
        tx,
        { id: vendor.id, role: 'vendor' },
        { action: 'vendor.registered', entityType: 'vendor', entityId: vendor.id, after: vendor },
      ),
    );
  }

  list(query: ListVendorsQuery): Promise<Page<Vendor>> {
    return this.vendors.list({ status: query.status, q: query.q, now: this.clock.now(), limit: query.limit, offset: query.offset });
  }

  /** A vendor, or 404. Inside a write, `lock` takes the one write rule's row lock. */
  async get(id: string, tx?: Tx, lock?: RowLock): Promise<Vendor> {
    const vendor = await this.vendors.find(id, tx, lock);
    if (!vendor) throw notFound('vendor', id);
    return vendor;
  }

  /** A vendor, or undefined (the claim path answers its own refusal for an account without one). */
  find(id: string, tx?: Tx, lock?: RowLock): Promise<Vendor | undefined> {
    return this.vendors.find(id, tx, lock);
  }

  /** Names by vendor id. */
  names(ids: string[]): Promise<Map<string, string>> {
    return this.vendors.names([...new Set(ids)]);
  }

  /** The given vendors, by id (those that exist). */
  byIds(ids: string[]): Promise<Map<string, Vendor>> {
    return this.vendors.findMany([...new Set(ids)]);
  }

  /** Staff set the priority groups they verified (the lottery reads them when a round is drawn). */
  async setPriorityGroups(id: string, groups: PriorityGroup[], actor: Actor): Promise<Vendor> {
    return this.transactions.write(async (tx) => {
      const before = await this.get(id, tx, 'update');
      const after: Vendor = { ...before, priorityGroups: groups, updatedAt: this.clock.now() };
      await this.vendors.updatePriorityGroups(tx, after);
      await this.audit.record(tx, actor, { action: 'vendor.priority_groups', entityType: 'vendor', entityId: id, before, after });
      return after;
    });
  }

  /** `onlyFrom` narrows the statuses approved from (the desk's bulk approval takes pending vendors only). */
  approve(id: string, actor: Actor, onlyFrom?: VendorStatus[]): Promise<Vendor> {
    return this.transition(
      id,
      'approve',
      actor,
      { statusReason: null, suspendedUntil: null },
      (tx) => this.notifier.notify(tx, [{ vendorId: id, event: 'vendor.approved', data: {} }]),
      onlyFrom,
    );
  }

  /**
   * A vendor made by staff at a desk: approved at once, its login the phone
   * with a password generated for it (the caller hashed it).
   */
  async createApproved(input: NewVendor, passwordHash: string, actor: Actor): Promise<Vendor> {
    return this.insertVendor(input, { passwordHash, madeByStaff: true }, 'approved', async (tx, vendor) => {
      await this.audit.record(tx, actor, { action: 'vendor.created', entityType: 'vendor', entityId: vendor.id, after: vendor });
      await this.notifier.notify(tx, [{ vendorId: vendor.id, event: 'vendor.approved', data: {} }]);
    });
  }

  /** A new vendor and its login (the phone), in one write with what `record` adds; a phone already registered is 409. */
  private async insertVendor(
    input: NewVendor,
    password: { passwordHash: string; madeByStaff: boolean },
    status: 'pending' | 'approved',
    record: (tx: Tx, vendor: Vendor) => Promise<unknown>,
  ): Promise<Vendor> {
    const now = this.clock.now();
    const vendor: Vendor = {
      id: newId(),
      name: input.name,
      phone: input.phone,
      kind: input.kind,
      categories: input.categories,
      priorityGroups: [],
      status,
      statusReason: null,
      suspendedUntil: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.transactions.write(async (tx) => {
        if (await this.auth.usernameTaken(tx, input.phone)) throw duplicatePhone();
        // A password staff made (the desk, an import) is for the first sign-in only.
        await this.auth.createAccount(tx, {
          id: vendor.id,
          username: input.phone,
          passwordHash: password.passwordHash,
          role: 'vendor',
          createdAt: now,
          mustChangePassword: password.madeByStaff,
        });
        await this.vendors.insert(tx, vendor);
        await record(tx, vendor);
      });
    } catch (error) {
      // Two registrations racing for one phone: the unique index decides.
      if (constraintViolation(error)?.kind === 'unique') throw duplicatePhone();
      throw error;
    }
    return vendor;
  }

  reject(id: string, reason: string, actor: Actor): Promise<Vendor> {
    return this.transition(id, 'reject', actor, { statusReason: reason, suspendedUntil: null }, (tx) =>
      this.notifier.notify(tx, [{ vendorId: id, event: 'vendor.rejected', data: { reason } }]),
    );
  }

  reinstate(id: string, actor: Actor): Promise<Vendor> {
    return this.transition(id, 'reinstate', actor, { statusReason: null, suspendedUntil: null });
  }

  /** Suspends, and hands back to the market every claim the vendor holds in the suspended period. */
  suspend(id: string, dto: SuspendVendorDto, actor: Actor): Promise<Vendor> {
    // The DTO checked the form (an instant with its offset: "2026-12-31T00:00" alone would mean the server's own zone).
    const until = dto.until === undefined ? null : parseInstant(dto.until)!;
    if (until !== null && until <= this.clock.now()) throw validationFailed('until must be an instant in the future', 'until');
    return this.transition(id, 'suspend', actor, { statusReason: dto.reason, suspendedUntil: until }, (tx) =>
      this.suspended(tx, id, dto.reason, until, actor),
    );
  }

  /**
   * Suspends until `until` inside the caller's write (a violation's
   * escalation): an approved vendor becomes suspended, a suspension ending
   * sooner is extended; the vendor's claims in the period go back to the
   * market. A pending or rejected vendor, or a longer suspension, is left as
   * it is. Returns whether the vendor changed.
   */
  async suspendWithin(tx: Tx, id: string, until: number, reason: string, actor: AuditActor): Promise<boolean> {
    const before = await this.get(id, tx, 'update');
    const now = this.clock.now();
    const current = effectiveStatus(before, now);
    if (current === 'pending' || current === 'rejected') return false;
    if (current === 'suspended' && (before.suspendedUntil === null || before.suspendedUntil >= until)) return false;
    const after: Vendor = { ...before, status: 'suspended', statusReason: reason, suspendedUntil: until, updatedAt: now };
    await this.vendors.updateStatus(tx, after);
    await this.audit.record(tx, actor, { action: 'vendor.suspend', entityType: 'vendor', entityId: id, before, after });
    await this.suspended(tx, id, reason, until, actor);
    return true;
  }

  /** What a suspension brings: the vendor is told, then the claims in its period go back to the market (each one told too). */
  private async suspended(tx: Tx, id: string, reason: string, until: number | null, actor: AuditActor): Promise<void> {
    const untilText = until === null ? null : formatInstant(until, DEFAULT_TIMEZONE);
    await this.notifier.notify(tx, [{ vendorId: id, event: 'vendor.suspended', data: { reason, until: untilText } }]);
    await this.claimHolds.releaseVendor(tx, id, this.clock.now(), until, reason, actor);
  }

  /**
   * Lifts, inside the caller's write, the suspension that ends at `until`
   * (the one an overturned violation brought); a suspension with another end
   * is someone else's decision and stays. Returns whether the vendor changed.
   */
  async liftSuspensionWithin(tx: Tx, id: string, until: number, actor: AuditActor): Promise<boolean> {
    const before = await this.get(id, tx, 'update');
    const now = this.clock.now();
    if (effectiveStatus(before, now) !== 'suspended' || before.suspendedUntil !== until) return false;
    const after: Vendor = { ...before, status: 'approved', statusReason: null, suspendedUntil: null, updatedAt: now };
    await this.vendors.updateStatus(tx, after);
    await this.audit.record(tx, actor, { action: 'vendor.reinstate', entityType: 'vendor', entityId: id, before, after });
    return true;
  }

  private async transition(
    id: string,
    action: Action,
    actor: Actor,
    changes: Pick<Vendor, 'statusReason' | 'suspendedUntil'>,
    alsoDo?: (tx: Tx) => Promise<unknown>,
    onlyFrom?: VendorStatus[],
  ): Promise<Vendor> {
    return this.transactions.write(async (tx) => {
      // Locked first: the vendor's own claims lock the same row (the one write rule).
      const before = await this.get(id, tx, 'update');
      const now = this.clock.now();
      const current = effectiveStatus(before, now);
      const { from, to } = TRANSITIONS[action];
      if (!from.includes(current) || (onlyFrom && !onlyFrom.includes(current))) {
        throw new DomainError(ErrorCode.INVALID_STATE_TRANSITION, `cannot ${action} a vendor who is ${current}`);
      }
      const after: Vendor = { ...before, ...changes, status: to, updatedAt: now };
      await this.vendors.updateStatus(tx, after);
      await this.audit.record(tx, actor, { action: `vendor.${action}`, entityType: 'vendor', entityId: id, before, after });
      await alsoDo?.(tx);
      return after;
    });
  }
}

function duplicatePhone(): DomainError {
  return new DomainError(ErrorCode.DUPLICATE_PHONE, 'this phone number is already registered');
}
