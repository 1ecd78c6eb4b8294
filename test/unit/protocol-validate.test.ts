/**
 * Client-side validation predicts the SDK server: same code, status and details, same order
 * (MMCP.md §6.5). Test names carry MMCP-CLIENT-CHECKLIST item numbers (sections A and B).
 */
import { describe, expect, it } from 'vitest';
import {
  codePointLength,
  gateRequest,
  normalizeRequest,
  pickModel,
  requestBytes,
  serializeRequest,
  supportedSegments,
  validateAgainstCapabilities,
  validateBatch,
  validateRequest,
  encodeInlineVideo,
  checkServerVersion,
  type Capabilities,
  type GenerateRequest,
  type ModelSpec,
  type Quat,
  type Segment,
  type Skeleton,
} from '../../src/protocol/index.js';
import { fixtures } from '../support/mmcp-fixtures.js';

const caps = (): Capabilities => fixtures.capabilities();
const spec = (over: Partial<ModelSpec> = {}): ModelSpec => ({ ...caps().models[0]!, ...over });
const req = (over: Partial<GenerateRequest> = {}): GenerateRequest => ({ ...fixtures.reqNullText(), ...over });
const ID: Quat = [0, 0, 0, 1];
const retargeting = (over: Partial<ModelSpec> = {}): ModelSpec => spec({ supports_retargeting: true, ...over });

function check(r: unknown, s: ModelSpec = spec()): { code: string | undefined; status: number | undefined; details: Record<string, unknown> } {
  const e = validateRequest(r, s);
  return { code: e?.code, status: e?.status, details: e?.details ?? {} };
}
const errorsOf = (r: unknown, s?: ModelSpec): Array<{ loc: unknown[]; msg: string; type?: string }> => (check(r, s).details.errors ?? []) as never;

function mixamoSkeleton(): Skeleton {
  return {
    joints: [
      { name: 'mixamorig:Hips', parent: null, rest_translation: [0, 1, 0], rest_rotation: ID },
      { name: 'mixamorig:Spine', parent: 'mixamorig:Hips', rest_translation: [0, 0.2, 0], rest_rotation: ID },
    ],
  };
}

function motionRef(frames: number, names = ['Hips', 'Spine'], over: Record<string, unknown> = {}): Segment {
  return {
    type: 'motion_reference',
    duration_frames: 30,
    joint_names: names,
    rotations: Array.from({ length: frames }, () => names.map(() => [0, 0, 0, 1] as Quat)),
    root_positions: Array.from({ length: frames }, () => [0, 0.95, 0] as [number, number, number]),
    fps: 30,
    ...over,
  } as Segment;
}

describe('A. Discovery helpers', () => {
  it('A9: pickModel matches id case-insensitively ignoring spaces, falls back to the first, none → undefined', () => {
    const c = { ...caps(), models: [{ ...spec(), id: 'first' }, { ...spec(), id: 'Kimodo-SOMA-rp' }, { nope: true } as unknown as ModelSpec] };
    expect(pickModel(c, '  kimodo-soma-RP ')?.id).toBe('Kimodo-SOMA-rp');
    expect(pickModel(c, 'missing')?.id).toBe('first');
    expect(pickModel(c, '')?.id).toBe('first');
    expect(pickModel(c)?.id).toBe('first');
    expect(pickModel({ ...caps(), models: [] }, 'x')).toBeUndefined();
    expect(pickModel({ protocol_version: '1.3' } as Capabilities, 'x')).toBeUndefined();
    expect(pickModel({ ...caps(), models: null as unknown as ModelSpec[] })).toBeUndefined();
    expect(pickModel(null)).toBeUndefined();
    expect(pickModel({ ...caps(), models: [{ fps: 30 } as unknown as ModelSpec, { ...spec(), id: 'b' }] })?.id).toBe('b');
  });

  it('A10: supported_segments missing/null → [], entries trimmed, lower-cased, de-duplicated', () => {
    expect(supportedSegments({})).toEqual([]);
    expect(supportedSegments({ supported_segments: null })).toEqual([]);
    expect(supportedSegments({ supported_segments: [' Text', 'text', 'POSE ', '', 'unconditioned'] })).toEqual(['text', 'pose', 'unconditioned']);
    expect(supportedSegments(null)).toEqual([]);
  });

  it('A11: absent optional limits mean "no cap", not 0', () => {
    const s = retargeting({ supported_segments: ['text', 'unconditioned', 'motion_reference'] });
    expect('max_reference_frames' in s.limits).toBe(false);
    expect(check(req({ segments: [motionRef(1000)] }), s).code).toBeUndefined();
    const capped = retargeting({ supported_segments: ['text', 'motion_reference'], limits: { ...s.limits, max_reference_frames: 300 } });
    expect(check(req({ segments: [motionRef(300)] }), capped).code).toBeUndefined();
  });

  it('A12: supports_retargeting false → canonical names in order pass; any rename or reorder → retargeting_unsupported', () => {
    expect(check(req()).code).toBeUndefined();
    const renamed = req();
    renamed.skeleton.joints[4]!.name = 'RightFoot2';
    expect(check(renamed)).toMatchObject({ code: 'retargeting_unsupported', status: 400, details: {} });
    const reordered = req();
    [reordered.skeleton.joints[3], reordered.skeleton.joints[4]] = [reordered.skeleton.joints[4]!, reordered.skeleton.joints[3]!];
    expect(check(reordered).code).toBe('retargeting_unsupported');
    expect(check(renamed, retargeting()).code).toBeUndefined();
  });

  it('A14: checkServerVersion refuses majors other than 1 with an upgrade message', () => {
    expect(checkServerVersion({ protocol_version: '1.3' })).toBeNull();
    expect(checkServerVersion({ protocol_version: '1.10' })).toBeNull();
    const e = checkServerVersion({ protocol_version: '2.0' });
    expect(e?.code).toBe('version_unsupported');
    expect(e?.message).toMatch(/upgrade the plugin/i);
  });
});

describe('Kimodo acceptance', () => {
  const kimodo = (): ModelSpec =>
    spec({ id: 'kimodo-soma-rp', canonical_skeleton: fixtures.kimodoSkeleton(), supports_retargeting: false, predicted_contact_joints: ['LeftFoot', 'LeftToeBase', 'RightFoot', 'RightToeBase'] });
  const kreq = (): GenerateRequest => ({
    protocol_version: '1.3',
    model: 'kimodo-soma-rp',
    skeleton: fixtures.kimodoSkeleton(),
    segments: [{ type: 'text', prompt: 'a person walks forward', duration_frames: 150 }],
    constraints: [{ type: 'effector_target', joint: 'RightHand', frames: [60], positions: [[0.3, 1.2, 0.5]] }],
  });

  it('the canonical SOMA-30 request passes validateRequest', () => {
    expect(fixtures.kimodoSkeleton().joints).toHaveLength(30);
    expect(validateRequest(kreq(), kimodo())).toBeNull();
  });

  it('renaming any one of the 30 joints fails retargeting_unsupported', () => {
    for (let i = 0; i < 30; i++) {
      const r = kreq();
      const old = r.skeleton.joints[i]!.name;
      r.skeleton.joints[i]!.name = `${old}_x`;
      for (const j of r.skeleton.joints) if (j.parent === old) j.parent = `${old}_x`;
      const e = validateRequest(r, kimodo());
      expect(e?.code, `joint ${old}`).toBe('retargeting_unsupported');
    }
  });
});

describe('B. Building requests', () => {
  it('B16: protocol_version, model and skeleton are required (422 with loc)', () => {
    for (const key of ['protocol_version', 'model', 'skeleton'] as const) {
      const r = req() as unknown as Record<string, unknown>;
      delete r[key];
      const e = check(r);
      expect(e.code).toBe('schema_validation');
      expect(e.status).toBe(422);
      expect(errorsOf(r).some((i) => i.loc[0] === key)).toBe(true);
    }
    expect(check(req({ protocol_version: '1' })).code).toBe('schema_validation');
  });

  it('B17: duration_frames iff segments is empty; both empty → 422', () => {
    expect(check(req({ duration_frames: 12 })).code).toBe('schema_validation');
    expect(check(req({ segments: [] })).code).toBe('schema_validation');
    expect(check(req({ segments: [], duration_frames: 30 })).code).toBe('schema_validation');
    const constraintsOnly = req({ segments: [], duration_frames: 30, constraints: [{ type: 'root_path', frames: [0, 29], positions_xz: [[0, 0], [0, 1]] }] });
    expect(check(constraintsOnly).code).toBeUndefined();
  });

  it('B18: pose has no duration_frames, counts 1 frame, needs "pose" listed (unsupported_segment)', () => {
    const pose: Segment = { type: 'pose', prompt: 'a T pose' };
    expect(check(req({ segments: [pose] }))).toMatchObject({ code: 'unsupported_segment', status: 400, details: { supported_segments: ['text', 'unconditioned'] } });
    const withPose = spec({ supported_segments: ['text', 'unconditioned', 'pose'] });
    expect(check(req({ segments: [pose] }), withPose).code).toBeUndefined();
    expect(check(req({ segments: [{ ...pose, duration_frames: 1 } as Segment] }), withPose).code).toBe('schema_validation');
    const kf = req({ segments: [pose], constraints: [{ type: 'pose_keyframe', frame: 1, joint_rotations: { Hips: ID } }] });
    expect(check(kf, withPose)).toMatchObject({ code: 'frame_out_of_range', details: { frame: 1, total_frames: 1 } });
  });

  it('B19: optional fields only when advertised (seed, loop, references, ground_height, batch)', () => {
    const seeded = req({ segments: [{ type: 'text', prompt: 'walk', duration_frames: 12, seed: 3 }] });
    expect(check(seeded).code).toBe('schema_validation');
    expect(errorsOf(seeded)[0]!.loc).toEqual(['segments', 0, 'text', 'seed']);
    expect(check(seeded, spec({ supports_segment_seed: true })).code).toBeUndefined();
    const gated = gateRequest(seeded, spec());
    expect(gated.removed).toEqual(['segments.0.seed']);
    expect(check(gated.request).code).toBeUndefined();
    expect(check(req({ options: { loop: true } }))).toMatchObject({ code: 'invalid_options', details: { model: 'null' } });
    expect(check(req({ segments: [motionRef(10)] })).code).toBe('unsupported_segment');
    expect(check(req({ segments: [{ type: 'video_reference', duration_frames: 10, video: { url: 'https://x.test/a.mp4' }, end_s: 1 }] })).code).toBe('unsupported_segment');
    expect(check(req({ constraints: [{ type: 'ground_height', points: [[0, 0, 0]] }] }))).toMatchObject({
      code: 'unsupported_constraint',
      details: { supported_constraints: ['root_path', 'effector_target', 'pose_keyframe'] },
    });
    const noBatch = { ...caps(), models: [spec({ supports_batch: false })] };
    expect(validateBatch({ protocol_version: '1.3', requests: [req()] }, noBatch).batch?.code).toBe('schema_validation');
  });

  it('B20: options.loop needs exactly one segment and a supports_loop model', () => {
    const loopy = spec({ supports_loop: true });
    expect(check(req({ options: { loop: true } }), loopy).code).toBeUndefined();
    const two = req({ options: { loop: true }, segments: [{ type: 'text', prompt: 'a', duration_frames: 10 }, { type: 'text', prompt: 'b', duration_frames: 10 }] });
    const e = validateRequest(two, loopy);
    expect([e?.code, e?.details.segments]).toEqual(['invalid_options', 2]);
    expect(e?.message).toMatch(/one segment/);
    const gated = gateRequest(req({ options: { loop: false, num_samples: 1 } }), spec());
    expect(gated.request.options).toEqual({ num_samples: 1 });
  });

  it('B21: num_samples 1..16 (422) and ≤ max_num_samples (400)', () => {
    expect(check(req({ options: { num_samples: 17 } })).code).toBe('schema_validation');
    expect(check(req({ options: { num_samples: 0 } })).code).toBe('schema_validation');
    const four = spec({ limits: { ...spec().limits, max_num_samples: 4 } });
    expect(check(req({ options: { num_samples: 5 } }), four)).toMatchObject({ code: 'invalid_options', status: 400 });
    expect(check(req({ options: { num_samples: 4 } }), four).code).toBeUndefined();
  });

  it('B22: guidance takes 0/1/2 weights for nocfg/regular/separated', () => {
    expect(check(req({ options: { guidance: { type: 'nocfg', weight: [] } } })).code).toBeUndefined();
    expect(check(req({ options: { guidance: { type: 'regular', weight: [2.5] } } })).code).toBeUndefined();
    expect(check(req({ options: { guidance: { type: 'separated', weight: [1, 2] } } })).code).toBeUndefined();
    expect(check(req({ options: { guidance: { type: 'regular', weight: [1, 2] } } })).code).toBe('schema_validation');
    expect(check(req({ options: { guidance: { type: 'nocfg', weight: [1] } } })).code).toBe('schema_validation');
  });

  it('B23: total_frames / effective fps ≤ max_duration_seconds (400 invalid_options)', () => {
    const long = req({ segments: [{ type: 'text', prompt: 'walk', duration_frames: 901 }] });
    expect(check(long)).toMatchObject({ code: 'invalid_options', details: { max_duration_seconds: 30 } });
    expect(check(req({ segments: [{ type: 'text', prompt: 'walk', duration_frames: 900 }] })).code).toBeUndefined();
    expect(check({ ...long, timing: { fps: 60 } }).code).toBeUndefined();
  });

  it('B24: prompts are 1..max_prompt_length code points (not UTF-16 units), NFC', () => {
    const s = spec({ limits: { ...spec().limits, max_prompt_length: 10 } });
    const emoji = '🕺'.repeat(10);
    expect(emoji.length).toBe(20);
    expect(codePointLength(emoji)).toBe(10);
    expect(check(req({ segments: [{ type: 'text', prompt: emoji, duration_frames: 12 }] }), s).code).toBeUndefined();
    expect(check(req({ segments: [{ type: 'text', prompt: `${emoji}!`, duration_frames: 12 }] }), s)).toMatchObject({ code: 'invalid_options', details: { max_prompt_length: 10, prompt_length: 11 } });
    expect(check(req({ segments: [{ type: 'text', prompt: '', duration_frames: 12 }] })).code).toBe('schema_validation');
    const nfd = req({ segments: [{ type: 'text', prompt: 'cafe\u0301 walk', duration_frames: 12 }] });
    expect(check(nfd).code).toBe('schema_validation');
    expect(errorsOf(nfd)[0]!.type).toBe('client_rule');
    const fixed = normalizeRequest(nfd);
    expect((fixed.segments![0] as { prompt: string }).prompt).toBe('café walk');
    expect(check(fixed).code).toBeUndefined();
  });

  it('B25: joint names NFC, 1–128 code points, no control chars, no surrounding spaces, unique', () => {
    const named = (name: string): GenerateRequest => {
      const r = req();
      r.skeleton.joints[4]!.name = name;
      return r;
    };
    const s = retargeting();
    expect(check(named('x'.repeat(129)), s).code).toBe('schema_validation');
    expect(check(named('🦴'.repeat(128)), s).code).toBeUndefined();
    for (const bad of ['Right\u0007Foot', ' RightFoot', 'RightFoot\t', 'Fu\u0308ß']) {
      const r = named(bad);
      expect(check(r, s).code, JSON.stringify(bad)).toBe('schema_validation');
      expect(errorsOf(r, s)[0]).toMatchObject({ loc: ['skeleton', 'joints', 4, 'name'], type: 'client_rule' });
    }
    expect(check(normalizeRequest(named('Fu\u0308ß')), s).code).toBeUndefined();
    expect(check(named('LeftFoot'), s).code).toBe('invalid_skeleton');
  });

  it('B26: zero roots, several roots, child before parent → invalid_skeleton with details.errors[].loc', () => {
    const s = retargeting();
    const noRoot = req();
    noRoot.skeleton.joints[0]!.parent = 'Head';
    expect(check(noRoot, s)).toMatchObject({ code: 'invalid_skeleton', status: 400 });
    const twoRoots = req();
    twoRoots.skeleton.joints[3]!.parent = null;
    expect(errorsOf(twoRoots, s)[0]!.loc.slice(0, 3)).toEqual(['skeleton', 'joints', 3]);
    const order = req();
    order.skeleton.joints = [order.skeleton.joints[1]!, order.skeleton.joints[0]!, ...order.skeleton.joints.slice(2)];
    expect(check(order, s).code).toBe('invalid_skeleton');
    const segSkel = mixamoSkeleton();
    segSkel.joints[1]!.parent = 'nowhere';
    const withRef = retargeting({ supported_segments: ['text', 'motion_reference'] });
    const e = check(req({ segments: [motionRef(4, ['mixamorig:Hips', 'mixamorig:Spine'], { skeleton: segSkel })] }), withRef);
    expect(e.code).toBe('invalid_skeleton');
    expect((e.details.errors as Array<{ loc: unknown[] }>)[0]!.loc.slice(0, 4)).toEqual(['segments', 0, 'motion_reference', 'skeleton']);
  });

  it('B27: quaternions exactly 4 finite numbers, vectors exactly 3', () => {
    const r3 = req();
    r3.skeleton.joints[1]!.rest_rotation = [0, 0, 1] as unknown as Quat;
    expect(check(r3).code).toBe('schema_validation');
    const v2 = req();
    v2.skeleton.joints[1]!.rest_translation = [0, 1] as unknown as [number, number, number];
    expect(check(v2).code).toBe('schema_validation');
    const nan = req({ constraints: [{ type: 'pose_keyframe', frame: 0, joint_rotations: { Hips: [0, NaN, 0, 1] } }] });
    expect(errorsOf(nan)[0]!.loc).toEqual(['constraints', 0, 'pose_keyframe', 'joint_rotations', 'Hips', 1]);
  });

  it('B28: rest rotations must be identity; normalizeRequest fills missing ones', () => {
    const r = req();
    r.skeleton.joints[2]!.rest_rotation = [0, 0.7071, 0, 0.7071];
    expect(errorsOf(r)[0]).toMatchObject({ loc: ['skeleton', 'joints', 2, 'rest_rotation'], type: 'client_rule' });
    const missing = req();
    delete missing.skeleton.joints[2]!.rest_rotation;
    expect(normalizeRequest(missing).skeleton.joints[2]!.rest_rotation).toEqual([0, 0, 0, 1]);
  });

  it('B29: frames in [0, total−1], root_path strictly ascending, per-frame arrays match frames', () => {
    const short = req({ segments: [{ type: 'text', prompt: 'x', duration_frames: 10 }], constraints: [{ type: 'pose_keyframe', frame: 99, joint_rotations: { Hips: ID } }] });
    expect(check(short)).toEqual({ code: 'frame_out_of_range', status: 400, details: { frame: 99, total_frames: 10 } });
    expect(check(req({ constraints: [{ type: 'root_path', frames: [5, 3], positions_xz: [[0, 0], [0, 1]] }] })).code).toBe('schema_validation');
    const mismatch = req({ constraints: [{ type: 'root_path', frames: [0, 5], positions_xz: [[0, 0]] }] });
    expect(check(mismatch).code).toBe('schema_validation');
    expect(JSON.stringify(check(mismatch).details)).toContain('positions_xz must have length 2');
  });

  it('B30: effector_target / pose_keyframe joints must be request joints (unknown_joint, sorted list)', () => {
    const e = check(req({ constraints: [{ type: 'effector_target', joint: 'LeftHand', frames: [0], positions: [[0, 1, 0]] }] }));
    expect(e).toEqual({ code: 'unknown_joint', status: 400, details: { skeleton_joints: ['Head', 'Hips', 'LeftFoot', 'RightFoot', 'Spine'] } });
    expect(check(req({ constraints: [{ type: 'pose_keyframe', frame: 0, joint_rotations: { Hips: ID, Tail: ID } }] })).code).toBe('unknown_joint');
  });

  it('B31: more constraints than max_constraints_per_request → invalid_options', () => {
    const s = spec({ limits: { ...spec().limits, max_constraints_per_request: 2 } });
    const k = { type: 'pose_keyframe' as const, frame: 0, joint_rotations: { Hips: ID } };
    expect(check(req({ constraints: [k, k] }), s).code).toBeUndefined();
    expect(check(req({ constraints: [k, k, k] }), s)).toMatchObject({ code: 'invalid_options', details: { max_constraints_per_request: 2, constraints: 3 } });
  });

  it('B32: ground_height points are [x,z,y], ≥1, finite, no extra keys, no frame check', () => {
    const s = spec({ supported_constraints: ['root_path', 'effector_target', 'pose_keyframe', 'ground_height'] });
    const GROUND: Array<[number, number, number]> = [[0, 0, 0], [0, 3, 0], [0, 4.5, -0.6], [0, 7, -0.6], [500, 500, 2]];
    expect(check(req({ constraints: [{ type: 'ground_height', points: GROUND }] }), s).code).toBeUndefined();
    expect(check(req({ constraints: [{ type: 'ground_height', points: [] }] }), s).code).toBe('schema_validation');
    expect(check(req({ constraints: [{ type: 'ground_height', points: [[0, 0, Infinity]] }] }), s).code).toBe('schema_validation');
    expect(check(req({ constraints: [{ type: 'ground_height', points: [[0, 0, 0]], frames: [0] } as never] }), s).code).toBe('schema_validation');
  });

  it('B33: motion_reference shapes, root joint (invalid_request) and max_reference_frames', () => {
    const s = retargeting({ supported_segments: ['text', 'motion_reference'], limits: { ...spec().limits, max_reference_frames: 300 } });
    expect(check(req({ segments: [motionRef(2)] }), s).code).toBeUndefined();
    expect(check(req({ segments: [motionRef(1)] }), s).code).toBe('schema_validation');
    const bad = motionRef(3) as { root_positions: unknown[] };
    bad.root_positions.pop();
    expect(check(req({ segments: [bad as Segment] }), s).code).toBe('schema_validation');
    const perFrame = motionRef(3) as { rotations: Quat[][] };
    perFrame.rotations[1]!.pop();
    expect(check(req({ segments: [perFrame as unknown as Segment] }), s).code).toBe('schema_validation');
    expect(check(req({ segments: [motionRef(3, ['Hips', 'Hips'])] }), s).code).toBe('schema_validation');
    expect(check(req({ segments: [motionRef(3, ['Hips'], { fps: 0 })] }), s).code).toBe('schema_validation');
    expect(check(req({ segments: [motionRef(3, ['Hips'], { duration_frames: 0 })] }), s).code).toBe('schema_validation');
    const nan = motionRef(3) as { root_positions: number[][] };
    nan.root_positions[2]![1] = NaN;
    expect(check(req({ segments: [nan as unknown as Segment] }), s).code).toBe('schema_validation');
    expect(check(req({ segments: [motionRef(3, ['Spine', 'Head'])] }), s)).toEqual({ code: 'invalid_request', status: 400, details: { root_joint: 'Hips', segment: 0 } });
    expect(check(req({ segments: [motionRef(301)] }), s)).toEqual({ code: 'invalid_options', status: 400, details: { max_reference_frames: 300, reference_frames: 301, segment: 0 } });
  });

  it('B34: a clip from another rig carries its skeleton and names; non-canonical needs retargeting', () => {
    const withRef = retargeting({ supported_segments: ['text', 'motion_reference'] });
    const mix = motionRef(4, ['mixamorig:Hips', 'mixamorig:Spine'], { skeleton: mixamoSkeleton() });
    expect(check(req({ segments: [mix] }), withRef).code).toBeUndefined();
    const wrongNames = motionRef(4, ['Hips', 'Spine'], { skeleton: mixamoSkeleton() });
    expect(check(req({ segments: [wrongNames] }), withRef)).toMatchObject({ code: 'unknown_joint', details: { skeleton_joints: ['mixamorig:Hips', 'mixamorig:Spine'] } });
    const noRetarget = spec({ supported_segments: ['text', 'motion_reference'] });
    expect(check(req({ segments: [mix] }), noRetarget).code).toBe('retargeting_unsupported');
  });

  it('B35: motion_reference must not carry fidelity or prompt', () => {
    const s = retargeting({ supported_segments: ['text', 'motion_reference'] });
    expect(check(req({ segments: [motionRef(3, ['Hips'], { fidelity: 0 })] }), s).code).toBe('schema_validation');
    expect(check(req({ segments: [motionRef(3, ['Hips'], { prompt: 'x' })] }), s).code).toBe('schema_validation');
  });

  it('B36: video_reference sources, base64 strictness, trim window, no person', () => {
    const s = spec({ supported_segments: ['text', 'video_reference'] });
    const vid = (video: unknown, over: Record<string, unknown> = {}): GenerateRequest => req({ segments: [{ type: 'video_reference', duration_frames: 30, video, start_s: 0, end_s: 2, ...over } as Segment] });
    expect(check(vid({ url: 'https://example.com/clip.mp4' }), s).code).toBeUndefined();
    expect(check(vid({ url: 'HTTPS://example.com:8443/clip.mp4' }), s).code).toBeUndefined();
    expect(check(vid({ data: 'QUJD', media_type: 'video/mp4' }), s).code).toBeUndefined();
    for (const url of ['http://example.com/a.mp4', 'https://user:pw@example.com/a.mp4', 'https://exa mple.com/a.mp4', 'https://example.com:99999/a', `https://example.com/${'a'.repeat(4100)}`, 'https:///a.mp4']) {
      expect(check(vid({ url }), s).code, url).toBe('schema_validation');
    }
    expect(check(vid({ url: 'https://example.com/a.mp4', media_type: 'video/mp4' }), s).code).toBe('schema_validation');
    for (const data of ['QUJD\nREVG', 'QUJD REVG', 'QUJ', 'QUJD=REVG', 'QU==QUJD', 'QUJD-_==', 'QQ===', 'QUJDRA', '====', '']) {
      expect(check(vid({ data, media_type: 'video/mp4' }), s).code, JSON.stringify(data)).toBe('schema_validation');
    }
    expect(check(vid({ data: 'QUJD', media_type: 'video/avi' }), s).code).toBe('schema_validation');
    expect(check(vid({ url: 'https://example.com/a.mp4', data: 'QUJD', media_type: 'video/mp4' }), s).code).toBe('schema_validation');
    expect(check(vid({ url: 'https://example.com/a.mp4' }, { start_s: 2, end_s: 2 }), s).code).toBe('schema_validation');
    expect(check(vid({ url: 'https://example.com/a.mp4' }, { start_s: -1 }), s).code).toBe('schema_validation');
    expect(check(vid({ url: 'https://example.com/a.mp4' }, { fps: 0 }), s).code).toBe('schema_validation');
    expect(check(vid({ url: 'https://example.com/a.mp4' }, { person: 0 }), s).code).toBe('schema_validation');
    const capped = spec({ supported_segments: ['text', 'video_reference'], limits: { ...spec().limits, max_video_seconds: 1.5, max_video_bytes: 2 } });
    expect(check(vid({ url: 'https://example.com/a.mp4' }), capped)).toEqual({ code: 'invalid_options', status: 400, details: { max_video_seconds: 1.5, video_seconds: 2, segment: 0 } });
    expect(check(vid({ data: 'QUJD', media_type: 'video/mp4' }, { end_s: 1 }), capped)).toEqual({ code: 'payload_too_large', status: 413, details: { max_video_bytes: 2, video_bytes: 3, segment: 0 } });
  });

  it('B37: a local video file is base64-encoded with the media type from its extension, with size checks', () => {
    const mp4 = new Uint8Array(1036).map((_, i) => i % 251);
    const ok = encodeInlineVideo(mp4, 'take.M4V');
    expect(ok.ok && ok.video.media_type).toBe('video/mp4');
    expect(ok.ok && Buffer.from(ok.video.data, 'base64').equals(Buffer.from(mp4))).toBe(true);
    expect(encodeInlineVideo(mp4, 'take.mov').ok && (encodeInlineVideo(mp4, 'take.mov') as { video: { media_type: string } }).video.media_type).toBe('video/quicktime');
    expect(encodeInlineVideo(mp4, 'take.avi').ok).toBe(false);
    expect(encodeInlineVideo(mp4, 'take.avi', undefined, 'video/webm').ok).toBe(true);
    expect(encodeInlineVideo(new Uint8Array(0), 'empty.mp4').ok).toBe(false);
    const small = spec({ limits: { ...spec().limits, max_video_bytes: 1000 } });
    const over = encodeInlineVideo(mp4, 'take.mp4', small);
    expect(!over.ok && [over.error.code, over.error.status, over.error.details.video_bytes]).toEqual(['payload_too_large', 413, 1036]);
    const req1k = spec({ limits: { ...spec().limits, max_request_bytes: 1200 } });
    expect(encodeInlineVideo(mp4, 'take.mp4', req1k).ok).toBe(false);
  });

  it('B38: a body over max_request_bytes → payload_too_large {max_request_bytes, request_bytes} (UTF-8 bytes)', () => {
    const r = req({ segments: [{ type: 'text', prompt: 'é'.repeat(400), duration_frames: 12 }] });
    const bytes = Buffer.byteLength(JSON.stringify(r), 'utf8');
    expect(requestBytes(r)).toBe(bytes);
    const s = spec({ limits: { ...spec().limits, max_request_bytes: bytes - 1 } });
    expect(check(r, s)).toEqual({ code: 'payload_too_large', status: 413, details: { max_request_bytes: bytes - 1, request_bytes: bytes } });
    expect(check(r, spec({ limits: { ...spec().limits, max_request_bytes: bytes } })).code).toBeUndefined();
    expect(validateRequest(r, spec(), { maxRequestBytes: 100 })?.code).toBe('payload_too_large');
  });

  it('B39: no NaN/Infinity anywhere; the body is compact JSON', () => {
    const r = req({ constraints: [{ type: 'root_path', frames: [0], positions_xz: [[Infinity, 0]] }] });
    expect(check(r).code).toBe('schema_validation');
    const t = req();
    t.skeleton.joints[0]!.rest_translation = [0, NaN, 0];
    expect(check(t).code).toBe('schema_validation');
    const body = serializeRequest(req());
    expect(body).toBe(JSON.stringify(req()));
    expect(body).not.toMatch(/\n|": |", /);
  });

  it('B40: batch bodies: 1..max_batch_size items, foreign major refused whole, items inherit the version', () => {
    const c = caps();
    const items = (n: number): Array<Omit<GenerateRequest, 'protocol_version'>> =>
      Array.from({ length: n }, () => {
        const { protocol_version: _v, ...rest } = req();
        return rest;
      });
    expect(validateBatch({ protocol_version: '1.3', requests: items(17) }, c).batch).toMatchObject({ code: 'invalid_options', details: { max_batch_size: 16, requests: 17 } });
    expect(validateBatch({ protocol_version: '1.3', requests: [] }, c).batch?.code).toBe('schema_validation');
    expect(validateBatch({ protocol_version: '2.0', requests: items(1) }, c).batch?.code).toBe('version_unsupported');
    const ok = validateBatch({ protocol_version: '1.3', requests: [...items(2), { ...req(), model: 'nope' }] }, c);
    expect(ok.batch).toBeNull();
    expect(ok.items.map((e) => e?.code ?? null)).toEqual([null, null, 'unknown_model']);
  });
});

describe('garbage in', () => {
  it('a model spec without limits or canonical skeleton validates what it can (no caps, no retargeting check)', () => {
    const bare = { id: 'null' } as unknown as ModelSpec;
    expect(validateRequest(req({ options: { num_samples: 16 } }), bare)).toBeNull();
    expect(validateRequest(req({ segments: [{ type: 'text', prompt: 'x'.repeat(5000), duration_frames: 5000 }] }), bare)).toBeNull();
    expect(validateRequest(req({ segments: [{ type: 'pose', prompt: 'x' }] }), bare)?.code).toBe('unsupported_segment');
    expect(validateAgainstCapabilities(req(), { models: [{ id: 'null' }] } as unknown as Capabilities)).toBeNull();
  });

  it('never throws on non-objects, circular or non-JSON values', () => {
    for (const bad of [undefined, null, 42, 'x', [], { a: 1n }]) expect(validateRequest(bad, spec())?.code).toBe('schema_validation');
    const circ: Record<string, unknown> = { ...req() };
    circ.self = circ;
    expect(validateRequest(circ, spec())?.code).toBe('schema_validation');
  });
});

describe('§6.5 order', () => {
  it('version_unsupported comes before schema errors', () => {
    expect(check({ ...req({ protocol_version: '2.0' }), bogus: 1 }).code).toBe('version_unsupported');
    expect(check(req({ protocol_version: '2.0' })).details).toEqual({ supported_majors: ['1'] });
  });

  it('unsupported_segment (known type) comes before schema errors; unknown types are 422', () => {
    expect(check({ ...req({ segments: [{ type: 'pose', prompt: 'x' }] }), bogus: 1 }).code).toBe('unsupported_segment');
    expect(check(req({ segments: [{ type: 'dance' } as unknown as Segment] })).code).toBe('schema_validation');
  });

  it('schema before unknown_model; unknown_model (with available_models) before retargeting', () => {
    expect(check({ ...req({ model: 'other' }), bogus: 1 }).code).toBe('schema_validation');
    const r = req({ model: 'other' });
    r.skeleton.joints[0]!.name = 'Root';
    r.skeleton.joints[1]!.parent = 'Root';
    r.skeleton.joints[3]!.parent = 'Root';
    r.skeleton.joints[4]!.parent = 'Root';
    expect(check(r)).toEqual({ code: 'unknown_model', status: 400, details: { available_models: ['null'] } });
    const many = { ...caps(), models: [spec({ id: 'zeta' }), spec({ id: 'alpha' })] };
    expect(validateAgainstCapabilities(r, many)?.details).toEqual({ available_models: ['alpha', 'zeta'] });
  });

  it('retargeting before constraints; constraint type before joints before frames; then count, samples, prompt, duration', () => {
    const s = spec({ limits: { ...spec().limits, max_constraints_per_request: 1, max_num_samples: 1, max_prompt_length: 3, max_duration_seconds: 0.1 } });
    const all: GenerateRequest = req({
      constraints: [
        { type: 'pose_keyframe', frame: 50, joint_rotations: { Tail: ID } },
        { type: 'pose_keyframe', frame: 0, joint_rotations: { Hips: ID } },
      ],
      options: { num_samples: 2 },
    });
    expect(check(all, s).code).toBe('unknown_joint');
    all.constraints![0] = { type: 'pose_keyframe', frame: 50, joint_rotations: { Hips: ID } };
    expect(check(all, s).code).toBe('frame_out_of_range');
    all.constraints![0] = { type: 'pose_keyframe', frame: 5, joint_rotations: { Hips: ID } };
    expect(check(all, s).details).toMatchObject({ max_constraints_per_request: 1 });
    all.constraints!.pop();
    expect(check(all, s).details).toMatchObject({ max_num_samples: 1 });
    all.options = {};
    expect(check(all, s).details).toMatchObject({ max_prompt_length: 3 });
    all.segments = [{ type: 'text', prompt: 'go', duration_frames: 12 }];
    expect(check(all, s).details).toMatchObject({ max_duration_seconds: 0.1 });
  });

  it('a request the SDK would refuse gets the server code before any client-only rule', () => {
    const r = req({ segments: [{ type: 'text', prompt: 'cafe\u0301', duration_frames: 12 }], options: { num_samples: 99 } });
    expect(check(r).code).toBe('schema_validation');
    expect(errorsOf(r)[0]!.type).not.toBe('client_rule');
  });
});
