/**
 * Loading a model package (manifest + graphs + vocabulary) by URL or from bytes, with progress,
 * size and SHA-256 checks, and an optional byte store (IndexedDB in the browser) so a second
 * visit loads without the network. Environment-agnostic: browser, worker and Node.
 */
import { MmcpError } from '../protocol/errors.js';
import { sha256Hex } from './integrity.js';
import { parseManifest, type ModelManifest } from './manifest.js';

/** A key → bytes store for model files (see `model-cache.ts` for the IndexedDB one). */
export interface ByteStore {
  get(key: string): Promise<Uint8Array | undefined>;
  set(key: string, bytes: Uint8Array): Promise<void>;
}

/** Where a package comes from: a URL (of the folder or of `manifest.json`) or its files' bytes. */
export type ModelSource = string | URL | { files: Record<string, Uint8Array> };

/** Download progress over all package files. */
export interface LoadProgress {
  loaded: number;
  total: number;
  file: string;
  fromCache: boolean;
}

/** Options for {@link loadModelPackage}. */
export interface LoadPackageOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
  /** Cache for file bytes (content-addressed by sha256) and the last good manifest per URL. */
  store?: ByteStore;
  /** Per-request timeout in milliseconds (default 120 000). */
  timeoutMs?: number;
}

/** A verified, loaded package. */
export interface ModelPackage {
  manifest: ModelManifest;
  /** File bytes by manifest file name (every one checked against its sha256). */
  files: Map<string, Uint8Array>;
  /** Where it came from (`undefined` for bytes). */
  url?: string;
  /** Files answered by the store instead of the network. */
  cachedFiles: string[];
  /** True when the manifest came from the store because the network failed. */
  manifestFromCache: boolean;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function loadError(message: string, details: Record<string, unknown>, cause?: unknown): MmcpError {
  return new MmcpError('model_load_failed', message, { phase: 'load', details, cause });
}

/** Checks a file against the manifest entry; throws `model_load_failed` with `details.reason`. */
export async function verifyFile(manifest: ModelManifest, name: string, bytes: Uint8Array): Promise<void> {
  const entry = manifest.files[name];
  if (!entry) throw loadError(`Model file "${name}" is not listed in the manifest.`, { file: name, reason: 'unlisted' });
  if (bytes.byteLength !== entry.bytes) {
    throw loadError(`Model file "${name}" has ${bytes.byteLength} bytes, the manifest says ${entry.bytes}: the download is incomplete or the package is mixed up.`, {
      file: name,
      reason: 'size_mismatch',
      expected: entry.bytes,
      actual: bytes.byteLength,
    });
  }
  const actual = await sha256Hex(bytes);
  if (actual !== entry.sha256.toLowerCase()) {
    throw loadError(`Model file "${name}" failed its integrity check (sha256 ${actual} ≠ ${entry.sha256}); re-download or rebuild the package.`, {
      file: name,
      reason: 'sha256_mismatch',
      expected: entry.sha256,
      actual,
    });
  }
}

/** Resolves the manifest URL of a package URL (a folder URL gets `manifest.json`). */
export function manifestUrlOf(source: string | URL, base?: string): string {
  const url = new URL(String(source), base ?? (globalThis as { location?: { href: string } }).location?.href);
  if (url.pathname.endsWith('.json')) return url.href;
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return new URL('manifest.json', url).href;
}

async function fetchBytes(
  url: string,
  opts: LoadPackageOptions,
  onChunk: (n: number) => void,
): Promise<Uint8Array> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => ctrl.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    const res = await doFetch(url, { signal: ctrl.signal });
    if (!res.ok) throw loadError(`Could not download ${url}: HTTP ${res.status}.`, { url, status: res.status, reason: 'http' });
    if (!res.body) {
      const buf = new Uint8Array(await res.arrayBuffer());
      onChunk(buf.byteLength);
      return buf;
    }
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      onChunk(value.byteLength);
    }
    const out = new Uint8Array(size);
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.byteLength;
    }
    return out;
  } catch (err) {
    if (err instanceof MmcpError) throw err;
    if (opts.signal?.aborted) throw new MmcpError('aborted', 'Model loading was aborted.', { phase: 'load', cause: err });
    throw loadError(`Could not download ${url}: ${err instanceof Error ? err.message : String(err)}.`, { url, reason: 'network' }, err);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

const fileKey = (m: ModelManifest, name: string) => `file:${m.id}@${m.version}/${name}#${m.files[name]?.sha256 ?? ''}`;

/** Loads and verifies a package. Every file listed in `manifest.files` is loaded and checked. */
export async function loadModelPackage(source: ModelSource, opts: LoadPackageOptions = {}): Promise<ModelPackage> {
  if (typeof source === 'object' && !(source instanceof URL)) {
    const raw = source.files['manifest.json'];
    if (!raw) throw loadError('The package bytes have no manifest.json.', { reason: 'no_manifest' });
    const manifest = parseJsonManifest(raw);
    const files = new Map<string, Uint8Array>();
    for (const name of Object.keys(manifest.files)) {
      const bytes = source.files[name];
      if (!bytes) throw loadError(`The package bytes lack "${name}" (listed in manifest.files).`, { file: name, reason: 'missing' });
      await verifyFile(manifest, name, bytes);
      files.set(name, bytes);
    }
    return { manifest, files, cachedFiles: [], manifestFromCache: false };
  }

  const manifestUrl = manifestUrlOf(source);
  const store = opts.store;
  let manifestBytes: Uint8Array;
  let manifestFromCache = false;
  try {
    manifestBytes = await fetchBytes(manifestUrl, opts, () => {});
  } catch (err) {
    const cached = store && !opts.signal?.aborted ? await store.get(`manifest:${manifestUrl}`).catch(() => undefined) : undefined;
    if (!cached) throw err;
    manifestBytes = cached;
    manifestFromCache = true;
  }
  const manifest = parseJsonManifest(manifestBytes);
  const names = Object.keys(manifest.files);
  const total = names.reduce((s, n) => s + (manifest.files[n]?.bytes ?? 0), 0);
  let loaded = 0;
  const files = new Map<string, Uint8Array>();
  const cachedFiles: string[] = [];
  for (const name of names) {
    let bytes = store ? await store.get(fileKey(manifest, name)).catch(() => undefined) : undefined;
    if (bytes) {
      try {
        await verifyFile(manifest, name, bytes);
        cachedFiles.push(name);
        loaded += bytes.byteLength;
        opts.onProgress?.({ loaded, total, file: name, fromCache: true });
      } catch {
        bytes = undefined; // a corrupt cache entry is refetched
      }
    }
    if (!bytes) {
      bytes = await fetchBytes(new URL(name, manifestUrl).href, opts, (n) => {
        loaded += n;
        opts.onProgress?.({ loaded, total, file: name, fromCache: false });
      });
      await verifyFile(manifest, name, bytes);
      if (store) await store.set(fileKey(manifest, name), bytes).catch(() => {});
    }
    files.set(name, bytes);
  }
  if (store && !manifestFromCache) await store.set(`manifest:${manifestUrl}`, manifestBytes).catch(() => {});
  return { manifest, files, url: manifestUrl, cachedFiles, manifestFromCache };
}

function parseJsonManifest(bytes: Uint8Array): ModelManifest {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(bytes));
  } catch (err) {
    throw loadError('manifest.json is not valid JSON.', { reason: 'manifest_json' }, err);
  }
  return parseManifest(json);
}

/** UTF-8 JSON of a package file (e.g. `vocabulary.json`), or `undefined` when absent. */
export function packageJson(pkg: ModelPackage, name: string): unknown {
  const bytes = pkg.files.get(name);
  if (!bytes) return undefined;
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch (err) {
    throw loadError(`Model file "${name}" is not valid JSON.`, { file: name, reason: 'json' }, err);
  }
}

/** Encodes a manifest object as package bytes (used by tools and tests). */
export function manifestBytes(manifest: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(manifest));
}
