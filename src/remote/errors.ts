/** Mapping HTTP failures to {@link MmcpError} (checklist section E). */
import { MmcpError, type MmcpPhase } from '../protocol/errors.js';
import { parseRetryAfter, requestIdOf } from './headers.js';

/** Where an error happened, recorded in `details` (and `phase`). */
export interface ErrorContext {
  phase: MmcpPhase;
  /** Job path while polling. */
  location?: string;
}

const decoder = new TextDecoder();

function envelopeOf(body: Uint8Array): { code?: unknown; message?: unknown; details?: unknown } | undefined {
  if (body.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(decoder.decode(body));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      const e = (parsed as Record<string, unknown>).error;
      if (typeof e === 'object' && e !== null && !Array.isArray(e)) return e as Record<string, unknown>;
    }
  } catch {
    /* not JSON: no envelope */
  }
  return undefined;
}

/** Base `details` for an error: phase, location, then what the headers say. */
export function contextDetails(ctx: ErrorContext, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const d: Record<string, unknown> = { ...extra };
  if (!('phase' in d)) d.phase = ctx.phase;
  if (ctx.location !== undefined && !('location' in d)) d.location = ctx.location;
  return d;
}

/**
 * A non-2xx answer → {@link MmcpError}: the envelope's code/message/details when there is one
 * (`http_error` otherwise), `details.status` unless the server set one, `auth_required` for every
 * 401, `idempotency_conflict` for 409, `result_expired` for a 404 while polling; `retry_after`
 * and `request_id` from the headers.
 */
export function errorFromResponse(status: number, headers: Headers, body: Uint8Array, method: string, url: string, ctx: ErrorContext): MmcpError {
  const env = envelopeOf(body);
  const fallback = `${method} ${url} returned HTTP ${status}`;
  let code = env && typeof env.code === 'string' && env.code ? env.code : 'http_error';
  let message = env && typeof env.message === 'string' && env.message ? env.message : fallback;
  const details: Record<string, unknown> = env && typeof env.details === 'object' && env.details !== null && !Array.isArray(env.details) ? { ...(env.details as Record<string, unknown>) } : {};
  if (!('status' in details)) details.status = status;
  if (status === 401) {
    code = 'auth_required';
    if (!env || typeof env.message !== 'string' || !env.message) message = 'Authentication required (HTTP 401): set a token (or getToken) for this server.';
  } else if (status === 409) {
    if (code === 'http_error') message = `${fallback}: the Idempotency-Key was already used with a different body`;
    code = 'idempotency_conflict';
  } else if (status === 404 && ctx.phase === 'poll') {
    code = 'result_expired';
    message = `The job at ${ctx.location ?? url} is gone (HTTP 404): its result expired or it never existed. Submit the request again.`;
  } else if (code === 'version_unsupported') {
    message = `${message} — the server does not speak this plugin's MMCP version; upgrade the plugin.`;
  }
  const retryAfter = parseRetryAfter(headers.get('retry-after'));
  if (retryAfter !== undefined) details.retry_after = retryAfter;
  const requestId = requestIdOf(headers);
  if (requestId) details.request_id = requestId;
  const declined = (headers.get('idempotency-status') ?? '').toLowerCase() === 'declined';
  if (declined) details.idempotency_status = 'declined';
  return new MmcpError(code, message, {
    status,
    details: contextDetails(ctx, details),
    phase: ctx.phase,
    requestId,
    retryAfter,
  });
}

/** A client-side failure (no HTTP status involved unless given in `extra`); not retryable unless said. */
export function clientError(code: string, message: string, ctx: ErrorContext, extra: Record<string, unknown> = {}, cause?: unknown, retryable = false): MmcpError {
  const status = typeof extra.status === 'number' ? extra.status : undefined;
  return new MmcpError(code, message, { status, details: contextDetails(ctx, extra), phase: ctx.phase, cause, retryable });
}
