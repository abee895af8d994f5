/** base64 and URL encoding with MI's exact output (Java Base64 / URLEncoder, as patched by MI). */
import { fail } from '../errors.js';
import { describeValue } from '../values.js';
import type { Charset } from './charset.js';
import { decodeBytes, encodeString, lookupCharset, unknownCharsetMessage } from './charset.js';
import type { FunctionDef } from './def.js';
import { str } from './def.js';

// Java's basic decoder: the standard alphabet, optional padding, no whitespace
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function charsetArg(fn: string, args: readonly unknown[], i: number): Charset {
  if (args.length <= i) return 'utf8';
  const name = str(fn, args, i);
  const cs = lookupCharset(name);
  if (!cs) fail(`${fn}(): ${unknownCharsetMessage(name)}`);
  return cs;
}

function checkCharset(i: number, v: string): string | undefined {
  return i === 1 && !lookupCharset(v) ? unknownCharsetMessage(v) : undefined;
}

function base64Decode(s: string, charset: Charset): string {
  const unpadded = s.replace(/=+$/, '');
  const valid = BASE64.test(s) && unpadded.length % 4 !== 1 && (unpadded.length === s.length || s.length % 4 === 0);
  if (!valid) fail(`base64decode() input ${describeValue(s)} is not valid base64`);
  return decodeBytes(Buffer.from(s, 'base64'), charset);
}

const UNRESERVED = /[A-Za-z0-9._\-*]/;

/**
 * Java URLEncoder keeps `A-Za-z0-9 . - _ *` and writes a space as '+'. MI then replaces '+' with
 * %20 and '*' with %2A when the charset is UTF-8 (the default); other charsets keep Java's output.
 */
function urlEncode(s: string, charset: Charset, miPatch: boolean): string {
  let out = '';
  for (const ch of s) {
    if (UNRESERVED.test(ch)) out += ch === '*' && miPatch ? '%2A' : ch;
    else if (ch === ' ') out += miPatch ? '%20' : '+';
    else for (const b of encodeString(ch, charset)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Java URLDecoder: '+' is a space, %XX are bytes in the charset, a broken escape fails. */
function urlDecode(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; ) {
    const ch = s[i] as string;
    if (ch === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail(`urlDecode() input ${describeValue(s)} has an incomplete or invalid %-escape`);
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else if (ch === '+') {
      bytes.push(0x20);
      i++;
    } else {
      const cp = s.codePointAt(i) as number;
      const piece = String.fromCodePoint(cp);
      for (const b of Buffer.from(piece, 'utf8')) bytes.push(b);
      i += piece.length;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Encoding function table entries. */
export const ENCODING_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  base64encode: {
    minArgs: 1,
    maxArgs: 2,
    impl: (a) => encodeString(str('base64encode', a, 0), charsetArg('base64encode', a, 1)).toString('base64'),
    checkLiteral: checkCharset,
  },
  base64decode: {
    minArgs: 1,
    maxArgs: 2,
    impl: (a) => base64Decode(str('base64decode', a, 0), charsetArg('base64decode', a, 1)),
    checkLiteral: checkCharset,
  },
  urlEncode: {
    minArgs: 1,
    maxArgs: 2,
    impl: (a) => {
      const cs = charsetArg('urlEncode', a, 1);
      return urlEncode(str('urlEncode', a, 0), cs, cs === 'utf8');
    },
    checkLiteral: checkCharset,
  },
  urlDecode: { minArgs: 1, maxArgs: 1, impl: (a) => urlDecode(str('urlDecode', a, 0)) },
};
