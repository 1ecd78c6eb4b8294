/** Base64 without Node's Buffer or atob (works in browsers, workers and Node; internal). */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
DECODE['-'.charCodeAt(0)] = 62; // base64url tolerated
DECODE['_'.charCodeAt(0)] = 63;

/** Decodes base64 (padding optional); returns `undefined` on an invalid character or length. */
export function decodeBase64(s: string, start = 0): Uint8Array | undefined {
  let end = s.length;
  while (end > start && s.charCodeAt(end - 1) === 61) end--; // '='
  const n = end - start;
  if (n % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const a = val(s, i), b = val(s, i + 1), c = val(s, i + 2), d = val(s, i + 3);
    if ((a | b | c | d) < 0) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  const rest = end - i;
  if (rest >= 2) {
    const a = val(s, i), b = val(s, i + 1), c = rest === 3 ? val(s, i + 2) : 0;
    if ((a | b | c) < 0) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6);
    out[o++] = v >> 16;
    if (rest === 3) out[o++] = (v >> 8) & 255;
  }
  return out;
}

function val(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? (DECODE[c] as number) : -1;
}

/** Encodes bytes as standard padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CH = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CH) {
    const end = Math.min(bytes.length, start + CH);
    let s = '';
    let i = start;
    for (; i + 3 <= end; i += 3) {
      const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
      s += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
    }
    if (end - i === 1) {
      const v = (bytes[i] as number) << 16;
      s += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + '==';
    } else if (end - i === 2) {
      const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
      s += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + '=';
    }
    parts.push(s);
  }
  return parts.join('');
}
