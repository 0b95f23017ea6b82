/** Mean Earth radius, metres (the IUGG value; the error against WGS-84 is well under a metre at these distances). */
const EARTH_RADIUS_M = 6_371_008.8;
const RADIANS = Math.PI / 180;

/** Great-circle distance between two WGS-84 points, metres (haversine). */
export function distanceMetres(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RADIANS;
  const dLng = (lng2 - lng1) * RADIANS;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RADIANS) * Math.cos(lat2 * RADIANS) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * A box of latitudes and longitudes holding every point within `radius`
 * metres (a little more: the box is for the index, the distance decides).
 * Near a pole or across the antimeridian it widens to all longitudes.
 */
export function boundingBox(lat: number, lng: number, radius: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = radius / (EARTH_RADIUS_M * RADIANS);
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  const cos = Math.min(Math.cos(minLat * RADIANS), Math.cos(maxLat * RADIANS));
  const dLng = cos <= 1e-9 ? 180 : radius / (EARTH_RADIUS_M * RADIANS * cos);
  if (dLng >= 180 || lng - dLng < -180 || lng + dLng > 180) return { minLat, maxLat, minLng: -180, maxLng: 180 };
  return { minLat, maxLat, minLng: lng - dLng, maxLng: lng + dLng };
}
