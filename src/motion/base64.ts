/** Base64 without Node's Buffer or atob (works in browsers, workers and Node; internal). */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENC = new Uint8Array(64);
for (let i = 0; i < 64; i++) ENC[i] = ALPHABET.charCodeAt(i);
const DEC = new Uint8Array(256).fill(255);
for (let i = 0; i < 64; i++) DEC[ALPHABET.charCodeAt(i)] = i;
DEC[0x2d] = 62; // '-' and '_' (base64url) tolerated
DEC[0x5f] = 63;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/**
 * Decodes base64 from `s[start..]` (padding optional). Returns `undefined` on any character
 * outside the alphabet (whitespace included) or an impossible length.
 */
export function decodeBase64(s: string, start = 0): Uint8Array | undefined {
  // Native UTF-8 encoding gives the character codes as bytes quickly; non-ASCII become ≥ 0x80 → invalid.
  const src = textEncoder.encode(start ? s.slice(start) : s);
  let end = src.length;
  while (end > 0 && src[end - 1] === 61) end--; // '='
  if (src.length - end > 2 || end % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let i = 0;
  const full = end - (end % 4);
  for (; i < full; i += 4) {
    const a = DEC[src[i] as number] as number, b = DEC[src[i + 1] as number] as number, c = DEC[src[i + 2] as number] as number, d = DEC[src[i + 3] as number] as number;
    if ((a | b | c | d) > 63) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  const rest = end - i;
  if (rest >= 2) {
    const a = DEC[src[i] as number] as number, b = DEC[src[i + 1] as number] as number, c = rest === 3 ? (DEC[src[i + 2] as number] as number) : 0;
    if ((a | b | c) > 63) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6);
    out[o++] = v >> 16;
    if (rest === 3) out[o++] = (v >> 8) & 255;
  }
  return out;
}

/** Encodes bytes as standard padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 3 <= n; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = ENC[v >> 18] as number;
    out[o++] = ENC[(v >> 12) & 63] as number;
    out[o++] = ENC[(v >> 6) & 63] as number;
    out[o++] = ENC[v & 63] as number;
  }
  if (n - i === 1) {
    const v = (bytes[i] as number) << 16;
    out[o++] = ENC[v >> 18] as number;
    out[o++] = ENC[(v >> 12) & 63] as number;
    out[o++] = 61;
    out[o++] = 61;
  } else if (n - i === 2) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out[o++] = ENC[v >> 18] as number;
    out[o++] = ENC[(v >> 12) & 63] as number;
    out[o++] = ENC[(v >> 6) & 63] as number;
    out[o++] = 61;
  }
  return textDecoder.decode(out);
}
