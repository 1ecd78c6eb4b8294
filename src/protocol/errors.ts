/**
 * The one error type every backend (remote, local, cached) throws.
 * Server codes are kept verbatim; client codes name failures a server never reports.
 */

/** Where in a generation an error happened. */
export type MmcpPhase = 'capabilities' | 'generate' | 'poll' | 'validate' | 'load' | 'parse' | 'cache';

/** Client-side error codes (server codes are passed through as strings). */
export type MmcpClientCode =
  | 'bad_response'
  | 'http_error'
  | 'auth_required'
  | 'connection_failed'
  | 'timeout'
  | 'result_expired'
  | 'idempotency_conflict'
  | 'aborted'
  | 'worker_crashed'
  | 'model_load_failed';

/** Codes a client may retry automatically (with backoff and `Retry-After`). */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'rate_limited',
  'resource_exhausted',
  'model_unavailable',
  'timeout',
]);

export interface MmcpErrorInit {
  status?: number;
  details?: Record<string, unknown>;
  phase?: MmcpPhase;
  requestId?: string;
  retryAfter?: number;
  retryable?: boolean;
  cause?: unknown;
}

/**
 * A typed MMCP error: `code` is machine-readable (e.g. `unknown_joint`, `bad_response`),
 * `message` is safe to show to a person and says what to do.
 */
export class MmcpError extends Error {
  override readonly name = 'MmcpError';
  /** Server error code verbatim, or a client code ({@link MmcpClientCode}). */
  readonly code: string;
  /** HTTP status when one was received. */
  readonly status: number | undefined;
  /** The envelope's `details` (plus `status`, `phase`, `location` where known). */
  readonly details: Record<string, unknown>;
  /** Which phase failed. */
  readonly phase: MmcpPhase | undefined;
  /** `X-Request-ID` (or `X-Job-Id`) of the failed response. */
  readonly requestId: string | undefined;
  /** Seconds the server asked us to wait (`Retry-After`). */
  readonly retryAfter: number | undefined;
  /** Whether an automatic retry is safe and useful. */
  readonly retryable: boolean;

  constructor(code: string, message: string, init: MmcpErrorInit = {}) {
    super(message, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.code = code;
    this.status = init.status;
    this.details = init.details ?? {};
    this.phase = init.phase;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
    this.retryable = init.retryable ?? RETRYABLE_CODES.has(code);
  }

  /** A plain, structured-clone-safe object (for worker boundaries and logs). */
  toJSON(): SerializedMmcpError {
    return {
      code: this.code,
      message: this.message,
      status: this.status,
      details: this.details,
      phase: this.phase,
      requestId: this.requestId,
      retryAfter: this.retryAfter,
      retryable: this.retryable,
    };
  }

  /** Rebuild an error from {@link MmcpError.toJSON} output. */
  static fromJSON(data: SerializedMmcpError): MmcpError {
    return new MmcpError(data.code, data.message, {
      status: data.status,
      details: data.details,
      phase: data.phase,
      requestId: data.requestId,
      retryAfter: data.retryAfter,
      retryable: data.retryable,
    });
  }
}

export interface SerializedMmcpError {
  code: string;
  message: string;
  status?: number | undefined;
  details?: Record<string, unknown>;
  phase?: MmcpPhase | undefined;
  requestId?: string | undefined;
  retryAfter?: number | undefined;
  retryable?: boolean;
}

/** True when `value` is an {@link MmcpError} (also across realms by shape). */
export function isMmcpError(value: unknown): value is MmcpError {
  return value instanceof MmcpError || (value instanceof Error && value.name === 'MmcpError' && 'code' in value);
}
