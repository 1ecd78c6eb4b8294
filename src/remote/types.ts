/** Options and results of {@link RemoteBackend}. */
import type { GenerateCallOptions, GenerateResult } from '../backend.js';
import type { MmcpError } from '../protocol/errors.js';
import type { Capabilities } from '../protocol/types.js';
import type { RetryOptions } from './retry.js';

/** A bearer token, or a function that returns the current one (called before every request). */
export type TokenSource = () => string | null | undefined | Promise<string | null | undefined>;

/** Constructor options of {@link RemoteBackend}. */
export interface RemoteBackendOptions {
  /** Base URL of the MMCP server (may carry a path prefix, e.g. `https://host/motion`). */
  url: string;
  /** Bearer token sent as `Authorization: Bearer <token>` on every request. */
  token?: string;
  /** Called before every request for the current token (wins over `token`); refresh tokens here. */
  getToken?: TokenSource;
  /** Extra headers (caller identity) sent only on the `POST /generate` that starts a generation. */
  headers?: Record<string, string>;
  /** `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
  /** Automatic retry policy for `POST /generate`. */
  retry?: RetryOptions;
  /** Seconds to wait before a poll when a `202` has no `Retry-After` (default 2). */
  pollDefaultSeconds?: number;
  /** Never poll faster than this (default 0.5 s; tests may lower it). */
  pollMinSeconds?: number;
  /** Deadline for `/capabilities`, `/health` and `DELETE` (default 15 000 ms). */
  requestTimeoutMs?: number;
  /** Default overall deadline of one `generate` call (default 600 000 ms). */
  timeoutMs?: number;
  /** Capabilities you already hold: seeds the cache so no `/capabilities` request is needed. */
  capabilities?: Capabilities;
  /**
   * Validate requests against cached capabilities before sending (default `true`): a request the
   * server would refuse fails locally with the server's code and nothing is sent.
   */
  validate?: boolean;
}

/** Options of {@link RemoteBackend.capabilities}. */
export interface CapabilitiesOptions {
  /** Bypass the cache and ask the server again. */
  refresh?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** What {@link RemoteBackend.probe} found. */
export type ProbeStatus = 'online' | 'auth_required' | 'http_error' | 'bad_response' | 'unreachable';

/** Result of {@link RemoteBackend.probe} (never throws). */
export interface ProbeResult {
  status: ProbeStatus;
  /** The capabilities when `online`. */
  capabilities?: Capabilities;
  /** The failure otherwise (its message is safe to show). */
  error?: MmcpError;
}

/** Per-item outcome of {@link RemoteBackend.generateBatch}. */
export type BatchItemResult = { ok: true; result: GenerateResult } | { ok: false; error: MmcpError };

/** `/health`'s retargeting state; `unknown` is never a reason to refuse (checklist 15). */
export type RetargetState = 'ready' | 'unavailable' | 'unknown';

/** Options of {@link RemoteBackend.generate} and friends. */
export type RemoteCallOptions = GenerateCallOptions;
