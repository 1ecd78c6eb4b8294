/** Retry policy for `POST /generate` (checklist 70–71). */
import type { MmcpError } from '../protocol/errors.js';

/** How automatic retries behave. */
export interface RetryOptions {
  /** Total attempts including the first (default 4; 1 disables retries). */
  maxAttempts?: number;
  /** Give up once this much time has gone by since the first attempt (default 120 000 ms). */
  maxTotalMs?: number;
  /** First backoff step (default 500 ms), doubled per attempt. */
  baseDelayMs?: number;
  /** Largest single wait (default 30 000 ms). */
  maxDelayMs?: number;
  /** Random extra fraction added to the backoff, 0..1 (default 0.25). */
  jitter?: number;
}

/** {@link RetryOptions} with every field set. */
export type RetryPolicy = Required<RetryOptions>;

/** Defaults merged with `options`. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return { maxAttempts: 4, maxTotalMs: 120_000, baseDelayMs: 500, maxDelayMs: 30_000, jitter: 0.25, ...options };
}

/**
 * Whether `err` may be retried: only retryable codes (`rate_limited`, `resource_exhausted`,
 * `model_unavailable`, server `timeout`) and transport resets, never when the server declined
 * idempotency for that POST.
 */
export function shouldRetry(err: MmcpError): boolean {
  if (err.details.idempotency_status === 'declined') return false;
  return err.retryable;
}

/**
 * Milliseconds to wait before attempt `attempt + 1` (1-based `attempt` just failed): the
 * exponential backoff with jitter (capped at `maxDelayMs`), never less than `Retry-After`.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterSeconds: number | undefined, random = Math.random): number {
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (1 + policy.jitter * random());
  const server = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : 0;
  return Math.max(server, Math.min(policy.maxDelayMs, backoff));
}
