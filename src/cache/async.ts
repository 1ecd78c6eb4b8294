/** Small async helpers for the cache: deadlines and abortable waits. No I/O. */
import { MmcpError } from '../protocol/errors.js';

/** Thrown by {@link withTimeout} when the deadline passes first. */
export class CacheTimeoutError extends Error {
  override readonly name = 'CacheTimeoutError';
}

/** Resolves like `promise`, or rejects with {@link CacheTimeoutError} after `ms` (the work itself is not cancelled). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  if (!(ms > 0) || !Number.isFinite(ms)) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CacheTimeoutError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** The error a caller gets when its own signal aborts while it waits. */
export function abortError(signal: AbortSignal | undefined): MmcpError {
  const reason: unknown = signal?.reason;
  if (reason instanceof MmcpError) return reason;
  return new MmcpError('aborted', 'The generation was aborted by the caller.', { phase: 'cache', cause: reason });
}

/**
 * Waits for `promise` on behalf of one caller: rejects early when the caller's `signal` aborts
 * or its `timeoutMs` passes, without touching the shared work behind `promise`.
 */
export function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined, timeoutMs: number | undefined): Promise<T> {
  if (!signal && !timeoutMs) return promise;
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(abortError(signal));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs && timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      timer = setTimeout(() => {
        cleanup();
        reject(new MmcpError('timeout', `No clip within ${timeoutMs} ms (timeoutMs); try again or raise the deadline.`, { phase: 'cache', retryable: true }));
      }, timeoutMs);
    }
    promise.then(
      (v) => {
        cleanup();
        resolve(v);
      },
      (e: unknown) => {
        cleanup();
        reject(e);
      },
    );
  });
}

/** True for a storage-full error: `QuotaExceededError` by name (DOMException or wrapped as `cause`), or legacy code 22. */
export function isQuotaError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; depth++) {
    const x = cur as { name?: unknown; code?: unknown; cause?: unknown };
    if (x.name === 'QuotaExceededError' || x.code === 22) return true;
    cur = x.cause;
  }
  return false;
}
