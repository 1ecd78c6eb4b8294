/**
 * onnxruntime-web binding for the worker. Exactly one ORT entry is imported: the default
 * `onnxruntime-web` (JSEP) build, which carries both the WASM and the WebGPU execution
 * providers in one 28 MB wasm (docs/local.md explains the choice).
 */
import * as ort from 'onnxruntime-web';
import { MmcpError } from '../protocol/errors.js';
import { bindOrtModule, type OrtBinding, type OrtModuleLike } from './ort.js';

/** Which execution provider to use; `auto` = WebGPU when an adapter exists, else WASM. */
export type ExecutionProviderChoice = 'auto' | 'webgpu' | 'wasm';

/** Options for {@link createWebOrt}. */
export interface WebOrtOptions {
  executionProvider?: ExecutionProviderChoice;
  /** WASM threads; default: up to 4 when cross-origin isolated, else 1. */
  numThreads?: number;
  /** Where ORT's `.wasm` lives (object form `{ wasm: url }` recommended; see docs/local.md). */
  wasmPaths?: string | { wasm?: string; mjs?: string };
}

/** True when `navigator.gpu.requestAdapter()` returns an adapter (within 5 s). */
export async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return false;
  try {
    const adapter = await Promise.race([gpu.requestAdapter(), new Promise((r) => setTimeout(() => r(null), 5000))]);
    return adapter !== null && adapter !== undefined;
  } catch {
    return false;
  }
}

/** The number of WASM threads ORT will really use here. */
export function effectiveThreads(requested?: number): number {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (!isolated) return 1;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 2;
  return Math.max(1, requested ?? Math.min(4, cores));
}

/** Configures onnxruntime-web and returns a binding for the chosen execution provider. */
export async function createWebOrt(options: WebOrtOptions = {}): Promise<OrtBinding> {
  const choice = options.executionProvider ?? 'auto';
  let ep: 'webgpu' | 'wasm';
  if (choice === 'wasm') ep = 'wasm';
  else {
    const gpu = await hasWebGpuAdapter();
    if (choice === 'webgpu' && !gpu) {
      throw new MmcpError('model_load_failed', 'WebGPU was requested but navigator.gpu.requestAdapter() returned no adapter; use executionProvider "auto" or "wasm".', {
        phase: 'load',
        details: { reason: 'webgpu_unavailable' },
      });
    }
    ep = gpu ? 'webgpu' : 'wasm';
  }
  ort.env.wasm.numThreads = effectiveThreads(options.numThreads);
  ort.env.wasm.proxy = false;
  if (options.wasmPaths) ort.env.wasm.wasmPaths = options.wasmPaths;
  ort.env.logLevel = 'error';
  return bindOrtModule(ort as unknown as OrtModuleLike, ep, { executionProviders: [ep], graphOptimizationLevel: 'all' });
}
