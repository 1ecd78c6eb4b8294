/**
 * Small helpers of the facade: unit scale between a model and a character, where clips start,
 * moving a clip's start under the character, and error normalisation.
 * @packageDocumentation
 */
import type { MotionClip, MotionSkeleton } from '../../motion/types.js';
import { MmcpError, isMmcpError } from '../../protocol/errors.js';
import type { ModelSpec } from '../../protocol/types.js';
import type { CharacterRig } from '../bind.js';
import type { HumanoidMap } from '../rig/humanoid.js';
import { skeletonRestWorld } from '../rig/retarget-core.js';
import { mapMotionSkeleton } from '../retarget.js';
import type { RequestSkeleton } from '../request-skeleton.js';
import { motionSkeletonFromWire } from '../skeleton-conv.js';

interface SourceFacts {
  skeleton: MotionSkeleton;
  map: HumanoidMap;
  positions: Float64Array;
}
const canonicalFacts = new WeakMap<ModelSpec, SourceFacts>();

function facts(skeleton: MotionSkeleton): SourceFacts {
  return { skeleton, map: mapMotionSkeleton(skeleton, { allowPartial: true }), positions: skeletonRestWorld(skeleton).positions };
}

/** The model's canonical skeleton with its humanoid map and rest positions (cached per spec). */
export function canonicalSource(spec: ModelSpec): SourceFacts {
  let f = canonicalFacts.get(spec);
  if (!f) {
    f = facts(motionSkeletonFromWire(spec.canonical_skeleton));
    canonicalFacts.set(spec, f);
  }
  return f;
}

/** Hips height above the feet (the leg length the retargeter scales root motion by). */
function legLength(P: ArrayLike<number>, map: HumanoidMap): number {
  const j = (r: string): number => map.roles[r]?.joint ?? -1;
  const hips = j('hips');
  if (hips < 0) return 0;
  const ends = ['left', 'right']
    .map((s) => (j(`${s}Foot`) >= 0 ? j(`${s}Foot`) : j(`${s}LowerLeg`) >= 0 ? j(`${s}LowerLeg`) : j(`${s}UpperLeg`)))
    .filter((k) => k >= 0);
  if (!ends.length) return 0;
  let y = 0;
  for (const k of ends) y += P[3 * k + 1]!;
  return P[3 * hips + 1]! - y / ends.length;
}

/** Character units per model metre: the character's leg length over the canonical skeleton's. */
export function estimateScale(rig: CharacterRig, spec: ModelSpec): number {
  const src = canonicalSource(spec);
  const ls = legLength(src.positions, src.map);
  const lt = legLength(rig.worldP, rig.humanoid);
  return ls > 1e-6 && lt > 1e-6 ? lt / ls : 1;
}

/**
 * The character-space ground point that request-space origin maps to: the character's rest hips
 * minus the scaled rest hips of the source skeleton (the retargeter's root mapping, inverted).
 */
export function clipStartPivot(rig: CharacterRig, req: RequestSkeleton, spec: ModelSpec, scale: number, source?: MotionSkeleton): [number, number] {
  const hipsT = rig.humanoid.roles.hips?.joint ?? 0;
  const tx = rig.worldP[3 * hipsT]!, tz = rig.worldP[3 * hipsT + 2]!;
  if (req.retargeted && !source) return [0, 0];
  const src = source ? facts(source) : canonicalSource(spec);
  const hs = src.map.roles.hips?.joint ?? Array.from(src.skeleton.parents).indexOf(-1);
  return [tx - scale * src.positions[3 * hs]!, tz - scale * src.positions[3 * hs + 2]!];
}

/**
 * A copy of `clip` whose root starts (frame 0) over the skeleton's rest root on the ground plane,
 * so the motion starts where the character stands (MMCP servers need not start at the origin).
 */
export function shiftClipStart(clip: MotionClip, skeleton: MotionSkeleton): MotionClip {
  const root = Array.from(skeleton.parents).indexOf(-1);
  const rx = skeleton.restTranslations[3 * root]!, rz = skeleton.restTranslations[3 * root + 2]!;
  const dx = rx - clip.rootPositions[0]!, dz = rz - clip.rootPositions[2]!;
  if (Math.abs(dx) < 1e-6 && Math.abs(dz) < 1e-6) return clip;
  const rootPositions = clip.rootPositions.slice();
  for (let t = 0; t < clip.frameCount; t++) { rootPositions[3 * t] = rootPositions[3 * t]! + dx; rootPositions[3 * t + 2] = rootPositions[3 * t + 2]! + dz; }
  const out: MotionClip = { ...clip, rootPositions };
  if (clip.trajectory) {
    const position = clip.trajectory.position.slice();
    for (let t = 0; t < position.length / 2; t++) { position[2 * t] = position[2 * t]! + dx; position[2 * t + 1] = position[2 * t + 1]! + dz; }
    out.trajectory = { ...clip.trajectory, position };
  }
  return out;
}

/** Any thrown value as an `MmcpError` (unknown errors become `internal_error`, cause kept). */
export function toMmcpError(err: unknown): MmcpError {
  if (isMmcpError(err)) return err as MmcpError;
  if (err instanceof DOMException && err.name === 'AbortError') return new MmcpError('aborted', 'Generation was aborted.', { phase: 'generate', cause: err });
  const msg = err instanceof Error ? err.message : String(err);
  return new MmcpError('internal_error', `Motion generation failed: ${msg}`, { cause: err });
}
