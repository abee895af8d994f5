/**
 * Salesforce record ids: 15 case-sensitive base-62 characters (3-character key prefix first) plus a
 * 3-character case-insensitive checksum. Ids are accepted in either length and always returned
 * with 18.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID15 = /^[A-Za-z0-9]{15}$/;
const ID18 = /^[A-Za-z0-9]{18}$/;

/** The 3-character suffix of a 15-character id. */
export function checksum(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charCodeAt(chunk * 5 + i);
      if (ch >= 65 && ch <= 90) bits |= 1 << i;
    }
    out += CHECKSUM_ALPHABET[bits];
  }
  return out;
}

/** The 18-character form of a 15- or 18-character id, or undefined if it is not id-shaped. */
export function toId18(input: string): string | undefined {
  if (ID15.test(input)) return input + checksum(input);
  if (ID18.test(input)) {
    const head = input.slice(0, 15);
    return input.slice(15).toUpperCase() === checksum(head) ? head + checksum(head) : undefined;
  }
  return undefined;
}

/** The key prefix of an id. */
export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

/**
 * Issues new ids: prefix + a 2-character pod marker + counter in base 62, as real ids look
 * (`0015g00000AbCdE…`). One generator per org keeps ids unique and increasing.
 */
export class IdGenerator {
  #counter: number;

  constructor(start = 1) {
    this.#counter = start;
  }

  /** A new 18-character id with the given key prefix. */
  next(prefix: string): string {
    let n = this.#counter++;
    let digits = '';
    for (let i = 0; i < 8; i++) {
      digits = BASE62[n % 62] + digits;
      n = Math.floor(n / 62);
    }
    const id15 = `${prefix}5g00${digits}`.slice(0, 15);
    return id15 + checksum(id15);
  }
}
