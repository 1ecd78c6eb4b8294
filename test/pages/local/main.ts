// Test page for the in-page backend: exposes the library to Playwright as `window.mmcpLocal`.
import { LocalBackend, clearModelCache, modelCacheKeys, type LocalBackendOptions } from '../../../src/local/index.js';
import { parseMotionDocument } from '../../../src/motion/index.js';
import { validateRequest } from '../../../src/protocol/validate.js';
import type { GenerateRequest } from '../../../src/protocol/types.js';

/** The last worker started by a backend made with `trackWorker: true`. */
let lastWorker: Worker | undefined;

const api = {
  LocalBackend,
  clearModelCache,
  modelCacheKeys,
  parseMotionDocument,
  validateRequest,
  /** A backend whose worker the test can terminate (it is started from source under Vite dev). */
  create(options: LocalBackendOptions & { trackWorker?: boolean }) {
    const { trackWorker, ...rest } = options;
    if (trackWorker) {
      rest.createWorker = () => {
        lastWorker = new Worker(new URL('../../../src/local/local-worker.ts', import.meta.url), { type: 'module' });
        return lastWorker;
      };
    }
    return new LocalBackend(rest);
  },
  terminateLastWorker() {
    lastWorker?.terminate();
    return lastWorker !== undefined;
  },
  request(spec: { id: string; canonical_skeleton: GenerateRequest['skeleton'] }, over: Partial<GenerateRequest> = {}): GenerateRequest {
    return {
      protocol_version: '1.3',
      model: spec.id,
      skeleton: spec.canonical_skeleton,
      segments: [{ type: 'text', prompt: 'walk', duration_frames: 120 }],
      options: { seed: 11 },
      ...over,
    };
  },
};

(window as unknown as { mmcpLocal: typeof api }).mmcpLocal = api;
(window as unknown as { mmcpReady: boolean }).mmcpReady = true;
