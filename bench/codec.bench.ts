/**
 * `npm run bench -- codec`: motion codec throughput on a 4 samples × 30 joints × 300 frames
 * document (Kimodo SOMA-30 skeleton, walking-like rotations, contacts and a line trajectory as
 * an MMCP server sends them). Prints `key=value` lines; headline last: `codec_glb_parse_ms`.
 */
import { readFileSync } from 'node:fs';
import { encodeMotionDocument, parseMotionDocument, stringifyGltfJson, type MotionClip, type MotionDocument } from '../src/motion/index.js';

const SAMPLES = 4, FRAMES = 300, FPS = 30;

interface CanonJoint { name: string; parent: string | null; rest_translation: number[]; rest_rotation: number[] }

function buildDocument(withMeta: boolean): MotionDocument {
  const joints = (JSON.parse(readFileSync('/work/shared/fixtures/mmcp/kimodo-soma30-canonical.json', 'utf8')) as { joints: CanonJoint[] }).joints;
  const names = joints.map((j) => j.name);
  const J = names.length;
  const skeleton = {
    names,
    parents: Int32Array.from(joints, (j) => (j.parent === null ? -1 : names.indexOf(j.parent))),
    restTranslations: Float32Array.from(joints.flatMap((j) => j.rest_translation)),
    restRotations: Float32Array.from(joints.flatMap((j) => j.rest_rotation)),
  };
  const clips: MotionClip[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    const rotations = new Float32Array(FRAMES * J * 4);
    const rootPositions = new Float32Array(FRAMES * 3);
    for (let t = 0; t < FRAMES; t++) {
      const phase = (2 * Math.PI * t) / FPS + s;
      for (let j = 0; j < J; j++) {
        // A swing about a per-joint axis, amplitude 5–40°, like a gait cycle.
        const ax = [Math.sin(j * 1.7), Math.cos(j * 0.9), Math.sin(j * 0.3 + 1)];
        const n = Math.hypot(ax[0]!, ax[1]!, ax[2]!);
        const ang = ((5 + ((j * 7) % 35)) * Math.PI) / 180 * Math.sin(phase + j * 0.4);
        const sh = Math.sin(ang / 2);
        rotations.set([(ax[0]! / n) * sh, (ax[1]! / n) * sh, (ax[2]! / n) * sh, Math.cos(ang / 2)], (t * J + j) * 4);
      }
      rootPositions.set([0.03 * Math.sin(phase / 2), 0.95 + 0.02 * Math.sin(phase), (t / FPS) * 1.2], t * 3);
    }
    const clip: MotionClip = { name: `sample_${s}`, fps: FPS, frameCount: FRAMES, jointNames: names.slice(), rotations, rootPositions, chunkBoundaries: [150] };
    if (withMeta) {
      const left = Uint8Array.from({ length: FRAMES }, (_, t) => ((t % 30) < 15 ? 1 : 0));
      clip.footContacts = { LeftFoot: left, RightFoot: left.map((v) => 1 - v) };
      const position = new Float32Array(FRAMES * 2);
      for (let t = 0; t < FRAMES; t++) position.set([0, (t / FPS) * 1.2], 2 * t);
      clip.trajectory = { model: 'line', loop: false, params: { speed: 1.2, heading_deg: 0, off_cm: 1.4 }, position, yaw: new Float32Array(FRAMES) };
    }
    clips.push(clip);
  }
  return { version: '1.3', model: 'bench', fps: FPS, skeleton, clips };
}

function median(fn: () => unknown, reps: number, warm = Math.max(20, reps / 10)): number {
  for (let i = 0; i < warm; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const fmt = (ms: number): string => ms.toFixed(4);
const doc = buildDocument(true);
const bare = buildDocument(false);
const glb = encodeMotionDocument(doc, { binary: true });
const glbBare = encodeMotionDocument(bare, { binary: true });
const jsonObj = encodeMotionDocument(doc, { binary: false });
const jsonText = stringifyGltfJson(jsonObj);
let sink = 0;
const touch = (d: MotionDocument): void => {
  for (const c of d.clips) sink += c.rotations[5]! + c.rootPositions[1]!;
};

console.log(`codec_doc=samples:${SAMPLES},joints:${doc.skeleton.names.length},frames:${FRAMES}`);
console.log(`codec_glb_bytes=${glb.length}`);
console.log(`codec_json_bytes=${jsonText.length}`);
console.log(`codec_encode_glb_ms=${fmt(median(() => encodeMotionDocument(doc, { binary: true }), 300))}`);
console.log(`codec_encode_json_ms=${fmt(median(() => stringifyGltfJson(encodeMotionDocument(doc, { binary: false })), 200))}`);
console.log(`codec_json_parse_ms=${fmt(median(() => touch(parseMotionDocument(jsonText)), 300))}`);
console.log(`codec_json_object_parse_ms=${fmt(median(() => touch(parseMotionDocument(jsonObj)), 500))}`);
console.log(`codec_glb_parse_eager_ms=${fmt(median(() => parseMotionDocument(glb, { lazyRotations: false }), 3000))}`);
console.log(`codec_glb_parse_and_rotations_ms=${fmt(median(() => touch(parseMotionDocument(glb)), 3000))}`);
console.log(`codec_glb_parse_no_metadata_ms=${fmt(median(() => parseMotionDocument(glbBare), 5000))}`);
const jsonLen = new DataView(glb.buffer, glb.byteOffset).getUint32(12, true);
const chunkText = new TextDecoder().decode(glb.subarray(20, 20 + jsonLen));
console.log(`codec_glb_json_chunk_bytes=${jsonLen}`);
// Floor: V8's JSON.parse of the GLB's JSON chunk alone (no validation, no arrays).
console.log(`codec_glb_json_chunk_JSON_parse_ms=${fmt(median(() => JSON.parse(chunkText), 5000))}`);
const headline = median(() => parseMotionDocument(glb), 5000);
if (sink === 42.4242) console.log('');
console.log(`codec_glb_parse_ms=${fmt(headline)}`);
