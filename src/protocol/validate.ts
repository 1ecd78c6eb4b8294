/**
 * Client-side request validation that predicts the server: the checks an MMCP SDK server makes,
 * in the order it makes them (MMCP.md §6.5), returning the same `code`, HTTP `status` and
 * `details` it would answer with — plus the rules only a client can enforce (checked last).
 *
 * Order: body size (vs `maxRequestBytes` or the model's cap) → `version_unsupported` →
 * `unsupported_segment` (known types only) → `invalid_skeleton` / `schema_validation` (incl.
 * capability gating of fields an older server does not know) → `unknown_model` →
 * `retargeting_unsupported` → reference payloads (`motion_reference`, `video_reference`) →
 * loop → per constraint (`unsupported_constraint`, `unknown_joint`, `frame_out_of_range`) →
 * constraint count → `num_samples` → prompt length → duration → body size vs the model's own cap →
 * client-only rules (NFC, control characters, whitespace; `schema_validation`, issue type
 * `client_rule`).
 *
 * The local backend and the Node server call the same functions, so every backend refuses a
 * bad request with the same code and details.
 */
import type { MmcpError } from './errors.js';
import { effectiveSupportedSegments, listModels, supportedConstraints, PROTOCOL_MAJOR } from './capabilities.js';
import { collectClientRuleIssues } from './client-rules.js';
import { protocolError, schemaError, skeletonError } from './fail.js';
import { collectSchemaIssues } from './schema.js';
import { requestBytes } from './size.js';
import { codePointLength } from './text.js';
import { effectiveFps, totalFrames } from './timeline.js';
import { SEGMENT_TYPES, type BatchRequest, type Capabilities, type GenerateRequest, type ModelLimits, type ModelSpec, type Skeleton, type ValidationIssue } from './types.js';

/** Options for {@link validateRequest}. */
export interface ValidateOptions {
  /** Body-size cap checked first (SDK: the largest cap of all models); default the model's own. */
  maxRequestBytes?: number;
  /** Model ids reported in `unknown_model.details.available_models`; default `[spec.id]`. */
  availableModels?: string[];
  /** Check client-only rules (NFC etc.) after the server's checks; default `true`. */
  clientRules?: boolean;
  /** Body size already measured by the caller (UTF-8 bytes of the compact JSON), to skip re-serialising. */
  requestBytes?: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const names = (sk: Skeleton): string[] => sk.joints.map((j) => j.name);
const sameList = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function sizeCheck(bytes: number, cap: number | undefined): MmcpError | null {
  if (typeof cap !== 'number' || !(cap > 0)) return null;
  if (bytes <= cap) return null;
  return protocolError('payload_too_large', `request body is ${bytes} bytes; the limit is ${cap} (max_request_bytes). Shorten the take, send fewer constraints or a shorter reference clip.`, {
    max_request_bytes: cap,
    request_bytes: bytes,
  });
}

function versionCheck(request: Record<string, unknown>): MmcpError | null {
  const v = request.protocol_version;
  if (typeof v !== 'string' || !/^\d+\.\d+$/.test(v)) return null;
  if (Number(v.split('.')[0]) === PROTOCOL_MAJOR) return null;
  return protocolError('version_unsupported', `protocol_version '${v}' is not supported; this plugin and MMCP 1.x servers speak major 1 — upgrade the plugin.`, {
    supported_majors: [String(PROTOCOL_MAJOR)],
  });
}

function segmentTypeCheck(request: Record<string, unknown>, spec: ModelSpec | undefined): MmcpError | null {
  if (!spec || !Array.isArray(request.segments)) return null;
  const supported = effectiveSupportedSegments(spec);
  for (const s of request.segments) {
    const t = isObj(s) ? s.type : undefined;
    if (typeof t === 'string' && (SEGMENT_TYPES as readonly string[]).includes(t) && !supported.includes(t)) {
      return protocolError('unsupported_segment', `segment type '${t}' is not supported by model '${spec.id}' (it lists ${supported.join(', ') || 'none'})`, {
        supported_segments: supported,
      });
    }
  }
  return null;
}

/** Gating issues: optional fields the model does not advertise (an older server 422s them). */
function gatingIssues(request: GenerateRequest, spec: ModelSpec): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (!spec.supports_segment_seed) {
    (request.segments ?? []).forEach((s, i) => {
      if ('seed' in s && s.seed !== undefined) {
        out.push({ loc: ['segments', i, s.type, 'seed'], msg: `per-segment seed is not accepted by model '${spec.id}' (supports_segment_seed is false); use options.seed or gateRequest()`, type: 'extra_forbidden' });
      }
    });
  }
  return out;
}

function schemaCheck(request: unknown, spec: ModelSpec | undefined): MmcpError | null {
  const issues = collectSchemaIssues(request);
  if (issues.topology.length) return skeletonError(issues.topology);
  if (issues.schema.length) return schemaError(issues.schema);
  if (spec && (request as GenerateRequest).model === spec.id) {
    const gate = gatingIssues(request as GenerateRequest, spec);
    if (gate.length) return schemaError(gate);
  }
  return null;
}

function referenceChecks(req: GenerateRequest, spec: ModelSpec): MmcpError | null {
  const segments = req.segments ?? [];
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s.type === 'motion_reference') {
      const sk = s.skeleton ?? req.skeleton;
      if (s.skeleton && !spec.supports_retargeting && !sameList(names(s.skeleton), names(spec.canonical_skeleton))) {
        return protocolError('retargeting_unsupported', `segment ${i}: model '${spec.id}' does not retarget; a motion_reference skeleton must be the canonical one from /capabilities`);
      }
      const known = new Set(names(sk));
      const bad = s.joint_names.find((n) => !known.has(n));
      if (bad !== undefined) {
        return protocolError('unknown_joint', `segment ${i}: joint '${bad}' is not in the ${s.skeleton ? 'segment' : 'request'} skeleton`, { skeleton_joints: [...known].sort() });
      }
      const root = sk.joints.find((j) => j.parent === null)?.name;
      if (root !== undefined && !s.joint_names.includes(root)) {
        return protocolError('invalid_request', `segment ${i}: a motion_reference must include the skeleton's root joint '${root}'`, { root_joint: root, segment: i });
      }
      const cap = spec.limits.max_reference_frames;
      if (typeof cap === 'number' && s.rotations.length > cap) {
        return protocolError('invalid_options', `segment ${i}: reference clip has ${s.rotations.length} frames; max_reference_frames is ${cap}`, {
          max_reference_frames: cap,
          reference_frames: s.rotations.length,
          segment: i,
        });
      }
    } else if (s.type === 'video_reference') {
      const maxBytes = spec.limits.max_video_bytes;
      if ('data' in s.video && typeof maxBytes === 'number') {
        const d = s.video.data;
        const bytes = (d.length / 4) * 3 - (d.endsWith('==') ? 2 : d.endsWith('=') ? 1 : 0);
        if (bytes > maxBytes) {
          return protocolError('payload_too_large', `segment ${i}: inline video is ${bytes} bytes; max_video_bytes is ${maxBytes}`, { max_video_bytes: maxBytes, video_bytes: bytes, segment: i });
        }
      }
      const maxSec = spec.limits.max_video_seconds;
      const secs = s.end_s - (s.start_s ?? 0);
      if (typeof maxSec === 'number' && secs > maxSec) {
        return protocolError('invalid_options', `segment ${i}: video span is ${secs} s; max_video_seconds is ${maxSec}`, { max_video_seconds: maxSec, video_seconds: secs, segment: i });
      }
    }
  }
  return null;
}

function semanticChecks(req: GenerateRequest, spec: ModelSpec): MmcpError | null {
  if (!spec.supports_retargeting && !sameList(names(req.skeleton), names(spec.canonical_skeleton))) {
    return protocolError('retargeting_unsupported', `model '${spec.id}' does not retarget: send its canonical_skeleton from /capabilities verbatim (same joint names, same order) and retarget the answer onto your rig`);
  }
  const supported = effectiveSupportedSegments(spec);
  for (const s of req.segments ?? []) {
    if (!supported.includes(s.type)) {
      return protocolError('unsupported_segment', `segment type '${s.type}' is not supported by model '${spec.id}'`, { supported_segments: supported });
    }
  }
  const ref = referenceChecks(req, spec);
  if (ref) return ref;
  const segCount = (req.segments ?? []).length;
  if (req.options?.loop === true) {
    if (!spec.supports_loop) return protocolError('invalid_options', `model '${spec.id}' does not support options.loop`, { model: spec.id });
    if (segCount !== 1) return protocolError('invalid_options', `options.loop needs exactly one segment (got ${segCount})`, { segments: segCount });
  }
  const total = totalFrames(req);
  const jointSet = new Set(names(req.skeleton));
  const sortedJoints = (): string[] => [...jointSet].sort();
  const constraintTypes = supportedConstraints(spec);
  const constraints = req.constraints ?? [];
  for (const c of constraints) {
    if (!constraintTypes.includes(c.type)) {
      return protocolError('unsupported_constraint', `constraint type '${c.type}' is not supported by model '${spec.id}'`, { supported_constraints: constraintTypes });
    }
    const joints = c.type === 'effector_target' ? [c.joint] : c.type === 'pose_keyframe' ? Object.keys(c.joint_rotations) : [];
    for (const j of joints) {
      if (!jointSet.has(j)) return protocolError('unknown_joint', `joint '${j}' is not in the request skeleton`, { skeleton_joints: sortedJoints() });
    }
    const frames = c.type === 'pose_keyframe' ? [c.frame] : c.type === 'ground_height' ? [] : c.frames;
    for (const f of frames) {
      if (!(f >= 0 && f < total)) return protocolError('frame_out_of_range', `frame ${f} is outside [0, ${total - 1}]`, { frame: f, total_frames: total });
    }
  }
  const maxC = spec.limits.max_constraints_per_request;
  if (constraints.length > maxC) return protocolError('invalid_options', `too many constraints: ${constraints.length} > ${maxC}`, { max_constraints_per_request: maxC, constraints: constraints.length });
  const n = req.options?.num_samples;
  if (typeof n === 'number' && n > spec.limits.max_num_samples) {
    return protocolError('invalid_options', `num_samples ${n} exceeds max_num_samples ${spec.limits.max_num_samples}`, { max_num_samples: spec.limits.max_num_samples, num_samples: n });
  }
  for (const s of req.segments ?? []) {
    if (s.type === 'text' || s.type === 'pose') {
      const len = codePointLength(s.prompt);
      if (len > spec.limits.max_prompt_length) {
        return protocolError('invalid_options', `prompt length ${len} exceeds max_prompt_length ${spec.limits.max_prompt_length}`, { max_prompt_length: spec.limits.max_prompt_length, prompt_length: len });
      }
    }
  }
  const fps = effectiveFps(req, spec);
  const seconds = total / fps;
  if (seconds > spec.limits.max_duration_seconds) {
    return protocolError('invalid_options', `total duration ${seconds.toFixed(2)}s exceeds max_duration_seconds ${spec.limits.max_duration_seconds}`, {
      max_duration_seconds: spec.limits.max_duration_seconds,
      duration_seconds: seconds,
    });
  }
  return null;
}

/**
 * A spec as validation reads it: absent or non-numeric limits mean "no cap" (never 0), and a
 * missing/malformed canonical skeleton disables the retargeting check instead of crashing —
 * whatever a server omits, it decides itself.
 */
function tolerant(spec: ModelSpec): ModelSpec {
  const raw = (typeof spec.limits === 'object' && spec.limits !== null ? spec.limits : {}) as Partial<Record<keyof ModelLimits, unknown>>;
  const num = (v: unknown): number => (typeof v === 'number' && !Number.isNaN(v) ? v : Infinity);
  const limits: ModelLimits = {
    max_duration_seconds: num(raw.max_duration_seconds),
    max_num_samples: num(raw.max_num_samples),
    max_constraints_per_request: num(raw.max_constraints_per_request),
    max_prompt_length: num(raw.max_prompt_length),
    max_request_bytes: num(raw.max_request_bytes),
  };
  for (const k of ['max_batch_size', 'max_reference_frames', 'max_video_bytes', 'max_video_seconds'] as const) {
    if (typeof raw[k] === 'number') limits[k] = raw[k];
  }
  const sk = spec.canonical_skeleton as Skeleton | undefined;
  const skeletonOk = typeof sk === 'object' && sk !== null && Array.isArray(sk.joints) && sk.joints.every((j) => typeof j?.name === 'string');
  return { ...spec, limits, fps: typeof spec.fps === 'number' && spec.fps > 0 ? spec.fps : 30, supports_retargeting: spec.supports_retargeting === true || !skeletonOk };
}

function run(request: unknown, rawSpec: ModelSpec | undefined, available: string[], options: ValidateOptions): MmcpError | null {
  const spec = rawSpec ? tolerant(rawSpec) : undefined;
  let bytes: number;
  try {
    bytes = options.requestBytes ?? requestBytes(request);
  } catch (err) {
    return schemaError([{ loc: [], msg: `request is not JSON-serialisable: ${err instanceof Error ? err.message : String(err)}`, type: 'json_invalid' }]);
  }
  const size = sizeCheck(bytes, options.maxRequestBytes ?? spec?.limits.max_request_bytes);
  if (size) return size;
  if (!isObj(request)) return schemaError([{ loc: [], msg: 'Input should be a valid object', type: 'model_type' }]);
  const specForModel = spec && request.model === spec.id ? spec : undefined;
  const early = versionCheck(request) ?? segmentTypeCheck(request, specForModel) ?? schemaCheck(request, specForModel);
  if (early) return early;
  const req = request as unknown as GenerateRequest;
  if (!specForModel) {
    return protocolError('unknown_model', `model '${req.model}' is not served here (available: ${available.join(', ') || 'none'})`, { available_models: available });
  }
  const sem = semanticChecks(req, specForModel) ?? sizeCheck(bytes, specForModel.limits.max_request_bytes);
  if (sem) return sem;
  if (options.clientRules !== false) {
    const issues = collectClientRuleIssues(req);
    if (issues.length) return schemaError(issues);
  }
  return null;
}

/**
 * Validate `request` against one model spec (the model it names). Returns the first problem as
 * an {@link MmcpError} (`phase: 'validate'`, `status` = the HTTP status the server would use,
 * `retryable: false`), or `null` when the request would be accepted.
 */
export function validateRequest(request: unknown, spec: ModelSpec, options: ValidateOptions = {}): MmcpError | null {
  return run(request, spec, options.availableModels ?? [spec.id], options);
}

/**
 * Validate `request` against a whole `/capabilities` document the way a multi-model SDK server
 * does: size against the largest cap, `unknown_model` with the sorted `available_models`.
 */
export function validateAgainstCapabilities(request: unknown, capabilities: Capabilities, options: Omit<ValidateOptions, 'availableModels'> = {}): MmcpError | null {
  const models = listModels(capabilities);
  const available = models.map((m) => m.id).sort();
  const model = isObj(request) ? request.model : undefined;
  const spec = models.find((m) => m.id === model);
  const largest = models.reduce((mx, m) => (typeof m.limits?.max_request_bytes === 'number' ? Math.max(mx, m.limits.max_request_bytes) : mx), 0);
  return run(request, spec, available, { ...options, maxRequestBytes: options.maxRequestBytes ?? (largest || undefined) });
}

/** Throwing form of {@link validateRequest}. */
export function assertValidRequest(request: unknown, spec: ModelSpec, options: ValidateOptions = {}): asserts request is GenerateRequest {
  const err = validateRequest(request, spec, options);
  if (err) throw err;
}

/** Result of {@link validateBatch}: a whole-batch refusal, or one result per item. */
export interface BatchValidation {
  /** Set when the server would refuse the whole batch. */
  batch: MmcpError | null;
  /** Per item: `null` when fine, else the item's own error (same order as `requests`). */
  items: Array<MmcpError | null>;
}

/**
 * Validate a batch body (MMCP §7) against `/capabilities`: whole-batch rules (version, non-empty
 * list, `max_batch_size` = minimum over models, every named model `supports_batch`) then each
 * item with {@link validateAgainstCapabilities} (items inherit the batch's `protocol_version`).
 */
export function validateBatch(batch: BatchRequest, capabilities: Capabilities): BatchValidation {
  const models = listModels(capabilities);
  const v = batch.protocol_version;
  if (typeof v !== 'string' || !/^\d+\.\d+$/.test(v)) {
    return { batch: schemaError([{ loc: ['protocol_version'], msg: 'protocol_version must be "<major>.<minor>"', type: 'string_pattern_mismatch' }]), items: [] };
  }
  const ver = versionCheck({ protocol_version: v });
  if (ver) return { batch: ver, items: [] };
  if (!Array.isArray(batch.requests) || batch.requests.length === 0) {
    return { batch: schemaError([{ loc: ['requests'], msg: 'requests must be a non-empty list', type: 'too_short' }]), items: [] };
  }
  const caps = models.map((m) => m.limits?.max_batch_size).filter((n): n is number => typeof n === 'number');
  const maxBatch = caps.length ? Math.min(...caps) : 16;
  if (batch.requests.length > maxBatch) {
    return {
      batch: protocolError('invalid_options', `batch has ${batch.requests.length} requests; max_batch_size is ${maxBatch}`, { max_batch_size: maxBatch, requests: batch.requests.length }),
      items: [],
    };
  }
  const unbatched = batch.requests.map((r) => models.find((m) => m.id === r.model)).find((m) => m && !m.supports_batch);
  if (unbatched) {
    return { batch: schemaError([{ loc: ['requests'], msg: `model '${unbatched.id}' does not accept batch bodies (supports_batch is false); send requests one by one`, type: 'extra_forbidden' }]), items: [] };
  }
  const items = batch.requests.map((r) => validateAgainstCapabilities({ ...r, protocol_version: r.protocol_version ?? v }, capabilities));
  return { batch: null, items };
}
