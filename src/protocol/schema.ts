/**
 * Structural ("schema") checks of a GenerateRequest, mirroring the SDK's pydantic models
 * (`extra="forbid"` everywhere) plus skeleton topology (`invalid_skeleton`, SDK ≥ 0.10).
 * Pure: no I/O. Used by {@link validateRequest}.
 */
import { codePointLength } from './text.js';
import { CONSTRAINT_TYPES, SEGMENT_TYPES, type ValidationIssue } from './types.js';

type Loc = Array<string | number>;
type Obj = Record<string, unknown>;

/** Issues found by {@link collectSchemaIssues}, split the way the SDK reports them. */
export interface SchemaIssues {
  /** Topology problems (→ `400 invalid_skeleton`). */
  topology: ValidationIssue[];
  /** Every other structural problem (→ `422 schema_validation`). */
  schema: ValidationIssue[];
}

const VERSION_RE = /^\d+\.\d+$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MEDIA_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

class Collector {
  readonly out: SchemaIssues = { topology: [], schema: [] };
  add(loc: Loc, msg: string, type = 'value_error'): void {
    this.out.schema.push({ loc, msg, type });
  }
  topo(loc: Loc, msg: string): void {
    this.out.topology.push({ loc, msg, type: 'invalid_skeleton' });
  }
  keys(obj: Obj, loc: Loc, allowed: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k)) this.add([...loc, k], 'Extra inputs are not permitted', 'extra_forbidden');
    }
  }
  int(v: unknown, loc: Loc, min: number, max = Infinity): boolean {
    if (!isInt(v)) {
      this.add(loc, 'Input should be a valid integer', 'int_type');
      return false;
    }
    if (v < min || v > max) {
      this.add(loc, max === Infinity ? `Input should be greater than or equal to ${min}` : `Input should be between ${min} and ${max}`);
      return false;
    }
    return true;
  }
  optInt(obj: Obj, key: string, loc: Loc, min: number, max = Infinity, nullable = false): void {
    const v = obj[key];
    if (v === undefined || (nullable && v === null)) return;
    this.int(v, [...loc, key], min, max);
  }
  positive(v: unknown, loc: Loc): boolean {
    if (!isNum(v)) {
      this.add(loc, 'Input should be a finite number', 'finite_number');
      return false;
    }
    if (v <= 0) {
      this.add(loc, 'Input should be greater than 0');
      return false;
    }
    return true;
  }
  str(v: unknown, loc: Loc, minLen = 0): v is string {
    if (typeof v !== 'string') {
      this.add(loc, 'Input should be a valid string', 'string_type');
      return false;
    }
    if (codePointLength(v) < minLen) {
      this.add(loc, `String should have at least ${minLen} character${minLen === 1 ? '' : 's'}`, 'string_too_short');
      return false;
    }
    return true;
  }
  vec(v: unknown, loc: Loc, n: number): void {
    if (!Array.isArray(v)) {
      this.add(loc, `Input should be a list of ${n} numbers`, 'list_type');
      return;
    }
    if (v.length !== n) {
      this.add(loc, `Input should be a list of exactly ${n} numbers, got ${v.length}`, 'too_short');
      return;
    }
    v.forEach((x, i) => {
      if (!isNum(x)) this.add([...loc, i], 'Input should be a finite number', 'finite_number');
    });
  }
  list(v: unknown, loc: Loc, minLen: number): v is unknown[] {
    if (!Array.isArray(v)) {
      this.add(loc, 'Input should be a valid list', 'list_type');
      return false;
    }
    if (v.length < minLen) {
      this.add(loc, `List should have at least ${minLen} item${minLen === 1 ? '' : 's'}`, 'too_short');
      return false;
    }
    return true;
  }
  sameLength(arr: unknown, name: string, n: number, loc: Loc): boolean {
    if (Array.isArray(arr) && arr.length !== n) {
      this.add(loc, `${name} must have length ${n}`);
      return false;
    }
    return true;
  }
}

function checkSkeleton(c: Collector, sk: unknown, loc: Loc): void {
  if (!isObj(sk)) {
    c.add(loc, 'Input should be a valid object', 'model_type');
    return;
  }
  c.keys(sk, loc, ['joints', 'coordinate_system', 'units']);
  if (sk.coordinate_system !== undefined && sk.coordinate_system !== 'right_handed_y_up') {
    c.add([...loc, 'coordinate_system'], "Input should be 'right_handed_y_up'", 'literal_error');
  }
  if (sk.units !== undefined && sk.units !== 'meters') c.add([...loc, 'units'], "Input should be 'meters'", 'literal_error');
  const joints = sk.joints;
  if (!c.list(joints, [...loc, 'joints'], 1)) return;
  const seen = new Set<string>();
  let roots = 0;
  joints.forEach((j, i) => {
    const jl = [...loc, 'joints', i];
    if (!isObj(j)) {
      c.add(jl, 'Input should be a valid object', 'model_type');
      return;
    }
    c.keys(j, jl, ['name', 'parent', 'rest_translation', 'rest_rotation', 'display_name']);
    if (c.str(j.name, [...jl, 'name'], 1) && codePointLength(j.name) > 128) {
      c.add([...jl, 'name'], 'String should have at most 128 characters', 'string_too_long');
    }
    if (j.parent !== null && typeof j.parent !== 'string') c.add([...jl, 'parent'], 'Input should be a valid string or null', 'string_type');
    c.vec(j.rest_translation, [...jl, 'rest_translation'], 3);
    if (j.rest_rotation !== undefined) c.vec(j.rest_rotation, [...jl, 'rest_rotation'], 4);
    if (j.display_name !== undefined && j.display_name !== null) {
      if (c.str(j.display_name, [...jl, 'display_name']) && codePointLength(j.display_name) > 256) {
        c.add([...jl, 'display_name'], 'String should have at most 256 characters', 'string_too_long');
      }
    }
    if (typeof j.name !== 'string') return;
    if (seen.has(j.name)) c.topo([...jl, 'name'], `duplicate joint name '${j.name}'`);
    if (j.parent === null) {
      roots++;
      if (roots > 1) c.topo([...jl, 'parent'], `more than one root joint ('${j.name}' has no parent)`);
    } else if (typeof j.parent === 'string') {
      if (j.parent === j.name) c.topo([...jl, 'parent'], `joint '${j.name}' is its own parent`);
      else if (!seen.has(j.parent)) {
        const later = joints.some((k, m) => m > i && isObj(k) && k.name === j.parent);
        c.topo([...jl, 'parent'], later ? `joint '${j.name}' is listed before its parent '${j.parent}'` : `parent '${j.parent}' of joint '${j.name}' is not a joint of this skeleton`);
      }
    }
    seen.add(j.name);
  });
  if (roots === 0 && joints.every(isObj)) c.topo(loc, 'skeleton has no root joint (exactly one joint must have parent null)');
}

function checkSegment(c: Collector, s: unknown, loc: Loc): void {
  if (!isObj(s)) {
    c.add(loc, 'Input should be a valid object', 'model_type');
    return;
  }
  const type = s.type;
  if (typeof type !== 'string' || !(SEGMENT_TYPES as readonly string[]).includes(type)) {
    c.add([...loc, 'type'], `Input tag '${String(type)}' does not match any of the expected tags: ${SEGMENT_TYPES.join(', ')}`, 'union_tag_invalid');
    return;
  }
  const tl = [...loc, type];
  const seed = (): void => c.optInt(s, 'seed', tl, -Infinity, Infinity, true);
  const lang = (): void => {
    if (s.language !== undefined && s.language !== null) c.str(s.language, [...tl, 'language']);
  };
  switch (type) {
    case 'text':
      c.keys(s, tl, ['type', 'prompt', 'duration_frames', 'language', 'seed']);
      c.str(s.prompt, [...tl, 'prompt'], 1);
      c.int(s.duration_frames, [...tl, 'duration_frames'], 1);
      lang();
      seed();
      break;
    case 'unconditioned':
      c.keys(s, tl, ['type', 'duration_frames', 'seed']);
      c.int(s.duration_frames, [...tl, 'duration_frames'], 1);
      seed();
      break;
    case 'pose':
      c.keys(s, tl, ['type', 'prompt', 'language', 'seed']);
      c.str(s.prompt, [...tl, 'prompt'], 1);
      lang();
      seed();
      break;
    case 'motion_reference':
      checkMotionReference(c, s, tl);
      seed();
      break;
    case 'video_reference':
      checkVideoReference(c, s, tl);
      seed();
      break;
  }
}

function checkMotionReference(c: Collector, s: Obj, tl: Loc): void {
  c.keys(s, tl, ['type', 'duration_frames', 'joint_names', 'rotations', 'root_positions', 'fps', 'skeleton', 'seed']);
  c.int(s.duration_frames, [...tl, 'duration_frames'], 1);
  c.positive(s.fps, [...tl, 'fps']);
  let jointCount = -1;
  if (c.list(s.joint_names, [...tl, 'joint_names'], 1)) {
    const names = s.joint_names;
    names.forEach((n, i) => c.str(n, [...tl, 'joint_names', i], 1));
    if (new Set(names).size !== names.length) c.add([...tl, 'joint_names'], 'joint_names must be unique');
    jointCount = names.length;
  }
  if (c.list(s.rotations, [...tl, 'rotations'], 2)) {
    s.rotations.forEach((frame, t) => {
      const fl = [...tl, 'rotations', t];
      if (!Array.isArray(frame)) return c.add(fl, 'Input should be a valid list', 'list_type');
      if (jointCount >= 0 && frame.length !== jointCount) c.add(fl, `each frame must have one rotation per joint_names entry (${jointCount})`);
      frame.forEach((q, j) => c.vec(q, [...fl, j], 4));
    });
  }
  if (c.list(s.root_positions, [...tl, 'root_positions'], 2)) {
    s.root_positions.forEach((p, t) => c.vec(p, [...tl, 'root_positions', t], 3));
    if (Array.isArray(s.rotations) && s.rotations.length !== s.root_positions.length) {
      c.add([...tl, 'root_positions'], `root_positions must have length ${s.rotations.length} (one per rotations frame)`);
    }
  }
  if (s.skeleton !== undefined) checkSkeleton(c, s.skeleton, [...tl, 'skeleton']);
}

/** True when `url` is an `https://` URL with a host, no credentials, no whitespace, ≤ 4096 chars. */
export function isAcceptableVideoUrl(url: string): boolean {
  if (url.length > 4096 || /[\s\u0000-\u001f\u007f]/.test(url)) return false;
  if (!/^https:\/\/[^/?#@]/i.test(url)) return false;
  try {
    const u = new URL(url);
    return u.hostname !== '' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** True when `data` is one-line, standard, padded RFC 4648 base64 (non-empty). */
export function isStrictBase64(data: string): boolean {
  return data.length > 0 && data.length % 4 === 0 && BASE64_RE.test(data);
}

function checkVideoReference(c: Collector, s: Obj, tl: Loc): void {
  c.keys(s, tl, ['type', 'duration_frames', 'video', 'start_s', 'end_s', 'fps', 'seed']);
  c.int(s.duration_frames, [...tl, 'duration_frames'], 1);
  const vl = [...tl, 'video'];
  const v = s.video;
  if (!isObj(v)) c.add(vl, 'Input should be a valid object', 'model_type');
  else if ('url' in v) {
    c.keys(v, vl, ['url']);
    if (c.str(v.url, [...vl, 'url'], 1) && !isAcceptableVideoUrl(v.url)) {
      c.add([...vl, 'url'], 'url must be an https:// URL with a host, no credentials, no whitespace, at most 4096 characters');
    }
  } else if ('data' in v) {
    c.keys(v, vl, ['data', 'media_type']);
    if (c.str(v.data, [...vl, 'data'], 1) && !isStrictBase64(v.data)) c.add([...vl, 'data'], 'data must be standard padded base64 on one line');
    if (typeof v.media_type !== 'string' || !MEDIA_TYPES.includes(v.media_type)) {
      c.add([...vl, 'media_type'], `media_type must be one of ${MEDIA_TYPES.join(', ')}`, 'literal_error');
    }
  } else c.add(vl, 'video must have exactly one of url or data');
  const start = s.start_s ?? 0;
  if (!isNum(start) || start < 0) c.add([...tl, 'start_s'], 'start_s must be a finite number ≥ 0');
  if (!isNum(s.end_s)) c.add([...tl, 'end_s'], 'end_s must be a finite number');
  else if (isNum(start) && s.end_s <= start) c.add([...tl, 'end_s'], 'end_s must be greater than start_s');
  if (s.fps !== undefined) c.positive(s.fps, [...tl, 'fps']);
}

function checkFrames(c: Collector, v: unknown, loc: Loc): number {
  if (!c.list(v, loc, 1)) return -1;
  let prev = -1;
  v.forEach((f, i) => {
    if (!c.int(f, [...loc, i], 0)) return;
    const n = f as number;
    if (n <= prev) c.add(loc, 'frames must be strictly ascending');
    prev = n;
  });
  return v.length;
}

function checkConstraint(c: Collector, k: unknown, loc: Loc): void {
  if (!isObj(k)) {
    c.add(loc, 'Input should be a valid object', 'model_type');
    return;
  }
  const type = k.type;
  if (typeof type !== 'string' || !(CONSTRAINT_TYPES as readonly string[]).includes(type)) {
    c.add([...loc, 'type'], `Input tag '${String(type)}' does not match any of the expected tags: ${CONSTRAINT_TYPES.join(', ')}`, 'union_tag_invalid');
    return;
  }
  const tl = [...loc, type];
  if (type === 'root_path') {
    c.keys(k, tl, ['type', 'frames', 'positions_xz', 'heading_radians']);
    const n = checkFrames(c, k.frames, [...tl, 'frames']);
    if (c.list(k.positions_xz, [...tl, 'positions_xz'], 1)) {
      if (n >= 0) c.sameLength(k.positions_xz, 'positions_xz', n, [...tl, 'positions_xz']);
      k.positions_xz.forEach((p, i) => c.vec(p, [...tl, 'positions_xz', i], 2));
    }
    if (k.heading_radians !== undefined && c.list(k.heading_radians, [...tl, 'heading_radians'], 0)) {
      if (n >= 0) c.sameLength(k.heading_radians, 'heading_radians', n, [...tl, 'heading_radians']);
      k.heading_radians.forEach((h, i) => {
        if (!isNum(h)) c.add([...tl, 'heading_radians', i], 'Input should be a finite number', 'finite_number');
      });
    }
  } else if (type === 'effector_target') {
    c.keys(k, tl, ['type', 'joint', 'frames', 'positions', 'rotations']);
    c.str(k.joint, [...tl, 'joint'], 1);
    const n = checkFrames(c, k.frames, [...tl, 'frames']);
    if (c.list(k.positions, [...tl, 'positions'], 1)) {
      if (n >= 0) c.sameLength(k.positions, 'positions', n, [...tl, 'positions']);
      k.positions.forEach((p, i) => c.vec(p, [...tl, 'positions', i], 3));
    }
    if (k.rotations !== undefined && c.list(k.rotations, [...tl, 'rotations'], 0)) {
      if (n >= 0) c.sameLength(k.rotations, 'rotations', n, [...tl, 'rotations']);
      k.rotations.forEach((q, i) => c.vec(q, [...tl, 'rotations', i], 4));
    }
  } else if (type === 'pose_keyframe') {
    c.keys(k, tl, ['type', 'frame', 'joint_rotations', 'root_position', 'fill_mode']);
    c.int(k.frame, [...tl, 'frame'], 0);
    const jr = k.joint_rotations;
    if (!isObj(jr) || Object.keys(jr).length < 1) c.add([...tl, 'joint_rotations'], 'joint_rotations must be an object with at least 1 entry');
    else for (const [name, q] of Object.entries(jr)) c.vec(q, [...tl, 'joint_rotations', name], 4);
    if (k.root_position !== undefined) c.vec(k.root_position, [...tl, 'root_position'], 3);
    if (k.fill_mode !== undefined && k.fill_mode !== 'generate' && k.fill_mode !== 'rest') {
      c.add([...tl, 'fill_mode'], "Input should be 'generate' or 'rest'", 'literal_error');
    }
  } else {
    c.keys(k, tl, ['type', 'points']);
    if (c.list(k.points, [...tl, 'points'], 1)) k.points.forEach((p, i) => c.vec(p, [...tl, 'points', i], 3));
  }
}

function checkOptions(c: Collector, o: unknown): void {
  if (o === undefined) return;
  const loc: Loc = ['options'];
  if (!isObj(o)) {
    c.add(loc, 'Input should be a valid object', 'model_type');
    return;
  }
  c.keys(o, loc, ['diffusion_steps', 'num_samples', 'seed', 'post_processing', 'transition_frames', 'guidance', 'loop']);
  c.optInt(o, 'diffusion_steps', loc, 1, 500);
  c.optInt(o, 'num_samples', loc, 1, 16);
  c.optInt(o, 'seed', loc, -Infinity, Infinity, true);
  c.optInt(o, 'transition_frames', loc, 0, 60);
  if (o.post_processing !== undefined && typeof o.post_processing !== 'boolean') c.add([...loc, 'post_processing'], 'Input should be a valid boolean', 'bool_type');
  if (o.loop !== undefined && typeof o.loop !== 'boolean') c.add([...loc, 'loop'], 'Input should be a valid boolean', 'bool_type');
  const g = o.guidance;
  if (g === undefined || g === null) return;
  const gl = [...loc, 'guidance'];
  if (!isObj(g)) return c.add(gl, 'Input should be a valid object', 'model_type');
  c.keys(g, gl, ['type', 'weight']);
  const want = ({ nocfg: 0, regular: 1, separated: 2 } as Record<string, number>)[String(g.type)];
  if (want === undefined) return c.add([...gl, 'type'], "Input should be 'nocfg', 'regular' or 'separated'", 'literal_error');
  if (!c.list(g.weight, [...gl, 'weight'], 0)) return;
  if (g.weight.length !== want) c.add([...gl, 'weight'], `guidance '${String(g.type)}' takes ${want} weight${want === 1 ? '' : 's'}, got ${g.weight.length}`);
  g.weight.forEach((w, i) => {
    if (!isNum(w)) c.add([...gl, 'weight', i], 'Input should be a finite number', 'finite_number');
  });
}

/**
 * Every structural problem of `request` (a parsed JSON value), as the SDK's schema would see
 * it, split into topology problems (`invalid_skeleton`) and the rest (`schema_validation`).
 */
export function collectSchemaIssues(request: unknown): SchemaIssues {
  const c = new Collector();
  if (!isObj(request)) {
    c.add([], 'Input should be a valid object', 'model_type');
    return c.out;
  }
  c.keys(request, [], ['protocol_version', 'model', 'skeleton', 'segments', 'constraints', 'duration_frames', 'timing', 'options']);
  if (c.str(request.protocol_version, ['protocol_version'], 1) && !VERSION_RE.test(request.protocol_version)) {
    c.add(['protocol_version'], "String should match pattern '^\\d+\\.\\d+$'", 'string_pattern_mismatch');
  }
  c.str(request.model, ['model'], 1);
  if (request.skeleton === undefined) c.add(['skeleton'], 'Field required', 'missing');
  else checkSkeleton(c, request.skeleton, ['skeleton']);
  const segments = request.segments ?? [];
  const constraints = request.constraints ?? [];
  if (c.list(segments, ['segments'], 0)) segments.forEach((s, i) => checkSegment(c, s, ['segments', i]));
  if (c.list(constraints, ['constraints'], 0)) constraints.forEach((k, i) => checkConstraint(c, k, ['constraints', i]));
  const segCount = Array.isArray(segments) ? segments.length : 0;
  const conCount = Array.isArray(constraints) ? constraints.length : 0;
  if (request.duration_frames !== undefined && request.duration_frames !== null) {
    c.int(request.duration_frames, ['duration_frames'], 1);
    if (segCount > 0) c.add(['duration_frames'], 'duration_frames must not be set when segments are given');
  } else if (segCount === 0) c.add(['duration_frames'], 'duration_frames is required when segments is empty');
  if (segCount === 0 && conCount === 0) c.add([], 'at least one of segments or constraints must be non-empty');
  if (request.timing !== undefined) {
    if (!isObj(request.timing)) c.add(['timing'], 'Input should be a valid object', 'model_type');
    else {
      c.keys(request.timing, ['timing'], ['fps']);
      c.positive(request.timing.fps, ['timing', 'fps']);
    }
  }
  checkOptions(c, request.options);
  return c.out;
}
