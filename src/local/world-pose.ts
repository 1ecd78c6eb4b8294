/** Forward kinematics for foot locking: world positions and rotations of a clip's joints. */
import type { MotionSkeleton } from '../motion/types.js';
import { qMul, qNormalize, qRotate } from '../motion/math3d.js';

/**
 * Forward kinematics: world positions `[T, J, 3]` and rotations `[T, J, 4]` of the joints in
 * `only` and their ancestors (all joints when omitted; others stay zero).
 */
export function worldPose(sk: MotionSkeleton, T: number, rot: Float32Array, root: Float32Array, only?: number[]): { pos: Float64Array; q: Float64Array } {
  const J = sk.names.length;
  const pos = new Float64Array(T * J * 3);
  const q = new Float64Array(T * J * 4);
  const order = topoOrder(sk.parents, only);
  const v = new Float64Array(3);
  for (let t = 0; t < T; t++) {
    for (const j of order) {
      const p = sk.parents[j]!;
      const o3 = (t * J + j) * 3, o4 = (t * J + j) * 4;
      if (p < 0) {
        for (let k = 0; k < 4; k++) q[o4 + k] = rot[o4 + k]!;
        for (let k = 0; k < 3; k++) pos[o3 + k] = root[3 * t + k]!;
        continue;
      }
      const p3 = (t * J + p) * 3, p4 = (t * J + p) * 4;
      qRotate(v, 0, q, p4, sk.restTranslations, 3 * j);
      for (let k = 0; k < 3; k++) pos[o3 + k] = pos[p3 + k]! + v[k]!;
      qMul(q, o4, q, p4, rot, o4);
      qNormalize(q, o4);
    }
  }
  return { pos, q };
}

/** Joint indices (of `only` and their ancestors, else all) with every parent before its children. */
function topoOrder(parents: Int32Array, only?: number[]): number[] {
  const J = parents.length;
  const done = new Uint8Array(J);
  const order: number[] = [];
  const visit = (j: number) => {
    if (done[j]) return;
    done[j] = 1;
    const p = parents[j]!;
    if (p >= 0) visit(p);
    order.push(j);
  };
  for (const j of only ?? parents.keys()) visit(j);
  return order;
}

/** World rest height of every joint (a floor for planted targets). */
export function restHeights(sk: MotionSkeleton): Float64Array {
  const J = sk.names.length;
  const h = new Float64Array(J);
  const zero = new Float32Array(J * 4);
  for (let j = 0; j < J; j++) zero[4 * j + 3] = 1;
  const { pos } = worldPose(sk, 1, zero, new Float32Array(3));
  for (let j = 0; j < J; j++) h[j] = pos[3 * j + 1]!;
  return h;
}
