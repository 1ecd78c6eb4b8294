/**
 * The IndexedDB {@link CacheStore}, on idb-keyval. One database (default `babylon-mmcp-cache`)
 * with its own two object stores, never idb-keyval's default store:
 * - `meta`: {@link CacheEntryMeta} per key, small, so a library view lists without loading clips;
 * - `clips`: the full {@link CacheRecord} (metadata copy, GLB bytes, request).
 * Writes touch both stores in one transaction, so an entry is all there or not there.
 */
import { clear, get, promisifyRequest, values, type UseStore } from 'idb-keyval';
import type { CacheEntryMeta, CacheRecord, CacheStore } from './types.js';

const DB_VERSION = 1;
const META = 'meta';
const CLIPS = 'clips';

/** Options for {@link idbCacheStore}. */
export interface IdbCacheStoreOptions {
  /** Database name (default `babylon-mmcp-cache`). Use another to keep caches apart. */
  dbName?: string;
}

/** An IndexedDB-backed {@link CacheStore}. Throws nothing until used; fails per call when IndexedDB is missing. */
export function idbCacheStore(options: IdbCacheStoreOptions = {}): CacheStore {
  const dbName = options.dbName ?? 'babylon-mmcp-cache';
  let dbp: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => {
    if (dbp) return dbp;
    if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available in this context.'));
    const request = indexedDB.open(dbName, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const name of [META, CLIPS]) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
    };
    const p = promisifyRequest(request);
    dbp = p;
    p.then(
      (db) => {
        // Let another tab upgrade the schema; reopen on next use.
        db.onversionchange = () => {
          db.close();
          dbp = undefined;
        };
        db.onclose = () => (dbp = undefined);
      },
      () => (dbp = undefined),
    );
    return p;
  };
  const useStore = (name: string): UseStore => (mode, callback) => open().then((db) => callback(db.transaction(name, mode).objectStore(name)));
  const meta = useStore(META);
  const clips = useStore(CLIPS);

  return {
    async read(key) {
      const r = await get<CacheRecord>(key, clips);
      if (!r) return undefined;
      // IndexedDB gives back what was stored; accept a bare ArrayBuffer written by tools. Anything
      // else is left as is and rejected by the parse check (a corrupt entry).
      const raw: unknown = r.bytes;
      return raw instanceof ArrayBuffer ? { ...r, bytes: new Uint8Array(raw) } : r;
    },
    has: (key) => meta('readonly', (store) => promisifyRequest(store.count(key))).then((n) => n > 0),
    async write(record) {
      const db = await open();
      const tx = db.transaction([META, CLIPS], 'readwrite');
      // A view into a larger buffer would store the whole buffer: copy it tight.
      const b = record.bytes;
      const bytes = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice();
      tx.objectStore(CLIPS).put({ ...record, bytes }, record.meta.key);
      tx.objectStore(META).put(record.meta, record.meta.key);
      await promisifyRequest(tx);
    },
    async touch(key, lastUsed) {
      await meta('readwrite', (store) => {
        const req = store.get(key);
        req.onsuccess = () => {
          const m = req.result as CacheEntryMeta | undefined;
          if (m) store.put({ ...m, lastUsed }, key);
        };
        return promisifyRequest(store.transaction);
      });
    },
    async remove(keys) {
      if (keys.length === 0) return;
      const db = await open();
      const tx = db.transaction([META, CLIPS], 'readwrite');
      for (const k of keys) {
        tx.objectStore(META).delete(k);
        tx.objectStore(CLIPS).delete(k);
      }
      await promisifyRequest(tx);
    },
    listMeta: () => values<CacheEntryMeta>(meta),
    async clear() {
      await Promise.all([clear(meta), clear(clips)]);
    },
  };
}
