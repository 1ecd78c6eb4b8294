/** Request body size: UTF-8 bytes of the compact JSON the client sends. */

const encoder = new TextEncoder();

/** The exact body a client sends for `request`: compact JSON. */
export function serializeRequest(request: unknown): string {
  return JSON.stringify(request) ?? 'null';
}

/** UTF-8 byte length of a string, without allocating when it is ASCII-only. */
export function utf8Length(s: string): number {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  return ascii ? s.length : encoder.encode(s).length;
}

/** Bytes of `request`'s compact-JSON body (what `Content-Length` will say). */
export function requestBytes(request: unknown): number {
  return utf8Length(serializeRequest(request));
}
