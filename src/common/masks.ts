/**
 * How a vendor shows in public (a stall's page, a lottery's results): enough
 * to recognise oneself, not enough to find someone.
 */

/** The first character, then `*` (张桂兰 → 张*). */
export function maskName(name: string): string {
  const [first] = name;
  return `${first ?? ''}*`;
}

/** The first three and last four digits (13812345678 → 138****5678); a shorter number keeps only its last two. */
export function maskPhone(phone: string): string {
  if (phone.length >= 11) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`;
}
