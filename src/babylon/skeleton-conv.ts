/**
 * Conversions between the MMCP wire skeleton, the motion layer's `MotionSkeleton`, and rigs;
 * joint-name sanitising for requests.
 * @packageDocumentation
 */
import type { Skeleton } from '../protocol/types.js';
import type { MotionSkeleton } from '../motion/types.js';
import { MmcpError } from '../protocol/errors.js';

/** Converts an MMCP wire skeleton into a {@link MotionSkeleton}. */
export function motionSkeletonFromWire(s: Skeleton): MotionSkeleton {
  const names = s.joints.map((j) => j.name);
  const index = new Map(names.map((n, i) => [n, i]));
  const parents = new Int32Array(names.length);
  const restTranslations = new Float32Array(3 * names.length);
  const restRotations = new Float32Array(4 * names.length);
  s.joints.forEach((j, i) => {
    const p = j.parent === null ? -1 : index.get(j.parent);
    if (p === undefined || p >= i) throw new MmcpError('invalid_skeleton', `Joint "${j.name}" names parent "${j.parent}", which is not listed before it.`, { phase: 'validate' });
    parents[i] = p;
    restTranslations.set(j.rest_translation, 3 * i);
    restRotations.set(j.rest_rotation ?? [0, 0, 0, 1], 4 * i);
  });
  return { names, parents, restTranslations, restRotations };
}

/** Converts a {@link MotionSkeleton} into an MMCP wire skeleton. */
export function wireSkeletonFromMotion(s: MotionSkeleton): Skeleton {
  return {
    joints: s.names.map((name, i) => {
      const p = s.parents[i]!;
      return {
        name,
        parent: p < 0 ? null : s.names[p]!,
        rest_translation: [s.restTranslations[3 * i]!, s.restTranslations[3 * i + 1]!, s.restTranslations[3 * i + 2]!],
        rest_rotation: [s.restRotations[4 * i]!, s.restRotations[4 * i + 1]!, s.restRotations[4 * i + 2]!, s.restRotations[4 * i + 3]!],
      };
    }),
    coordinate_system: 'right_handed_y_up',
    units: 'meters',
  };
}

/**
 * Makes joint names valid for MMCP requests: NFC, no control characters, trimmed, 1–128 code
 * points, unique (duplicates get `_2`, `_3` …; empty names become `joint_<i>`).
 */
export function sanitizeJointNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw, i) => {
    let s = raw.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
    if ([...s].length > 120) s = [...s].slice(0, 120).join('').trim();
    if (!s) s = `joint_${i}`;
    let candidate = s;
    for (let k = 2; seen.has(candidate); k++) candidate = `${s}_${k}`;
    seen.add(candidate);
    return candidate;
  });
}
