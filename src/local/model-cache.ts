/**
 * The IndexedDB byte store for model packages (idb-keyval, its own database
 * `babylon-mmcp-models` / store `files`), so a second visit loads the model without the
 * network. Keys are content-addressed (`file:<id>@<version>/<name>#<sha256>`) plus the last good
 * manifest per URL; see `package.ts`.
 */
import { clear, createStore, get, keys, set, type UseStore } from 'idb-keyval';
import type { ByteStore } from './package.js';

/** Database and store names of the model cache. */
export const MODEL_CACHE_DB = 'babylon-mmcp-models';
export const MODEL_CACHE_STORE = 'files';

let shared: UseStore | undefined;
function store(): UseStore {
  shared ??= createStore(MODEL_CACHE_DB, MODEL_CACHE_STORE);
  return shared;
}

/** A {@link ByteStore} on IndexedDB (works in pages and workers of the same origin). */
export function indexedDbByteStore(): ByteStore {
  return {
    async get(key) {
      const v = await get<Uint8Array | ArrayBuffer>(key, store());
      if (v === undefined) return undefined;
      return v instanceof Uint8Array ? v : new Uint8Array(v);
    },
    async set(key, bytes) {
      await set(key, bytes, store());
    },
  };
}

/** Keys currently in the model cache. */
export async function modelCacheKeys(): Promise<string[]> {
  return (await keys(store())).map(String);
}

/** Empties the model cache. */
export async function clearModelCache(): Promise<void> {
  await clear(store());
}
