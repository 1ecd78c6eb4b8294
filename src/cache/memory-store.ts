/** A Map-backed {@link CacheStore}: for tests, workers without IndexedDB, or a per-session cache. */
import type { CacheEntryMeta, CacheRecord, CacheStore } from './types.js';

/** A {@link CacheStore} in memory; `records` is exposed so tests can inspect or damage entries. */
export function memoryCacheStore(): CacheStore & { records: Map<string, CacheRecord> } {
  const records = new Map<string, CacheRecord>();
  return {
    records,
    async read(key) {
      const r = records.get(key);
      return r && { ...r, meta: { ...r.meta } };
    },
    async has(key) {
      return records.has(key);
    },
    async write(record) {
      records.set(record.meta.key, { ...record, meta: { ...record.meta } });
    },
    async touch(key, lastUsed) {
      const r = records.get(key);
      if (r) r.meta.lastUsed = lastUsed;
    },
    async remove(keys) {
      for (const k of keys) records.delete(k);
    },
    async listMeta(): Promise<CacheEntryMeta[]> {
      return [...records.values()].map((r) => ({ ...r.meta }));
    },
    async clear() {
      records.clear();
    },
  };
}
