/** The message contract between {@link LocalBackend} (main thread) and the module worker. */
import type { GenerateProgress, GenerateResult } from '../backend.js';
import type { SerializedMmcpError } from '../protocol/errors.js';
import type { Capabilities, GenerateRequest } from '../protocol/types.js';
import type { LoadProgress } from './package.js';
import type { ExecutionProviderChoice } from './ort-web.js';

/** What the worker loads. */
export interface WorkerLoadRequest {
  /** Absolute package URL, or the package files' bytes. */
  source: string | { files: Record<string, Uint8Array> };
  executionProvider: ExecutionProviderChoice;
  numThreads?: number;
  /** Cache model bytes in IndexedDB (default true). */
  cache: boolean;
  wasmPaths?: string | { wasm?: string; mjs?: string };
  timeoutMs: number;
}

/** What a finished load reports. */
export interface WorkerLoadInfo {
  id: string;
  capabilities: Capabilities;
  executionProvider: string;
  numThreads: number;
  crossOriginIsolated: boolean;
  loadMs: number;
  sessionMs: number;
  cachedFiles: string[];
  manifestFromCache: boolean;
}

/** A call outcome (errors travel as plain data and become `MmcpError`s again). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: SerializedMmcpError };

/** Transfer facts about the last result (tests check that nothing was copied). */
export interface TransferReport {
  buffers: number;
  bytes: number;
  /** True when every transferred buffer is detached in the worker (it moved, not copied). */
  detached: boolean;
}

/** The worker's API (exposed through comlink). */
export interface LocalWorkerApi {
  /** Holds a Web Lock for the worker's lifetime so the page can notice its death. */
  holdLock(name: string): Promise<boolean>;
  load(request: WorkerLoadRequest, onProgress?: (p: LoadProgress) => void): Promise<Outcome<WorkerLoadInfo>>;
  generate(callId: number, request: GenerateRequest, onProgress?: (p: GenerateProgress) => void): Promise<Outcome<GenerateResult>>;
  cancel(callId: number): void;
  lastTransfer(): TransferReport | undefined;
  ping(): string;
}
