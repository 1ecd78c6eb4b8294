/**
 * onnxruntime-node binding for the runtime core in Node (CLI, server, tests). The package is
 * an optional dependency, imported lazily: a clear `model_load_failed` error says how to
 * install it when it is missing.
 */
import { MmcpError } from '../protocol/errors.js';
import { bindOrtModule, type OrtBinding, type OrtModuleLike } from './ort.js';

/** Options for {@link createNodeOrt}. */
export interface NodeOrtOptions {
  /** Intra-op threads (default: ORT's choice). */
  threads?: number;
}

/** Loads onnxruntime-node and returns a CPU binding. */
export async function createNodeOrt(options: NodeOrtOptions = {}): Promise<OrtBinding> {
  // A computed specifier keeps browser bundlers from trying to resolve a Node-only package.
  const specifier = ['onnxruntime', 'node'].join('-');
  let ort: OrtModuleLike;
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as OrtModuleLike & { default?: OrtModuleLike };
    ort = mod.InferenceSession ? mod : (mod.default as OrtModuleLike);
  } catch (err) {
    throw new MmcpError(
      'model_load_failed',
      'onnxruntime-node is not installed: run `npm install onnxruntime-node@1.30.0` to use the local model in Node.',
      { phase: 'load', details: { reason: 'runtime_missing', package: 'onnxruntime-node' }, cause: err },
    );
  }
  const opts: Record<string, unknown> = { executionProviders: ['cpu'] };
  if (options.threads) opts.intraOpNumThreads = options.threads;
  return bindOrtModule(ort, 'cpu', opts);
}
