/**
 * A lottery round's secret seed, made in the browser: 128 random bits from the platform's
 * generator, written as `tidal-` and four groups of eight hex digits so a person can copy it onto
 * paper. Only its SHA-256 (the commitment, as the server computes it: the seed's UTF-8 bytes,
 * lowercase hex) leaves the browser when the round is created; the seed itself is revealed at the draw.
 */
export function randomSeed(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `tidal-${hex.match(/.{8}/g)!.join('-')}`;
}

/** crypto.subtle exists only in a secure context (HTTPS, or localhost). */
export function canCommit(): boolean {
  return typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}

/** SHA-256 of the seed's UTF-8 bytes, 64 lowercase hex digits. */
export async function commitment(seed: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(seed));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
