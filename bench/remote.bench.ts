/**
 * `npm run bench -- remote`: RemoteBackend.generate against a loopback MMCP server that answers a
 * 300-frame × 30-joint GLB instantly. The server measures its own handler time (request received →
 * response written) and sends it in `Server-Timing`; the headline is the median client time minus
 * that server time: what the client adds (HTTP on loopback, validation, GLB parse).
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { encodeMotionDocument, type MotionDocument } from '../src/motion/index.js';
import type { Capabilities, GenerateRequest, Skeleton } from '../src/protocol/types.js';
import { RemoteBackend } from '../src/remote/index.js';

const FRAMES = 300;
const ITER = Number(process.env.BENCH_ITER ?? 300);
const WARMUP = 50;

const fixtureDir = new URL('../../shared/fixtures/mmcp/', import.meta.url);
let skeleton: Skeleton;
try {
  skeleton = JSON.parse(readFileSync(new URL('kimodo-soma30-canonical.json', fixtureDir), 'utf8')) as Skeleton;
} catch {
  skeleton = JSON.parse(readFileSync('/work/shared/fixtures/mmcp/kimodo-soma30-canonical.json', 'utf8')) as Skeleton;
}
const names = skeleton.joints.map((j) => j.name);
const J = names.length;

function buildGlb(): Uint8Array {
  const rotations = new Float32Array(FRAMES * J * 4);
  const rootPositions = new Float32Array(FRAMES * 3);
  for (let t = 0; t < FRAMES; t++) {
    for (let j = 0; j < J; j++) {
      const a = 0.3 * Math.sin(t / 10 + j);
      rotations.set([Math.sin(a / 2), 0, 0, Math.cos(a / 2)], (t * J + j) * 4);
    }
    rootPositions.set([0, 0.98, t / 30], t * 3);
  }
  const doc: MotionDocument = {
    version: '1.3',
    model: 'kimodo-soma-rp',
    fps: 30,
    skeleton: {
      names,
      parents: Int32Array.from(skeleton.joints.map((j) => (j.parent === null ? -1 : names.indexOf(j.parent)))),
      restTranslations: Float32Array.from(skeleton.joints.flatMap((j) => j.rest_translation)),
      restRotations: Float32Array.from(skeleton.joints.flatMap((j) => j.rest_rotation ?? [0, 0, 0, 1])),
    },
    clips: [{ name: 'sample_0', fps: 30, frameCount: FRAMES, jointNames: names, rotations, rootPositions, chunkBoundaries: [] }],
  };
  return encodeMotionDocument(doc, { binary: true });
}

const glb = buildGlb();
const body = Buffer.from(glb.buffer, glb.byteOffset, glb.byteLength);
const server = createServer((req, res) => {
  const t0 = performance.now();
  req.resume();
  req.on('end', () => {
    const t1 = performance.now();
    res.writeHead(200, {
      'Content-Type': 'model/gltf-binary',
      'Content-Length': String(body.length),
      'Server-Timing': `handler;dur=${(t1 - t0).toFixed(4)}`,
    });
    res.end(body);
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const capabilities: Capabilities = {
  protocol_version: '1.3',
  response_formats: ['gltf_2.0_json', 'gltf_2.0_binary'],
  models: [
    {
      id: 'kimodo-soma-rp',
      fps: 30,
      canonical_skeleton: skeleton,
      supports_retargeting: false,
      supported_constraints: ['root_path', 'effector_target', 'pose_keyframe'],
      supported_segments: ['text', 'unconditioned'],
      limits: { max_duration_seconds: 30, max_num_samples: 16, max_constraints_per_request: 64, max_prompt_length: 1000, max_request_bytes: 1_048_576 },
    },
  ],
};
const request: GenerateRequest = {
  protocol_version: '1.3',
  model: 'kimodo-soma-rp',
  skeleton,
  segments: [{ type: 'text', prompt: 'a person walks forward', duration_frames: FRAMES }],
};

// Server time as the server reports it: read it by wrapping fetch (the client itself ignores it).
let lastServerMs = 0;
const timedFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const st = res.headers.get('server-timing');
  lastServerMs = st ? Number(/dur=([\d.]+)/.exec(st)?.[1] ?? 0) : 0;
  return res;
};
const backend = new RemoteBackend({ url, capabilities, fetch: timedFetch });

const client: number[] = [];
const serverMs: number[] = [];
const overhead: number[] = [];
// Transport floor: the same POST with bare fetch (no validation, no parsing, no client),
// interleaved with the client runs so machine load affects both alike.
const floor: number[] = [];
const payload = JSON.stringify(request);
for (let i = 0; i < WARMUP + ITER; i++) {
  const t0 = performance.now();
  const r = await backend.generate(request);
  const dt = performance.now() - t0;
  if (r.document.clips[0]!.frameCount !== FRAMES) throw new Error('wrong answer');
  const t1 = performance.now();
  const res = await fetch(`${url}/generate`, { method: 'POST', body: payload, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  await res.arrayBuffer();
  const bare = performance.now() - t1;
  if (i >= WARMUP) {
    client.push(dt);
    serverMs.push(lastServerMs);
    overhead.push(dt - lastServerMs);
    floor.push(bare);
  }
}
server.close();

const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const p95 = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length * 0.95)]!;
console.log(`frames=${FRAMES}`);
console.log(`joints=${J}`);
console.log(`glb_bytes=${glb.length}`);
console.log(`iterations=${ITER}`);
console.log(`client_median_ms=${median(client).toFixed(3)}`);
console.log(`client_p95_ms=${p95(client).toFixed(3)}`);
console.log(`server_median_ms=${median(serverMs).toFixed(3)}`);
console.log(`bare_fetch_median_ms=${median(floor).toFixed(3)}`);
console.log(`client_minus_bare_fetch_ms=${(median(client) - median(floor)).toFixed(3)}`);
console.log(`remote_overhead_p95_ms=${p95(overhead).toFixed(3)}`);
console.log(`remote_overhead_ms=${median(overhead).toFixed(3)}`);
