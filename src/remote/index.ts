/** The remote backend: an MMCP HTTP client (`RemoteBackend`) and its helpers. */
export { RemoteBackend } from './remote-backend.js';
export type { RemoteBackendOptions, CapabilitiesOptions, ProbeResult, ProbeStatus, BatchItemResult, RetargetState, TokenSource, RemoteCallOptions } from './types.js';
export { clearCapabilitiesCache } from './cache.js';
export { normaliseBaseUrl, jobPath } from './url.js';
export { parseRetryAfter } from './headers.js';
export { retryPolicy, retryDelayMs, type RetryOptions, type RetryPolicy } from './retry.js';
export { errorFromResponse } from './errors.js';
