// Web Mercator arithmetic for drawing a tile server's map under an ECharts scatter: the chart's
// axes are world pixels at one zoom level, so tiles and zones share one plane at 1:1 scale.

export const TILE_SIZE = 256;

/** A latitude/longitude as world pixels at zoom `z` (x right, y down from the north edge). */
export function project(latitude: number, longitude: number, z: number): [number, number] {
  const size = TILE_SIZE * 2 ** z;
  const sin = Math.min(Math.max(Math.sin((latitude * Math.PI) / 180), -0.9999), 0.9999);
  const x = ((longitude + 180) / 360) * size;
  const y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size;
  return [x, y];
}

export interface MapView {
  zoom: number;
  /** The world-pixel window shown: [x0, x1] × [y0, y1], width × height pixels. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  tiles: { x: number; y: number; url: string }[];
}

/** A tile URL from a template with {z}, {x}, {y} (and {s} subdomains, {r} retina suffix). */
export function tileUrl(template: string, z: number, x: number, y: number): string {
  return template
    .replaceAll('{z}', String(z))
    .replaceAll('{x}', String(x))
    .replaceAll('{y}', String(y))
    .replaceAll('{s}', 'abc'[(x + y) % 3])
    .replaceAll('{r}', '');
}

/**
 * The closest zoom (at most `maxZoom`) at which every point fits in width × height pixels with
 * `padding` to spare, the window centred on them, and the tiles that cover it.
 */
export function fitView(
  points: { latitude: number; longitude: number }[],
  width: number,
  height: number,
  template: string,
  options: { padding?: number; maxZoom?: number } = {},
): MapView | null {
  if (points.length === 0 || width <= 0 || height <= 0) return null;
  const padding = options.padding ?? 36;
  let zoom = options.maxZoom ?? 16;
  let box = bounds(points, zoom);
  while (zoom > 1 && (box.x1 - box.x0 > width - 2 * padding || box.y1 - box.y0 > height - 2 * padding)) {
    zoom -= 1;
    box = bounds(points, zoom);
  }
  const cx = (box.x0 + box.x1) / 2;
  const cy = (box.y0 + box.y1) / 2;
  const view = { zoom, x0: cx - width / 2, x1: cx + width / 2, y0: cy - height / 2, y1: cy + height / 2 };
  const count = 2 ** zoom;
  const tiles: MapView['tiles'] = [];
  for (let ty = Math.floor(view.y0 / TILE_SIZE); ty <= Math.floor(view.y1 / TILE_SIZE); ty++) {
    if (ty < 0 || ty >= count) continue;
    for (let tx = Math.floor(view.x0 / TILE_SIZE); tx <= Math.floor(view.x1 / TILE_SIZE); tx++) {
      tiles.push({ x: tx * TILE_SIZE, y: ty * TILE_SIZE, url: tileUrl(template, zoom, ((tx % count) + count) % count, ty) });
    }
  }
  return { ...view, tiles };
}

function bounds(points: { latitude: number; longitude: number }[], zoom: number) {
  const xy = points.map((p) => project(p.latitude, p.longitude, zoom));
  const xs = xy.map((p) => p[0]);
  const ys = xy.map((p) => p[1]);
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
}
