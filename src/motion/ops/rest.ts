/** Rest-pose forward kinematics on a {@link MotionSkeleton}. */
import type { MotionSkeleton } from '../types.js';
import { mul, rotate } from './quat.js';

/**
 * World rest positions (`[x,y,z]` per joint): each rest offset is rotated by the accumulated rest
 * rotations of its ancestors and added down the hierarchy (never used as a world position itself).
 */
export function restWorldPositions(skeleton: MotionSkeleton): Float32Array {
  const n = skeleton.names.length;
  const pos = new Float64Array(n * 3);
  const rot: number[][] = new Array<number[]>(n);
  const done = new Uint8Array(n);
  const visit = (j: number): void => {
    // Iterative climb: parents are acyclic after parsing.
    const chain: number[] = [];
    for (let k = j; k >= 0 && !done[k]; k = skeleton.parents[k] as number) chain.push(k);
    for (let c = chain.length - 1; c >= 0; c--) {
      const k = chain[c] as number;
      const p = skeleton.parents[k] as number;
      const local = Array.from(skeleton.restRotations.subarray(k * 4, k * 4 + 4));
      const t = Array.from(skeleton.restTranslations.subarray(k * 3, k * 3 + 3));
      if (p < 0) {
        rot[k] = local;
        pos.set(t, k * 3);
      } else {
        const pr = rot[p] as number[];
        const off = rotate(pr, t);
        pos.set([(pos[p * 3] as number) + off[0], (pos[p * 3 + 1] as number) + off[1], (pos[p * 3 + 2] as number) + off[2]], k * 3);
        rot[k] = mul(pr, local);
      }
      done[k] = 1;
    }
  };
  for (let j = 0; j < n; j++) visit(j);
  return Float32Array.from(pos);
}
