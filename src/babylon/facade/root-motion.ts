/**
 * Root motion for in-place groups: the travel removed from a clip (ground position and yaw per
 * frame) moves the character's top node instead, so clips chain and cross-fade without the
 * character snapping back to where a clip started.
 * @packageDocumentation
 */
import { Matrix, Quaternion } from '@babylonjs/core/Maths/math.vector.pure.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { MotionClip } from '../../motion/types.js';

/** Travel of a clip relative to its first frame, in request space (model metres, radians about +Y). */
export interface ClipTravel {
  frameCount: number;
  /** Ground displacement per frame from frame 0: `[x0, z0, x1, z1, …]`. */
  xz: Float32Array;
  /** Heading change per frame from frame 0 (right-handed about +Y: + turns +Z towards +X). */
  yaw: Float32Array;
  /** Where the clip's root starts on the ground (request space) — the turning centre. */
  start: [number, number];
}

/**
 * The travel `clipInPlace` removes: the trajectory when the clip has one (position and yaw),
 * otherwise the difference between the original and the in-place root (no turning).
 */
export function clipTravel(original: MotionClip, inPlace: MotionClip): ClipTravel {
  const T = original.frameCount;
  const xz = new Float32Array(2 * T);
  const yaw = new Float32Array(T);
  const tr = original.trajectory;
  if (tr && tr.position.length === 2 * T && tr.yaw.length === T) {
    for (let t = 0; t < T; t++) {
      xz[2 * t] = tr.position[2 * t]! - tr.position[0]!;
      xz[2 * t + 1] = tr.position[2 * t + 1]! - tr.position[1]!;
      yaw[t] = tr.yaw[t]! - tr.yaw[0]!;
    }
    return { frameCount: T, xz, yaw, start: [tr.position[0]!, tr.position[1]!] };
  }
  const a = original.rootPositions, b = inPlace.rootPositions;
  for (let t = 0; t < T; t++) {
    xz[2 * t] = a[3 * t]! - b[3 * t]! - (a[0]! - b[0]!);
    xz[2 * t + 1] = a[3 * t + 2]! - b[3 * t + 2]! - (a[2]! - b[2]!);
  }
  return { frameCount: T, xz, yaw, start: [a[0]!, a[2]!] };
}

/** Travel at fractional frame `f` (linear between samples, clamped). */
export function travelAt(travel: ClipTravel, f: number, out: { x: number; z: number; yaw: number }): void {
  const last = travel.frameCount - 1;
  const c = f <= 0 ? 0 : f >= last ? last : f;
  const i = Math.min(Math.floor(c), Math.max(last - 1, 0));
  const u = last === 0 ? 0 : c - i;
  const j = Math.min(i + 1, last);
  out.x = travel.xz[2 * i]! * (1 - u) + travel.xz[2 * j]! * u;
  out.z = travel.xz[2 * i + 1]! * (1 - u) + travel.xz[2 * j + 1]! * u;
  let dy = travel.yaw[j]! - travel.yaw[i]!;
  if (dy > Math.PI) dy -= 2 * Math.PI;
  else if (dy < -Math.PI) dy += 2 * Math.PI;
  out.yaw = travel.yaw[i]! + dy * u;
}

/**
 * The character-space transform for a travel sample: turn by `yaw` about the centre `c`, then
 * move by `scale · (x, z)` (Babylon row-vector order: apply to a point as `p · M`).
 */
export function travelMatrix(x: number, z: number, yaw: number, center: readonly [number, number], scale: number): Matrix {
  const toCentre = Matrix.Translation(-center[0], 0, -center[1]);
  const back = Matrix.Translation(center[0] + scale * x, 0, center[1] + scale * z);
  return toCentre.multiply(Matrix.RotationY(yaw)).multiply(back);
}

/** The node's local matrix (scaling, rotation, position). */
export function localMatrix(node: TransformNode): Matrix {
  const q = node.rotationQuaternion ?? Quaternion.FromEulerVector(node.rotation);
  return Matrix.Compose(node.scaling, q, node.position);
}

/**
 * Sets `node`'s position and rotation so its local matrix becomes `m`, keeping its scaling
 * (which may be mirrored, as the loader's `__root__` is).
 */
export function setLocalMatrix(node: TransformNode, m: Matrix): void {
  const s = node.scaling;
  const r = m.clone();
  r.setTranslationFromFloats(0, 0, 0);
  const rot = Matrix.Scaling(1 / s.x, 1 / s.y, 1 / s.z).multiply(r);
  const q = Quaternion.FromRotationMatrix(rot).normalize();
  node.position.copyFrom(m.getTranslation());
  if (node.rotationQuaternion) node.rotationQuaternion.copyFrom(q);
  else node.rotationQuaternion = q;
}

/** Drives a node by a clip's travel while a group plays. */
export class RootMotionDriver {
  private base: Matrix;
  private lastFrame = 0;
  private finished = false;
  private readonly scratch = { x: 0, z: 0, yaw: 0 };

  /**
   * @param node the character's top node (its local space is character space)
   * @param travel the clip's travel
   * @param center turning centre in character space (where the clip's root starts)
   * @param scale character units per model metre
   * @param frameOf current frame of the playing group, or null while it is not running (the node then holds)
   */
  constructor(
    readonly node: TransformNode,
    private readonly travel: ClipTravel,
    private readonly center: readonly [number, number],
    private readonly scale: number,
    private readonly frameOf: () => number | null,
  ) {
    this.base = localMatrix(node);
  }

  /** Applies the travel at the group's current frame (call after animations each frame). */
  update(): void {
    if (this.finished) return;
    const f = this.frameOf();
    if (f === null) return;
    if (f + 1e-6 < this.lastFrame) {
      // Wrapped around (loop): bank the full cycle, continue from its end.
      this.base = this.matrixAt(this.travel.frameCount - 1).multiply(this.base);
    }
    this.lastFrame = f;
    setLocalMatrix(this.node, this.matrixAt(f).multiply(this.base));
  }

  /** The clip reached its end (not looping): place the node at the end of the travel and stop driving it. */
  finish(): void {
    if (this.finished) return;
    setLocalMatrix(this.node, this.matrixAt(this.travel.frameCount - 1).multiply(this.base));
    this.finished = true;
  }

  private matrixAt(f: number): Matrix {
    travelAt(this.travel, f, this.scratch);
    return travelMatrix(this.scratch.x, this.scratch.z, this.scratch.yaw, this.center, this.scale);
  }
}
