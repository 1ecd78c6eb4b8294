/** Server URLs: a server URL is a base (it may carry a path prefix); endpoints are appended. */
import { MmcpError } from '../protocol/errors.js';

/**
 * `https://Host:443/motion/` → `https://host/motion`: scheme and host lower-cased, default port
 * dropped, trailing slashes removed, query and fragment dropped. Throws `invalid_url` otherwise.
 */
export function normaliseBaseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new MmcpError('invalid_url', `'${url}' is not a URL; give the server's base URL, e.g. http://127.0.0.1:8000`, { retryable: false });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new MmcpError('invalid_url', `'${url}' is not an http(s) URL`, { retryable: false });
  }
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** `base` + `/path` (path must start with `/`). */
export function endpoint(base: string, path: string): string {
  return base + path;
}

/**
 * The job path of a `Location` header (checklist 57): an absolute URL is cut down to its path
 * (and query); a relative one is made to start with `/`.
 */
export function jobPath(location: string): string {
  const loc = location.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(loc)) {
    try {
      const u = new URL(loc);
      return u.pathname + u.search;
    } catch {
      /* fall through */
    }
  }
  return loc.startsWith('/') ? loc : `/${loc}`;
}

/**
 * The URL to poll: the job path resolved against the base URL. When the base has a path prefix
 * (`https://host/motion`) and the job path already starts with it, it is not added twice.
 */
export function jobUrl(base: string, path: string): string {
  const prefix = new URL(base).pathname;
  if (prefix && prefix !== '/' && (path === prefix || path.startsWith(`${prefix}/`))) return new URL(base).origin + path;
  return base + path;
}
