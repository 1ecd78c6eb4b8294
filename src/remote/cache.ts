/**
 * Module-level `/capabilities` cache, keyed by (normalised base URL, credential): the model list
 * can differ per account, and both spellings of a URL are the same server (checklist 1, 6, 7).
 */
import type { Capabilities } from '../protocol/types.js';

const cache = new Map<string, Capabilities>();

/** The cache key for a base URL and a credential (`undefined` = anonymous). */
export function capabilitiesKey(baseUrl: string, credential: string | undefined): string {
  return `${baseUrl}\u0000${credential ?? ''}`;
}

/** The cached capabilities, without touching the network. */
export function getCachedCapabilities(key: string): Capabilities | undefined {
  return cache.get(key);
}

/** Stores capabilities under `key`. */
export function setCachedCapabilities(key: string, caps: Capabilities): void {
  cache.set(key, caps);
}

/** Forgets every cached `/capabilities` (call after changing servers or accounts). */
export function clearCapabilitiesCache(): void {
  cache.clear();
}
