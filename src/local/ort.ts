/**
 * The ONNX Runtime seam. The runtime core talks to {@link OrtBinding}; two implementations
 * exist: `ort-web.ts` (onnxruntime-web, browser/worker) and `ort-node.ts` (onnxruntime-node).
 * Both packages share the onnxruntime-common API, which {@link bindOrtModule} wraps.
 */

/** A float32 tensor as plain data. */
export interface FloatTensor {
  data: Float32Array;
  dims: number[];
}

/** One loaded graph. */
export interface OrtGraph {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, FloatTensor>): Promise<Record<string, FloatTensor>>;
  release(): Promise<void>;
}

/** An ONNX Runtime able to create sessions. */
export interface OrtBinding {
  /** `'wasm'`, `'webgpu'`, `'cpu'` (Node)… — what actually runs. */
  readonly executionProvider: string;
  createGraph(bytes: Uint8Array): Promise<OrtGraph>;
}

/** The part of the onnxruntime-common API used here (both ORT packages match it). */
export interface OrtModuleLike {
  InferenceSession: {
    create(bytes: Uint8Array, options?: Record<string, unknown>): Promise<OrtSessionLike>;
  };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}

/** The part of `InferenceSession` used here. */
export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown; dims: readonly number[]; dispose?: () => void }>>;
  release(): Promise<void>;
}

/** Wraps an ORT module (web or node) with fixed session options. */
export function bindOrtModule(ort: OrtModuleLike, executionProvider: string, sessionOptions: Record<string, unknown>): OrtBinding {
  return {
    executionProvider,
    async createGraph(bytes) {
      const session = await ort.InferenceSession.create(bytes, sessionOptions);
      return {
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        async run(feeds) {
          const input: Record<string, unknown> = {};
          for (const [name, t] of Object.entries(feeds)) input[name] = new ort.Tensor('float32', t.data, t.dims);
          const out = await session.run(input);
          const result: Record<string, FloatTensor> = {};
          for (const [name, t] of Object.entries(out)) {
            if (!(t.data instanceof Float32Array)) throw new Error(`output "${name}" is not float32`);
            result[name] = { data: t.data, dims: [...t.dims] };
          }
          return result;
        },
        release: () => session.release(),
      };
    },
  };
}
