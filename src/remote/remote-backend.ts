/**
 * `RemoteBackend`: the MMCP HTTP client behind {@link MotionBackend}. Discovery with a cache per
 * (server, credential), a probe that never throws, generation with idempotent retries, the 202
 * polling pattern (resumable), GLB or glTF JSON answers, batch bodies, and typed errors.
 */
import type { GenerateCallOptions, GenerateProgress, GenerateResult, MotionBackend } from '../backend.js';
import { checkServerVersion } from '../protocol/capabilities.js';
import { MmcpError, isMmcpError } from '../protocol/errors.js';
import { PROTOCOL_VERSION, type Capabilities, type GenerateRequest } from '../protocol/types.js';
import { validateAgainstCapabilities, validateBatch } from '../protocol/validate.js';
import { serializeRequest, utf8Length } from '../protocol/size.js';
import { capabilitiesKey, getCachedCapabilities, setCachedCapabilities } from './cache.js';
import { decodeBatchItem } from './batch.js';
import { decodeMotionBody, parseJsonBody, type DecodedMotion } from './decode.js';
import { clientError, errorFromResponse, type ErrorContext } from './errors.js';
import { isJsonType, parseRetryAfter, requestIdOf } from './headers.js';
import { retryDelayMs, retryPolicy, shouldRetry, type RetryPolicy } from './retry.js';
import { abortedError, exchange, sleep, type HttpAnswer } from './transport.js';
import type { BatchItemResult, CapabilitiesOptions, ProbeResult, ProbeStatus, RemoteBackendOptions, RetargetState } from './types.js';
import { endpoint, jobPath, jobUrl, normaliseBaseUrl } from './url.js';

const ACCEPT_GLB_FIRST = 'model/gltf-binary, model/gltf+json;q=0.9, application/json;q=0.8';
const ACCEPT_JSON_FIRST = 'model/gltf+json, application/json;q=0.9, model/gltf-binary;q=0.8';

function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** State of one generate call, shared by the POST and the polling. */
interface CallState {
  deadline: number;
  signal: AbortSignal | undefined;
  onProgress: ((e: GenerateProgress) => void) | undefined;
  timings: { total: number; [k: string]: number };
}

/** The MMCP HTTP client. See `docs/remote.md`. */
export class RemoteBackend implements MotionBackend {
  /** `remote:<normalised base url>`: the cache namespace. */
  readonly id: string;
  /** The normalised base URL (no trailing slash). */
  readonly baseUrl: string;
  private readonly opts: RemoteBackendOptions;
  private readonly fetchImpl: typeof fetch;
  private readonly retry: RetryPolicy;

  constructor(options: RemoteBackendOptions) {
    this.opts = options;
    this.baseUrl = normaliseBaseUrl(options.url);
    this.id = `remote:${this.baseUrl}`;
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== 'function') throw new MmcpError('connection_failed', 'No fetch implementation: pass options.fetch on this platform.', { retryable: false });
    this.fetchImpl = options.fetch ? f : (input, init) => globalThis.fetch(input, init);
    this.retry = retryPolicy(options.retry);
    if (options.capabilities) setCachedCapabilities(capabilitiesKey(this.baseUrl, options.token), options.capabilities);
  }

  private async token(): Promise<string | undefined> {
    if (this.opts.getToken) {
      let t: string | null | undefined;
      try {
        t = await this.opts.getToken();
      } catch (err) {
        throw new MmcpError('auth_required', `getToken() failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err, retryable: false });
      }
      if (t) return t;
    }
    return this.opts.token || undefined;
  }

  private static auth(token: string | undefined): Record<string, string> {
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  private get requestTimeout(): number {
    return this.opts.requestTimeoutMs ?? 15_000;
  }

  /** Cached capabilities for the current credential, without touching the network (or `undefined`). */
  async cachedCapabilities(): Promise<Capabilities | undefined> {
    return getCachedCapabilities(capabilitiesKey(this.baseUrl, await this.token()));
  }

  /**
   * `GET <base>/capabilities`, cached per (base URL, credential); `{ refresh: true }` asks again.
   * Refuses a server whose protocol major is not 1 (`version_unsupported`, "upgrade the plugin").
   */
  async capabilities(arg?: AbortSignal | CapabilitiesOptions): Promise<Capabilities> {
    const o: CapabilitiesOptions = arg === undefined ? {} : 'aborted' in arg && typeof (arg as AbortSignal).addEventListener === 'function' ? { signal: arg as AbortSignal } : (arg as CapabilitiesOptions);
    const token = await this.token();
    const key = capabilitiesKey(this.baseUrl, token);
    if (!o.refresh) {
      const hit = getCachedCapabilities(key);
      if (hit) return hit;
    }
    const ctx: ErrorContext = { phase: 'capabilities' };
    const url = endpoint(this.baseUrl, '/capabilities');
    const ans = await exchange({
      fetch: this.fetchImpl,
      method: 'GET',
      url,
      headers: { Accept: 'application/json', ...RemoteBackend.auth(token) },
      signal: o.signal,
      deadline: Date.now() + (o.timeoutMs ?? this.requestTimeout),
      ctx,
    });
    if (ans.status < 200 || ans.status >= 300) throw errorFromResponse(ans.status, ans.headers, ans.body, 'GET', url, ctx);
    const ctype = ans.headers.get('content-type') ?? '';
    if (ans.status !== 200) throw clientError('bad_response', `Unexpected HTTP ${ans.status} from ${url}.`, ctx, { status: ans.status });
    if (!isJsonType(ctype)) {
      throw clientError('bad_response', `${url} answered Content-Type ${JSON.stringify(ctype)}, not JSON: is this an MMCP server URL?`, ctx, { status: ans.status });
    }
    const caps = parseJsonBody(ans.body, '/capabilities answer', ctx, ans.status, ctype) as Capabilities;
    const versionError = checkServerVersion(caps);
    if (versionError) throw versionError;
    setCachedCapabilities(key, caps);
    return caps;
  }

  /**
   * A liveness check that never throws: always asks the server (bypassing the cache, refreshing
   * it on success). `online` with the capabilities, else a status and the error.
   */
  async probe(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ProbeResult> {
    try {
      const capabilities = await this.capabilities({ refresh: true, ...options });
      return { status: 'online', capabilities };
    } catch (err) {
      const error = isMmcpError(err) ? err : new MmcpError('connection_failed', String(err), { cause: err });
      const byCode: Record<string, ProbeStatus> = {
        connection_failed: 'unreachable',
        timeout: 'unreachable',
        aborted: 'unreachable',
        auth_required: 'auth_required',
        bad_response: 'bad_response',
        version_unsupported: 'bad_response',
        http_error: 'http_error',
      };
      const status = byCode[error.code] ?? (typeof error.status === 'number' ? 'http_error' : 'unreachable');
      return { status, error };
    }
  }

  /** `GET <base>/health` → its `retargeting` field; any failure or other value is `unknown`. */
  async health(options: { signal?: AbortSignal } = {}): Promise<RetargetState> {
    try {
      const ans = await exchange({
        fetch: this.fetchImpl,
        method: 'GET',
        url: endpoint(this.baseUrl, '/health'),
        headers: RemoteBackend.auth(await this.token()),
        signal: options.signal,
        deadline: Date.now() + this.requestTimeout,
        ctx: { phase: 'capabilities' },
      });
      if (ans.status !== 200) return 'unknown';
      const v = (JSON.parse(new TextDecoder().decode(ans.body)) as { retargeting?: unknown } | null)?.retargeting;
      return v === 'ready' || v === 'unavailable' ? v : 'unknown';
    } catch {
      return 'unknown';
    }
  }

  private state(options: GenerateCallOptions): CallState {
    return {
      deadline: Date.now() + (options.timeoutMs ?? this.opts.timeoutMs ?? 600_000),
      signal: options.signal,
      onProgress: options.onProgress,
      timings: { total: 0 },
    };
  }

  private downloadListener(st: CallState): ((loaded: number, total: number | undefined) => void) | undefined {
    if (!st.onProgress) return undefined;
    return (loaded, total) => this.emit(st, total === undefined ? { stage: 'downloading', loaded } : { stage: 'downloading', loaded, total });
  }

  private emit(st: CallState, e: GenerateProgress): void {
    try {
      st.onProgress?.(e);
    } catch {
      /* a progress listener must not break the generation */
    }
  }

  /**
   * Generate motion for one request: `POST <base>/generate`, then (on `202`) polling the job.
   * When capabilities are cached (or given), the request is validated first and nothing is sent
   * if the server would refuse it. Errors carry `phase` `generate` or `poll` (+ `location`).
   */
  async generate(request: GenerateRequest, options: GenerateCallOptions = {}): Promise<GenerateResult> {
    const t0 = performance.now();
    const st = this.state(options);
    const token = await this.token();
    const caps = getCachedCapabilities(capabilitiesKey(this.baseUrl, token));
    const body = serializeRequest(request);
    if (caps && this.opts.validate !== false) {
      const err = validateAgainstCapabilities(request, caps, { requestBytes: utf8Length(body) });
      if (err) throw err;
    }
    const ans = await this.post(body, caps, token, st);
    const decoded = await this.settle(ans, token, st, (body, ctype, ctx, status) => decodeMotionBody(body, ctype, ctx, status));
    return this.result(decoded.value, decoded.requestId, request.model, st, t0);
  }

  /**
   * Resume polling a job whose `generate` failed while polling (e.g. `auth_required` after a
   * token expired): pass the error's `details.location`. GETs only; nothing is POSTed again.
   */
  async resume(location: string, options: GenerateCallOptions & { model?: string; retryAfterSeconds?: number } = {}): Promise<GenerateResult> {
    const t0 = performance.now();
    const st = this.state(options);
    const token = await this.token();
    const path = jobPath(location);
    const ans = await this.poll(path, options.retryAfterSeconds ?? 0, token, st);
    const ctx: ErrorContext = { phase: 'poll', location: path };
    const value = this.decodeIn(ans, ctx, st, (body, ctype, c, status) => decodeMotionBody(body, ctype, c, status));
    return this.result(value, requestIdOf(ans.headers), options.model ?? value.document.model ?? '', st, t0);
  }

  /** `DELETE` a pending job (best effort, bounded by the request timeout). Never throws. */
  async cancel(location: string): Promise<boolean> {
    try {
      const ans = await exchange({
        fetch: this.fetchImpl,
        method: 'DELETE',
        url: jobUrl(this.baseUrl, jobPath(location)),
        headers: RemoteBackend.auth(await this.token()),
        deadline: Date.now() + Math.min(this.requestTimeout, 5_000),
        ctx: { phase: 'poll', location },
      });
      return ans.status >= 200 && ans.status < 300;
    } catch {
      return false;
    }
  }

  /**
   * Several requests in one batch body (models with `supports_batch`). Items are validated
   * locally first (failures become that item's error and are not sent); each result is
   * independent: `{ ok: true, result }` or `{ ok: false, error }`, in the order given.
   */
  async generateBatch(requests: GenerateRequest[], options: GenerateCallOptions = {}): Promise<BatchItemResult[]> {
    const t0 = performance.now();
    const st = this.state(options);
    const token = await this.token();
    const caps = await this.capabilities({ signal: options.signal });
    const protocolVersion = requests[0]?.protocol_version ?? PROTOCOL_VERSION;
    const check = validateBatch({ protocol_version: protocolVersion, requests }, caps);
    if (check.batch) throw check.batch;
    const out: Array<BatchItemResult | undefined> = requests.map((_, i) => {
      const e = this.opts.validate === false ? null : check.items[i];
      return e ? { ok: false as const, error: e } : undefined;
    });
    const sendIdx = out.flatMap((r, i) => (r ? [] : [i]));
    if (sendIdx.length === 0) return out as BatchItemResult[];
    const body = JSON.stringify({ protocol_version: protocolVersion, requests: sendIdx.map((i) => requests[i]) });
    const ans = await this.post(body, caps, token, st);
    const decoded = await this.settle(ans, token, st, (b, ctype, ctx, status) => {
      if (!isJsonType(ctype)) throw clientError('bad_response', `Batch answer has Content-Type ${JSON.stringify(ctype)}, expected application/json.`, ctx, { status });
      const results = parseJsonBody(b, 'batch answer', ctx, status, ctype).results;
      if (!Array.isArray(results) || results.length !== sendIdx.length) {
        throw clientError('bad_response', `Batch answer must have ${sendIdx.length} results, got ${Array.isArray(results) ? results.length : 'none'}.`, ctx, { status });
      }
      return results.map((item, k): DecodedMotion | MmcpError => decodeBatchItem(item, sendIdx[k]!, ctx, status));
    });
    decoded.value.forEach((v, k) => {
      const i = sendIdx[k]!;
      out[i] = isMmcpError(v) ? { ok: false, error: v } : { ok: true, result: this.result(v, decoded.requestId, requests[i]!.model, st, t0) };
    });
    return out as BatchItemResult[];
  }

  private result(d: DecodedMotion, requestId: string | undefined, model: string, st: CallState, t0: number): GenerateResult {
    st.timings.total = performance.now() - t0;
    const r: GenerateResult = { document: d.document, bytes: d.bytes, model: d.document.model ?? model, timings: { ...st.timings } };
    if (requestId) r.requestId = requestId;
    return r;
  }

  /** POSTs `body` with the retry policy; resolves with the first 2xx answer. */
  private async post(body: string, caps: Capabilities | undefined, token: string | undefined, st: CallState): Promise<HttpAnswer> {
    const ctx: ErrorContext = { phase: 'generate' };
    const url = endpoint(this.baseUrl, '/generate');
    const extra: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.opts.headers ?? {})) if (!(token && k.toLowerCase() === 'authorization')) extra[k] = v;
    const glbFirst = Array.isArray(caps?.response_formats) && caps.response_formats.includes('gltf_2.0_binary');
    const headers: Record<string, string> = {
      ...extra,
      'Content-Type': 'application/json; charset=utf-8',
      Accept: glbFirst ? ACCEPT_GLB_FIRST : ACCEPT_JSON_FIRST,
      'Idempotency-Key': newIdempotencyKey(),
      ...RemoteBackend.auth(token),
    };
    const started = Date.now();
    const bytes = utf8Length(body);
    const tPost = performance.now();
    for (let attempt = 1; ; attempt++) {
      let err: MmcpError;
      try {
        this.emit(st, { stage: 'sent', bytes });
        const ans = await exchange({ fetch: this.fetchImpl, method: 'POST', url, headers, body, signal: st.signal, deadline: st.deadline, ctx, onBytes: this.downloadListener(st) });
        if (ans.status >= 200 && ans.status < 300) {
          st.timings.request = performance.now() - tPost;
          return ans;
        }
        err = errorFromResponse(ans.status, ans.headers, ans.body, 'POST', url, ctx);
      } catch (e) {
        if (!isMmcpError(e)) throw e;
        err = e;
      }
      if (attempt >= this.retry.maxAttempts || !shouldRetry(err)) throw err;
      const wait = retryDelayMs(this.retry, attempt, err.retryAfter);
      if (Date.now() - started + wait > this.retry.maxTotalMs || Date.now() + wait >= st.deadline) throw err;
      await sleep(wait, st.signal, ctx);
    }
  }

  /** Handles the answer to the POST: 200 → decode, 202 → poll then decode, other 2xx → bad_response. */
  private async settle<T>(ans: HttpAnswer, token: string | undefined, st: CallState, decode: (body: Uint8Array, ctype: string, ctx: ErrorContext, status: number) => T): Promise<{ value: T; requestId: string | undefined }> {
    const gctx: ErrorContext = { phase: 'generate' };
    if (ans.status === 200) return { value: this.decodeIn(ans, gctx, st, decode), requestId: requestIdOf(ans.headers) };
    if (ans.status !== 202) throw clientError('bad_response', `Unexpected HTTP ${ans.status} from POST /generate (expected 200 or 202).`, gctx, { status: ans.status });
    const location = ans.headers.get('location');
    if (!location) throw clientError('bad_response', 'The server answered 202 Accepted without a Location header; cannot poll the job.', gctx, { status: 202 });
    const path = jobPath(location);
    const retryAfter = parseRetryAfter(ans.headers.get('retry-after'));
    this.emit(st, retryAfter === undefined ? { stage: 'queued', location: path } : { stage: 'queued', location: path, retryAfter });
    const done = await this.poll(path, retryAfter, token, st);
    return { value: this.decodeIn(done, { phase: 'poll', location: path }, st, decode), requestId: requestIdOf(done.headers) ?? requestIdOf(ans.headers) };
  }

  private decodeIn<T>(ans: HttpAnswer, ctx: ErrorContext, st: CallState, decode: (body: Uint8Array, ctype: string, ctx: ErrorContext, status: number) => T): T {
    const t = performance.now();
    const value = decode(ans.body, ans.headers.get('content-type') ?? '', ctx, ans.status);
    st.timings.parse = performance.now() - t;
    const samples = Array.isArray(value) ? value.length : (value as unknown as DecodedMotion).document.clips.length;
    this.emit(st, { stage: 'parsed', samples });
    return value;
  }

  /** Polls `path` until `200`; honours the newest `Retry-After`; DELETEs the job on abort. */
  private async poll(path: string, retryAfter: number | undefined, token: string | undefined, st: CallState): Promise<HttpAnswer> {
    const ctx: ErrorContext = { phase: 'poll', location: path };
    const url = jobUrl(this.baseUrl, path);
    const min = this.opts.pollMinSeconds ?? 0.5;
    let wait = retryAfter ?? this.opts.pollDefaultSeconds ?? 2;
    const tQueue = performance.now();
    let transient = 0;
    try {
      for (let attempt = 1; ; attempt++) {
        const ms = Math.max(wait, min) * 1000;
        if (Date.now() + ms >= st.deadline) throw clientError('timeout', `The job at ${path} did not finish before the deadline; resume it later with resume('${path}').`, ctx);
        await sleep(ms, st.signal, ctx);
        this.emit(st, { stage: 'polling', attempt });
        const ans = await exchange({ fetch: this.fetchImpl, method: 'GET', url, headers: RemoteBackend.auth(token), signal: st.signal, deadline: st.deadline, ctx, onBytes: this.downloadListener(st) });
        if (ans.status === 200) {
          st.timings.queue = performance.now() - tQueue;
          return ans;
        }
        if (ans.status === 202) {
          wait = parseRetryAfter(ans.headers.get('retry-after')) ?? wait;
          continue;
        }
        if (ans.status > 200 && ans.status < 300) throw clientError('bad_response', `Unexpected HTTP ${ans.status} while polling ${path}.`, ctx, { status: ans.status });
        const err = errorFromResponse(ans.status, ans.headers, ans.body, 'GET', url, ctx);
        if (err.retryable && ++transient < this.retry.maxAttempts) {
          wait = err.retryAfter ?? wait;
          continue;
        }
        throw err;
      }
    } catch (err) {
      if (isMmcpError(err) && err.code === 'aborted') {
        await this.cancel(path);
        throw abortedError(ctx, err);
      }
      throw err;
    }
  }
}
