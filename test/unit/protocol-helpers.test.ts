/** Author helpers: seconds ↔ frames, timelines, constraint frames, densified key poses, warnings, gating. */
import { describe, expect, it } from 'vitest';
import {
  constraintFrames,
  densifyPoseKeyframes,
  durationWarnings,
  effectiveFps,
  frameAt,
  framesOutOfRange,
  gateRequest,
  secondsToFrames,
  segmentTimeline,
  slerpQuat,
  totalFrames,
  validateRequest,
  type GenerateRequest,
  type ModelSpec,
  type PoseKeyframeConstraint,
} from '../../src/protocol/index.js';
import { fixtures } from '../support/mmcp-fixtures.js';

const spec = (over: Partial<ModelSpec> = {}): ModelSpec => ({ ...fixtures.capabilities().models[0]!, ...over });

describe('frames and timelines', () => {
  it('secondsToFrames rounds at the effective fps (timing.fps wins over the model fps)', () => {
    expect(secondsToFrames(2, 30)).toBe(60);
    expect(secondsToFrames(0.51, 30)).toBe(15);
    expect(secondsToFrames(0, 30)).toBe(1);
    expect(() => secondsToFrames(1, 0)).toThrow(RangeError);
    expect(effectiveFps({}, { fps: 30 })).toBe(30);
    expect(effectiveFps({ timing: { fps: 24 } }, { fps: 30 })).toBe(24);
  });

  it('segmentTimeline puts segments back to back; pose counts one frame', () => {
    const r: Pick<GenerateRequest, 'segments'> = {
      segments: [
        { type: 'text', prompt: 'walk', duration_frames: 60 },
        { type: 'pose', prompt: 'T pose' },
        { type: 'unconditioned', duration_frames: 30 },
      ],
    };
    expect(segmentTimeline(r).map((s) => [s.type, s.start, s.end])).toEqual([['text', 0, 60], ['pose', 60, 61], ['unconditioned', 61, 91]]);
    expect(totalFrames(r)).toBe(91);
    expect(totalFrames({ segments: [], duration_frames: 40 })).toBe(40);
    expect(frameAt(10, 30, 91)).toBe(90);
    expect(frameAt(1, 30, 91)).toBe(30);
  });

  it('constraint frames and out-of-range frames (ground_height has none)', () => {
    expect(constraintFrames({ type: 'pose_keyframe', frame: 4, joint_rotations: { Hips: [0, 0, 0, 1] } })).toEqual([4]);
    expect(constraintFrames({ type: 'ground_height', points: [[0, 0, 0]] })).toEqual([]);
    expect(framesOutOfRange({ type: 'root_path', frames: [0, 10, 12], positions_xz: [[0, 0], [0, 1], [0, 2]] }, 11)).toEqual([12]);
  });
});

describe('densifyPoseKeyframes', () => {
  const a: PoseKeyframeConstraint = { type: 'pose_keyframe', frame: 10, joint_rotations: { Hips: [0, 0, 0, 1], Spine: [0, 0, 0, 1] }, root_position: [0, 1, 0] };
  const half = Math.SQRT1_2;
  const b: PoseKeyframeConstraint = { type: 'pose_keyframe', frame: 14, joint_rotations: { Hips: [0, half, 0, half], Head: [0, 0, 0, 1] }, root_position: [0, 1, 2], fill_mode: 'rest' };

  it('gives one slerped keyframe per frame, fill_mode generate, root lerped', () => {
    const out = densifyPoseKeyframes(a, b, { decimals: null });
    expect(out.map((k) => k.frame)).toEqual([10, 11, 12, 13, 14]);
    expect(out.every((k) => k.fill_mode === 'generate')).toBe(true);
    const mid = out[2]!.joint_rotations.Hips!;
    const angle = 2 * Math.atan2(mid[1], mid[3]);
    expect(angle).toBeCloseTo(Math.PI / 4, 6);
    expect(Math.hypot(...mid)).toBeCloseTo(1, 9);
    expect(out[2]!.root_position).toEqual([0, 1, 1]);
    expect(out[1]!.joint_rotations.Spine).toEqual([0, 0, 0, 1]);
    expect(out[1]!.joint_rotations.Head).toEqual([0, 0, 0, 1]);
    expect(out[4]!.joint_rotations.Hips![1]).toBeCloseTo(half, 9);
  });

  it('rounds to 4 decimals by default and takes the shortest arc', () => {
    const out = densifyPoseKeyframes(a, b);
    expect(out[1]!.joint_rotations.Hips!.every((x) => Number(x.toFixed(4)) === x)).toBe(true);
    const q = slerpQuat([0, 0, 0, 1], [0, 0, 0, -1], 0.5);
    expect(q[3]).toBeCloseTo(1, 9);
  });

  it('the densified keyframes validate against the model', () => {
    const r: GenerateRequest = { ...fixtures.reqNullText(), segments: [{ type: 'text', prompt: 'turn', duration_frames: 20 }], constraints: densifyPoseKeyframes(a, b) };
    expect(validateRequest(r, spec())).toBeNull();
  });
});

describe('durationWarnings', () => {
  it('warns past recommended_max_duration_seconds and nothing below it', () => {
    const r = (frames: number): GenerateRequest => ({ ...fixtures.reqNullText(), segments: [{ type: 'text', prompt: 'walk', duration_frames: frames }] });
    expect(durationWarnings(r(300), spec())).toEqual([]);
    const w = durationWarnings(r(400), spec());
    expect(w.map((x) => x.code)).toEqual(['over_recommended_duration', 'over_native_clip']);
    expect(durationWarnings(r(400), spec({ chunking: 'stitched' })).map((x) => x.code)).toEqual(['over_recommended_duration']);
    expect(w[0]!.limit).toBe(12);
    expect(w[0]!.seconds).toBeCloseTo(13.33, 2);
    expect(durationWarnings({ ...r(400), timing: { fps: 60 } }, spec())).toEqual([]);
    expect(durationWarnings(r(301), spec()).map((x) => x.code)).toEqual(['over_native_clip']);
    const w2 = durationWarnings(r(330), spec({ recommended_max_duration_seconds: 20 }));
    expect(w2.map((x) => x.code)).toEqual(['over_native_clip']);
  });
});

describe('gateRequest', () => {
  it('strips only safe fields and reports them', () => {
    const r: GenerateRequest = {
      ...fixtures.reqNullText(),
      segments: [{ type: 'text', prompt: 'walk', duration_frames: 12, seed: 4 }],
      options: { loop: false, guidance: null, seed: null },
    };
    const g = gateRequest(r, spec());
    expect(g.removed).toEqual(['segments.0.seed', 'options.loop', 'options.guidance', 'options.seed', 'options']);
    expect(g.request.options).toBeUndefined();
    expect('seed' in g.request.segments![0]!).toBe(false);
    expect(r.segments![0]).toHaveProperty('seed', 4);
    const kept = gateRequest({ ...r, options: { loop: true } }, spec());
    expect(kept.request.options).toEqual({ loop: true });
    expect(validateRequest(kept.request, spec())?.code).toBe('invalid_options');
    expect(gateRequest(r, spec({ supports_segment_seed: true, supports_loop: true })).removed).toEqual(['options.guidance', 'options.seed']);
  });
});
