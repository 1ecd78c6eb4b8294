/**
 * Foot locking in the local runtime with the real default model (onnxruntime-node, real
 * inference): foot skating of walk clips measured with the evaluation's rule
 * (test/support/foot-skate.ts = model/eval_metrics.py foot_stats) must drop below 2.3 cm/s
 * (issue 6 goal: ≤ 1.5 × the real data's 1.58 cm/s) with the lock, and be clearly worse for the
 * same seeds without it. Also: the lock touches only leg joints (root path unchanged, hips still
 * travel forward), returned contacts are frames where that joint really stands still, no NaN,
 * same request + seed → byte-identical GLB, and the added time per clip is small.
 *
 * `MMCP_FOOT_LOCK_MODEL=<package folder>` runs it against another package folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeRuntime, type LocalRuntime } from '../../src/local/index.js';
import type { GenerateRequest } from '../../src/protocol/types.js';
import type { MotionDocument } from '../../src/motion/types.js';
import { skateSums, skating, worldPositions, type SkateSums } from '../support/foot-skate.js';

const MODEL = process.env.MMCP_FOOT_LOCK_MODEL ?? join(process.cwd(), 'models/bn-motion-small');
const CASES: Array<[string, number]> = [
  ['a person walks forward', 150],
  ['someone strolls tiredly', 180],
  ['jog', 120],
];
const SEEDS = [1, 2, 3];
const LEG = /(UpperLeg|LowerLeg|Foot|Toes)$/;

let rt: LocalRuntime;
const request = (prompt: string, frames: number, seed: number): GenerateRequest => ({
  protocol_version: '1.3',
  model: rt.spec.id,
  skeleton: rt.spec.canonical_skeleton,
  segments: [{ type: 'text', prompt, duration_frames: frames }],
  options: { seed },
});

describe.skipIf(!existsSync(join(MODEL, 'manifest.json')))('foot locking with the default model', () => {
  const on: SkateSums[] = [];
  const off: SkateSums[] = [];
  const docs: Array<{ prompt: string; locked: MotionDocument; raw: MotionDocument }> = [];
  const lockMs: number[] = [];

  beforeAll(async () => {
    rt = await createNodeRuntime(MODEL, { threads: 1 });
    const contactJoints = rt.manifest.features.contact_joints;
    for (const [prompt, frames] of CASES) {
      for (const seed of SEEDS) {
        const locked = (await rt.generate(request(prompt, frames, seed))).document;
        lockMs.push(rt.lastInfo!.footLock!.ms);
        const raw = (await rt.generate(request(prompt, frames, seed), { footLock: false })).document;
        expect(rt.lastInfo!.footLock).toBeUndefined();
        on.push(skateSums(locked.skeleton, locked.clips[0]!, contactJoints));
        off.push(skateSums(raw.skeleton, raw.clips[0]!, contactJoints));
        docs.push({ prompt, locked, raw });
      }
    }
  }, 120_000);
  afterAll(async () => rt?.dispose());

  it('brings foot skating of planted feet under 2.3 cm/s (and the unlocked clips are worse)', () => {
    const locked = skating(on);
    const raw = skating(off);
    const planted = (s: SkateSums[]) => s.reduce((a, b) => a + b.planted, 0);
    console.log(`foot skating (eval rule, ${docs.length} clips: ${CASES.map((c) => c[0]).join(' / ')} × seeds ${SEEDS.join(',')}): ` +
      `unlocked ${raw.toFixed(2)} cm/s over ${planted(off)} planted joint-frames → locked ${locked.toFixed(2)} cm/s over ${planted(on)}`);
    expect(locked).toBeLessThan(2.3);
    expect(raw).toBeGreaterThan(1.25 * locked);
    expect(planted(on)).toBeGreaterThan(planted(off) * 0.8); // the feet still plant (not lifted out of the measure)
  });

  it('changes only leg joints: same root path, hips still travel forward, no NaN', () => {
    for (const { locked, raw } of docs) {
      const a = locked.clips[0]!, b = raw.clips[0]!;
      expect(Array.from(a.rootPositions)).toEqual(Array.from(b.rootPositions));
      const J = a.jointNames.length;
      const changed = new Set<string>();
      for (let i = 0; i < a.rotations.length; i++) if (a.rotations[i] !== b.rotations[i]) changed.add(a.jointNames[(i >> 2) % J]!);
      expect([...changed].filter((n) => !LEG.test(n))).toEqual([]);
      expect(changed.size).toBeGreaterThan(0);
      expect(a.rotations.every(Number.isFinite)).toBe(true);
      const T = a.frameCount;
      // Facing +Z at frame 0: the hips end well ahead of where they started.
      expect(a.rootPositions[3 * (T - 1) + 2]! - a.rootPositions[2]!).toBeGreaterThan(0.5);
    }
  });

  it('returns contacts where the joint really stands still', () => {
    let flagged = 0;
    let still = 0;
    for (const { locked } of docs) {
      const clip = locked.clips[0]!;
      const P = worldPositions(locked.skeleton, clip);
      const J = clip.jointNames.length;
      for (const [name, flags] of Object.entries(clip.footContacts ?? {})) {
        const j = clip.jointNames.indexOf(name);
        for (let t = 0; t + 1 < clip.frameCount; t++) {
          if (!flags[t] || !flags[t + 1]) continue;
          flagged++;
          const d = Math.hypot(P[((t + 1) * J + j) * 3]! - P[(t * J + j) * 3]!, P[((t + 1) * J + j) * 3 + 1]! - P[(t * J + j) * 3 + 1]!, P[((t + 1) * J + j) * 3 + 2]! - P[(t * J + j) * 3 + 2]!);
          if (d * clip.fps < 0.02) still++;
        }
      }
    }
    console.log(`contact frames standing still (< 2 cm/s): ${still}/${flagged}`);
    expect(flagged).toBeGreaterThan(500);
    expect(still / flagged).toBeGreaterThan(0.95);
  });

  it('is deterministic and cheap', async () => {
    const a = await rt.generate(request('a person walks forward', 300, 9));
    const b = await rt.generate(request('a person walks forward', 300, 9));
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    // Fastest of a few runs of a 10 s clip (robust to a machine shared with other jobs).
    const ms: number[] = [];
    for (let i = 0; i < 5; i++) {
      await rt.generate(request('a person walks forward', 300, 10 + i));
      ms.push(rt.lastInfo!.footLock!.ms);
    }
    const sorted = [...lockMs].sort((x, y) => x - y);
    console.log(`foot lock: ${Math.min(...ms).toFixed(2)} ms (fastest of 5) for a 10 s clip; first clips of the run (JIT warming up): median ${sorted[sorted.length >> 1]!.toFixed(2)} ms`);
    expect(Math.min(...ms)).toBeLessThan(20); // ≈1 ms on an idle machine
  });
});
