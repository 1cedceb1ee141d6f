import { randomInt } from 'node:crypto';

/** First characters a token may start with: 1.0 shifted its first digit by 33 ('0'+33 = 'Q'). */
const FIRST = 'QRSTUVWXYZ';

/**
 * A fresh reply token for a problem (reference 4.1 `token`): 10 characters, a
 * letter Q–Z then 9 digits, so pagers do not take it for a phone number.
 * Cryptographically random (about 33 bits). Never throws.
 */
export function newToken(): string {
  return `${FIRST[randomInt(FIRST.length)] ?? 'Q'}${String(randomInt(1_000_000_000)).padStart(9, '0')}`;
}

/** True for text shaped like a token newToken makes. Pure. */
export function isTokenShaped(text: string): boolean {
  return /^[Q-Z][0-9]{9}$/.test(text);
}
