import type { Zone } from './zone.js';

/** Cells of a hundredth of a degree: about 1.1 km north–south, 0.96 km east–west at Chongqing. */
const CELL_DEGREES = 0.01;
const COLUMNS = Math.ceil(360 / CELL_DEGREES) + 1;
/** Past this many cells (a 20 km circle near a pole, a box across the antimeridian) a scan of every zone is cheaper. */
const MAX_CELLS = 4_000;

export interface Box {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

const NONE: readonly Zone[] = [];

const row = (lat: number) => Math.floor((lat + 90) / CELL_DEGREES);
const column = (lng: number) => Math.floor((lng + 180) / CELL_DEGREES);

/**
 * Every zone in a grid of latitude/longitude cells, for "which zones lie in this box": a search
 * looks at the few cells the box covers instead of a band of the whole table. Immutable; the
 * zones service builds a new one when zones change.
 */
export class ZoneMap {
  private readonly cells = new Map<number, Zone[]>();
  private readonly byId = new Map<string, Zone>();

  constructor(private readonly zones: readonly Zone[]) {
    for (const zone of zones) {
      this.byId.set(zone.id, zone);
      const key = row(zone.latitude) * COLUMNS + column(zone.longitude);
      const cell = this.cells.get(key);
      if (cell) cell.push(zone);
      else this.cells.set(key, [zone]);
    }
  }

  get size(): number {
    return this.zones.length;
  }

  find(id: string): Zone | undefined {
    return this.byId.get(id);
  }

  /** The zones whose coordinates lie in the box (bounds included). */
  withinBox(box: Box): Zone[] {
    const inBox = (z: Zone) =>
      z.latitude >= box.minLat && z.latitude <= box.maxLat && z.longitude >= box.minLng && z.longitude <= box.maxLng;
    const [r0, r1, c0, c1] = [row(box.minLat), row(box.maxLat), column(box.minLng), column(box.maxLng)];
    if ((r1 - r0 + 1) * (c1 - c0 + 1) > MAX_CELLS) return this.zones.filter(inBox);
    const found: Zone[] = [];
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        for (const zone of this.cells.get(r * COLUMNS + c) ?? NONE) if (inBox(zone)) found.push(zone);
      }
    }
    return found;
  }
}
