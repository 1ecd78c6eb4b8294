/** Reading MMCP response headers. */

/**
 * `Retry-After` in seconds: a non-negative number, or an HTTP date (seconds from `now`, ≥ 0).
 * `undefined` when absent or unparseable (never throws).
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  if (!/[a-z]/i.test(v)) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, (t - now) / 1000);
}

/** `X-Request-ID`, falling back to `X-Job-Id` (checklist 68). */
export function requestIdOf(headers: Headers): string | undefined {
  return headers.get('x-request-id') || headers.get('x-job-id') || undefined;
}

/** Content-type test by substring (parameters such as `; charset=binary` may follow). */
export function isGlbType(contentType: string): boolean {
  return contentType.toLowerCase().includes('model/gltf-binary');
}

/** Any JSON content type (`application/json`, `model/gltf+json`, with parameters). */
export function isJsonType(contentType: string): boolean {
  return contentType.toLowerCase().includes('json');
}
