import { StallResponse } from './dto/stall.dto.js';
import type { Stall } from './stall.js';

export function toStallResponse(stall: Stall): StallResponse {
  return { id: stall.id, zoneId: stall.zoneId, code: stall.code, category: stall.category, status: stall.status };
}

/** `prefix01…`: zero-padded to the width of count, at least two digits. */
export function bulkCodes(prefix: string, count: number): string[] {
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(width, '0')}`);
}
