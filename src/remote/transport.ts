/**
 * One HTTP exchange with a deadline: `fetch` + AbortSignal, body read fully (optionally with
 * progress), network failures mapped to `connection_failed` / `timeout` / `aborted`.
 */
import type { MmcpError } from '../protocol/errors.js';
import { clientError, type ErrorContext } from './errors.js';

/** What a completed exchange gives back. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** One request. */
export interface HttpCall {
  fetch: typeof fetch;
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Caller's cancellation. */
  signal?: AbortSignal;
  /** Absolute deadline (epoch ms) for this exchange, body included. */
  deadline: number;
  ctx: ErrorContext;
  onBytes?: (loaded: number, total: number | undefined) => void;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Thrown when the caller's signal fired. */
export function abortedError(ctx: ErrorContext, cause?: unknown): MmcpError {
  return clientError('aborted', 'The generation was cancelled.', ctx, {}, cause);
}

/** Sleeps `ms`, rejecting with `aborted` when `signal` fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, ctx: ErrorContext): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(ctx));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(t);
      reject(abortedError(ctx));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function readBody(res: Response, onBytes: HttpCall['onBytes']): Promise<Uint8Array> {
  if (!onBytes || !res.body) return new Uint8Array(await res.arrayBuffer());
  const lenHeader = res.headers.get('content-length');
  const total = lenHeader !== null && /^\d+$/.test(lenHeader) ? Number(lenHeader) : undefined;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onBytes(loaded, total);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Performs one exchange. Rejects only with {@link MmcpError}. */
export async function exchange(call: HttpCall): Promise<HttpAnswer> {
  const { ctx } = call;
  if (call.signal?.aborted) throw abortedError(ctx);
  const ms = call.deadline - Date.now();
  if (ms <= 0) throw clientError('timeout', `No answer from ${call.url} before the deadline.`, ctx);
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, ms);
  const onAbort = (): void => ac.abort();
  call.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const init: RequestInit = { method: call.method, headers: call.headers, signal: ac.signal, redirect: 'follow' };
    if (call.body !== undefined) init.body = call.body;
    const res = await call.fetch(call.url, init);
    const body = await readBody(res, res.status === 200 ? call.onBytes : undefined);
    return { status: res.status, headers: res.headers, body };
  } catch (err) {
    if (call.signal?.aborted) throw abortedError(ctx, err);
    if (timedOut) throw clientError('timeout', `${call.method} ${call.url} did not answer within ${Math.round(ms)} ms.`, ctx, {}, err);
    const code = causeCode(err);
    const reset = code !== undefined && RESET_CODES.has(code);
    throw clientError('connection_failed', `Could not reach the server at ${call.url}${code ? ` (${code})` : ''}: is it running, and is the URL right?`, ctx, reset ? { reset: true } : {}, err, reset);
  } finally {
    clearTimeout(timer);
    call.signal?.removeEventListener('abort', onAbort);
  }
}
