import { Injectable } from '@nestjs/common';
import { generatePassword, hashGeneratedPassword } from '../auth/password.js';
import type { Actor } from '../common/actor.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { parseVendorCsv, RowRefusal } from './vendor-csv.js';
import type { NewVendor, Vendor } from './vendor.js';
import { VendorsService } from './vendors.service.js';

export interface DeskCreated {
  vendor: Vendor;
  /** Shown once: only its hash is stored. */
  initialPassword: string;
}

export interface ImportReport {
  created: { line: number; id: string; initialPassword: string }[];
  refused: RowRefusal[];
}

export interface BulkApproval {
  approved: string[];
  skipped: { id: string; code: ErrorCode }[];
}

/** Rows written at once: on SQLite they share one transaction, each in its own savepoint (the write queue's group commit). */
const IMPORT_BATCH = 50;

/**
 * The sign-up desk (many growers have no smartphone): staff make approved
 * vendors with a one-time password, import a CSV of them row by row, and
 * approve pending registrations in bulk. None of it is limited by the
 * per-address registration limit: it is staff's work, behind their token.
 */
@Injectable()
export class VendorDeskService {
  constructor(private readonly vendors: VendorsService) {}

  async create(input: NewVendor, actor: Actor): Promise<DeskCreated> {
    const initialPassword = generatePassword();
    const vendor = await this.vendors.createApproved(input, await hashGeneratedPassword(initialPassword), actor);
    return { vendor, initialPassword };
  }

  /** Each row on its own: a bad row (or a phone already registered) refuses only itself. */
  async import(csv: string, actor: Actor): Promise<ImportReport> {
    const rows = parseVendorCsv(csv);
    const report: ImportReport = { created: [], refused: [] };
    const seen = new Set<string>();
    const good: { line: number; vendor: NewVendor }[] = [];
    for (const row of rows) {
      if (!('vendor' in row)) report.refused.push(row);
      else if (seen.has(row.vendor.phone)) report.refused.push(duplicateInFile(row.line));
      else {
        seen.add(row.vendor.phone);
        good.push(row);
      }
    }
    for (let i = 0; i < good.length; i += IMPORT_BATCH) {
      const outcomes = await Promise.all(
        good.slice(i, i + IMPORT_BATCH).map(async ({ line, vendor }) => {
          try {
            const made = await this.create(vendor, actor);
            return { line, id: made.vendor.id, initialPassword: made.initialPassword };
          } catch (error) {
            if (error instanceof DomainError && error.code === ErrorCode.DUPLICATE_PHONE) {
              return { line, code: ErrorCode.DUPLICATE_PHONE, field: 'phone', message: 'phone is already registered' } as RowRefusal;
            }
            throw error;
          }
        }),
      );
      for (const outcome of outcomes) {
        if ('id' in outcome) report.created.push(outcome);
        else report.refused.push(outcome);
      }
    }
    report.refused.sort((a, b) => a.line - b.line);
    return report;
  }

  /** Pending vendors become approved (each told); any other is skipped with the reason. */
  async approvePending(ids: string[], actor: Actor): Promise<BulkApproval> {
    const result: BulkApproval = { approved: [], skipped: [] };
    for (const id of [...new Set(ids)]) {
      try {
        await this.vendors.approve(id, actor, ['pending']);
        result.approved.push(id);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        result.skipped.push({ id, code: error.code });
      }
    }
    return result;
  }
}

function duplicateInFile(line: number): RowRefusal {
  return { line, code: ErrorCode.DUPLICATE_PHONE, field: 'phone', message: 'phone appears on an earlier row of this file' };
}
