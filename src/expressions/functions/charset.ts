/**
 * The Java charset names MI's encoding functions accept, mapped onto Buffer encodings. Characters a
 * single-byte charset cannot hold become '?', as Java's String.getBytes(charset) does.
 */

export type Charset = 'utf8' | 'latin1' | 'ascii' | 'utf16le' | 'utf16be' | 'utf16';

const NAMES: Readonly<Record<string, Charset>> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'iso-8859-1': 'latin1',
  iso8859_1: 'latin1',
  'iso-latin-1': 'latin1',
  latin1: 'latin1',
  'us-ascii': 'ascii',
  ascii: 'ascii',
  'utf-16le': 'utf16le',
  utf_16le: 'utf16le',
  'utf-16be': 'utf16be',
  utf_16be: 'utf16be',
  'utf-16': 'utf16',
  utf_16: 'utf16',
};

/** The Buffer-side charset for a Java charset name, or undefined when Ferry does not know it. */
export function lookupCharset(name: string): Charset | undefined {
  return NAMES[name.trim().toLowerCase()];
}

/** Message for an unknown charset name (used at load for literals and at run time). */
export function unknownCharsetMessage(name: string): string {
  return `unsupported charset ${JSON.stringify(name)}; use UTF-8, ISO-8859-1, US-ASCII, UTF-16, UTF-16BE or UTF-16LE`;
}

function singleByte(s: string, max: number): Buffer {
  const out = Buffer.alloc(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i] = c <= max ? c : 0x3f;
  }
  return out;
}

/** The bytes of `s` in `charset`. */
export function encodeString(s: string, charset: Charset): Buffer {
  switch (charset) {
    case 'latin1':
      return singleByte(s, 0xff);
    case 'ascii':
      return singleByte(s, 0x7f);
    case 'utf16le':
      return Buffer.from(s, 'utf16le');
    case 'utf16be':
      return Buffer.from(s, 'utf16le').swap16();
    case 'utf16': // Java writes a big-endian byte-order mark
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]);
    default:
      return Buffer.from(s, 'utf8');
  }
}

/** The text held by `bytes` in `charset`. */
export function decodeBytes(bytes: Buffer, charset: Charset): string {
  switch (charset) {
    case 'latin1':
      return bytes.toString('latin1');
    case 'ascii':
      return Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : '\ufffd')).join('');
    case 'utf16le':
      return bytes.toString('utf16le');
    case 'utf16be':
    case 'utf16': {
      let b = Buffer.from(bytes);
      let little = false;
      if (charset === 'utf16' && b.length >= 2) {
        if (b[0] === 0xfe && b[1] === 0xff) b = b.subarray(2);
        else if (b[0] === 0xff && b[1] === 0xfe) {
          b = b.subarray(2);
          little = true;
        }
      }
      const even = Buffer.from(b.subarray(0, b.length - (b.length % 2)));
      return (little ? even : even.swap16()).toString('utf16le');
    }
    default:
      return bytes.toString('utf8');
  }
}
