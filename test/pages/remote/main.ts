/**
 * Browser test page for RemoteBackend: the real client in Chromium talking cross-origin to the
 * scripted MMCP server started by test/browser/remote.spec.ts (`?server=<url>`).
 */
import { RemoteBackend } from '../../../src/remote/index.js';
import { isMmcpError } from '../../../src/protocol/errors.js';
import type { GenerateProgress } from '../../../src/backend.js';
import type { GenerateRequest } from '../../../src/protocol/types.js';

const server = new URLSearchParams(location.search).get('server') ?? '';

/** What the spec can call. */
const api = {
  async probe(url = server): Promise<{ status: string; code?: string; models?: string[] }> {
    const p = await new RemoteBackend({ url, token: 'browser-token', requestTimeoutMs: 5000 }).probe();
    return { status: p.status, code: p.error?.code, models: p.capabilities?.models.map((m) => m.id) };
  },
  async generate(request: GenerateRequest): Promise<Record<string, unknown>> {
    const backend = new RemoteBackend({ url: server, token: 'browser-token', headers: { 'X-App': 'browser-test' }, pollMinSeconds: 0 });
    const stages: string[] = [];
    try {
      const r = await backend.generate(request, { onProgress: (e: GenerateProgress) => stages.push(e.stage), timeoutMs: 20_000 });
      const clip = r.document.clips[0]!;
      return { ok: true, clips: r.document.clips.length, frames: clip.frameCount, joints: clip.jointNames.length, glbMagic: new TextDecoder().decode(r.bytes.subarray(0, 4)), requestId: r.requestId, stages: [...new Set(stages)] };
    } catch (e) {
      if (!isMmcpError(e)) throw e;
      return { ok: false, code: e.code, phase: e.phase, details: e.details, message: e.message };
    }
  },
};

(window as unknown as { remoteTest: typeof api }).remoteTest = api;
