/**
 * Rules the docs set but the SDK does not enforce (MMCP §5.1, §11 MUST 2): NFC, control
 * characters and surrounding whitespace in joint names; NFC prompts; identity `rest_rotation`
 * (§5.2: a server may ignore or refuse anything else). Only a client guards these.
 */
import { jointNameProblem, isNfc } from './text.js';
import type { GenerateRequest, ValidationIssue } from './types.js';

const isIdentity = (q: readonly number[] | undefined): boolean => q === undefined || (q[0] === 0 && q[1] === 0 && q[2] === 0 && q[3] === 1);

function skeletonNameIssues(joints: GenerateRequest['skeleton']['joints'], loc: Array<string | number>, out: ValidationIssue[]): void {
  joints.forEach((j, i) => {
    const p = jointNameProblem(j.name);
    if (p) out.push({ loc: [...loc, 'joints', i, 'name'], msg: p, type: 'client_rule' });
    if (!isIdentity(j.rest_rotation)) {
      out.push({ loc: [...loc, 'joints', i, 'rest_rotation'], msg: 'rest_rotation must be identity [0,0,0,1]: put the rest orientation into the rotations (MMCP §5.2); servers may ignore or refuse it', type: 'client_rule' });
    }
  });
}

/** Client-only problems of an already schema-valid request (empty when none). */
export function collectClientRuleIssues(request: GenerateRequest): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  skeletonNameIssues(request.skeleton.joints, ['skeleton'], out);
  (request.segments ?? []).forEach((s, i) => {
    if ((s.type === 'text' || s.type === 'pose') && !isNfc(s.prompt)) {
      out.push({ loc: ['segments', i, s.type, 'prompt'], msg: 'prompt is not NFC-normalised (call normalizeRequest)', type: 'client_rule' });
    }
    if (s.type === 'motion_reference') {
      if (s.skeleton) skeletonNameIssues(s.skeleton.joints, ['segments', i, 'motion_reference', 'skeleton'], out);
      s.joint_names.forEach((n, k) => {
        if (!isNfc(n)) out.push({ loc: ['segments', i, 'motion_reference', 'joint_names', k], msg: 'joint name is not NFC-normalised', type: 'client_rule' });
      });
    }
  });
  (request.constraints ?? []).forEach((c, i) => {
    const names = c.type === 'effector_target' ? [c.joint] : c.type === 'pose_keyframe' ? Object.keys(c.joint_rotations) : [];
    for (const n of names) {
      if (!isNfc(n)) out.push({ loc: ['constraints', i, c.type, n], msg: `joint name '${n}' is not NFC-normalised`, type: 'client_rule' });
    }
  });
  return out;
}

/**
 * A copy of `request` with every joint name and prompt NFC-normalised (skeletons, segment
 * skeletons, `joint_names`, constraint joints and `joint_rotations` keys) and a missing
 * `rest_rotation` filled with identity (MMCP SHOULD 2). Nothing else changes.
 */
export function normalizeRequest<T extends GenerateRequest>(request: T): T {
  const nfc = (s: string): string => s.normalize('NFC');
  const skel = <S extends GenerateRequest['skeleton']>(sk: S): S => ({
    ...sk,
    joints: sk.joints.map((j) => ({ ...j, name: nfc(j.name), parent: j.parent === null ? null : nfc(j.parent), rest_rotation: j.rest_rotation ?? [0, 0, 0, 1] })),
  });
  const out: T = { ...request, skeleton: skel(request.skeleton) };
  if (request.segments) {
    out.segments = request.segments.map((s) => {
      if (s.type === 'text' || s.type === 'pose') return { ...s, prompt: nfc(s.prompt) };
      if (s.type === 'motion_reference') {
        return { ...s, joint_names: s.joint_names.map(nfc), ...(s.skeleton ? { skeleton: skel(s.skeleton) } : {}) };
      }
      return s;
    });
  }
  if (request.constraints) {
    out.constraints = request.constraints.map((c) => {
      if (c.type === 'effector_target') return { ...c, joint: nfc(c.joint) };
      if (c.type === 'pose_keyframe') {
        return { ...c, joint_rotations: Object.fromEntries(Object.entries(c.joint_rotations).map(([k, q]) => [nfc(k), q])) };
      }
      return c;
    });
  }
  return out;
}
