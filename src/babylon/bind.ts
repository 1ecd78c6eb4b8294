/**
 * `bindCharacter`: reads a character from a Babylon scene into a {@link CharacterRig}.
 * @packageDocumentation
 */
import { Matrix, Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.pure.js';
import type { Bone } from '@babylonjs/core/Bones/bone.js';
import type { Skeleton } from '@babylonjs/core/Bones/skeleton.js';
import type { Node } from '@babylonjs/core/node.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import { MmcpError } from '../protocol/errors.js';
import { buildRigData, type RigData } from './rig/core.js';
import { mapHumanoid, type HumanoidMap, type MapHumanoidOptions } from './rig/humanoid.js';
import { readVrmHumanoid } from './vrm.js';
import { sanitizeJointNames } from './skeleton-conv.js';

/** What a joint animates: the TransformNode linked to a glTF bone, or the Bone itself for bone-only skeletons. */
export type RigTarget = TransformNode | Bone;

/** Options for {@link bindCharacter}. */
export interface BindOptions {
  /** Reference pose: `'rest'` (node TRS, default) or `'bind'` (from the inverse bind matrices). */
  pose?: 'rest' | 'bind';
  /** The glTF JSON of the loaded file (or the file bytes), to read a VRM humanoid extension. */
  gltf?: unknown;
  /** Per-role overrides (role → joint name or index, `null` to unmap). */
  overrides?: Record<string, number | string | null>;
  /** Return a partial humanoid map instead of throwing `not_humanoid`. */
  allowPartial?: boolean;
}

/** A character read from a scene, ready for retargeting and AnimationGroups. */
export interface CharacterRig extends RigData {
  /** The Babylon object animated for each joint. */
  targets: RigTarget[];
  /** The humanoid mapping report. */
  humanoid: HumanoidMap;
  /** The node MMCP space is relative to (the loader's `__root__`), or null for the scene world. */
  top: Node | null;
  /** Reference pose used. */
  pose: 'rest' | 'bind';
  /** Engine-space reference local rotations (what a node shows at rest), 4 per joint. */
  engineLocalR: Float32Array;
  /** Engine-space reference local translations, 3 per joint. */
  engineLocalT: Float32Array;
  /** Joint names made valid for MMCP requests (NFC, unique, trimmed), same order as `names`. */
  requestNames: string[];
}

type Bindable = Node | Skeleton;

function isSkeleton(x: unknown): x is Skeleton {
  return typeof x === 'object' && x !== null && Array.isArray((x as Skeleton).bones) && typeof (x as Skeleton).prepare === 'function';
}
function isBone(x: unknown): x is Bone {
  return typeof x === 'object' && x !== null && typeof (x as Node).getClassName === 'function' && (x as Node).getClassName() === 'Bone';
}

function findSkeleton(root: Node): Skeleton | null {
  const meshes: AbstractMesh[] = [];
  const self = root as AbstractMesh;
  if (self.skeleton) meshes.push(self);
  for (const m of root.getChildMeshes(false) as AbstractMesh[]) if (m.skeleton) meshes.push(m);
  let best: Skeleton | null = null;
  for (const m of meshes) if (m.skeleton && (!best || m.skeleton.bones.length > best.bones.length)) best = m.skeleton;
  return best;
}

function findTop(node: Node | null): Node | null {
  for (let k: Node | null = node; k; k = k.parent) if (k.name === '__root__') return k;
  return null;
}

function nodeLocal(n: Node): Matrix {
  const t = n as TransformNode;
  if (t.position === undefined) return Matrix.Identity();
  const q = t.rotationQuaternion ?? Quaternion.FromEulerVector(t.rotation);
  return Matrix.Compose(t.scaling, q, t.position);
}

function writeAffine(out: Float64Array, o: number, m: Matrix): void {
  // Babylon matrices are row-vector (translation in m[12..14]); columns of our column-major
  // 3×3 are Babylon's rows.
  const a = m.m;
  out[o] = a[0]!; out[o + 1] = a[1]!; out[o + 2] = a[2]!;
  out[o + 3] = a[4]!; out[o + 4] = a[5]!; out[o + 5] = a[6]!;
  out[o + 6] = a[8]!; out[o + 7] = a[9]!; out[o + 8] = a[10]!;
  out[o + 9] = a[12]!; out[o + 10] = a[13]!; out[o + 11] = a[14]!;
}

/**
 * Reads a character: `root` may be the loader's `__root__` (or any ancestor node of the rig), a
 * skinned mesh, a `Skeleton`, or for skin-less rigs (VRM test files) a node hierarchy whose
 * geometry-free TransformNodes are the joints.
 *
 * Joints: the skeleton's bones (their linked TransformNodes are animated), else the
 * geometry-free TransformNodes under `root`. World rest positions are taken relative to the
 * loader's `__root__` (glTF space = MMCP space) whatever `scene.useRightHandedSystem` is; a rig
 * with no `__root__` above it is read in scene world space, mirrored when the scene is left-handed.
 *
 * @throws MmcpError `not_humanoid` when the humanoid roles cannot be mapped (see `allowPartial`).
 */
export function bindCharacter(target: Bindable, options: BindOptions = {}): CharacterRig {
  const pose = options.pose ?? 'rest';
  let skeleton: Skeleton | null = null;
  let mesh: AbstractMesh | null = null;
  let rootNode: Node | null = null;
  if (isSkeleton(target)) skeleton = target;
  else {
    rootNode = target as Node;
    skeleton = findSkeleton(rootNode);
    if (skeleton) {
      const self = rootNode as AbstractMesh;
      mesh = self.skeleton === skeleton ? self : ((rootNode.getChildMeshes(false) as AbstractMesh[]).find((m) => m.skeleton === skeleton) ?? null);
    }
  }
  if (skeleton && !mesh) mesh = (skeleton.getScene().meshes as AbstractMesh[]).find((m) => m.skeleton === skeleton) ?? null;

  const names: string[] = [];
  const parents: number[] = [];
  const targets: RigTarget[] = [];
  const bones: (Bone | null)[] = [];
  if (skeleton) {
    const index = new Map<Bone, number>();
    // Bones are parents-first in glTF loads; sort defensively by depth.
    const depth = (b: Bone): number => { let d = 0; for (let p = b.getParent(); p; p = p.getParent()) d++; return d; };
    const ordered = skeleton.bones.slice().sort((a, b) => depth(a) - depth(b));
    for (const b of ordered) {
      index.set(b, names.length);
      names.push(b.getTransformNode()?.name ?? b.name);
      const p = b.getParent();
      parents.push(p ? index.get(p) ?? -1 : -1);
      targets.push(b.getTransformNode() ?? b);
      bones.push(b);
    }
  } else if (rootNode) {
    const index = new Map<Node, number>();
    const visit = (n: Node, parentJoint: number): void => {
      const isJointNode = (n as TransformNode).position !== undefined && !((n as AbstractMesh).getTotalVertices?.() > 0) && n.name !== '__root__' && n !== rootNode;
      let here = parentJoint;
      if (isJointNode) {
        here = names.length;
        index.set(n, here);
        names.push(n.name);
        parents.push(parentJoint);
        targets.push(n as TransformNode);
        bones.push(null);
      }
      for (const ch of n.getChildren()) visit(ch, here);
    };
    visit(rootNode, -1);
  }
  const n = names.length;
  if (n === 0) throw new MmcpError('no_skeleton', 'No skeleton or joint hierarchy was found under this node: pass the character root (the loader\'s "__root__"), a skinned mesh or a Skeleton.', {});

  const firstTarget = targets[0]!;
  const tnMode = !isBone(firstTarget);
  const top = tnMode ? findTop(firstTarget as Node) : findTop(mesh);
  const scene = skeleton ? skeleton.getScene() : (firstTarget as Node).getScene();
  const mirror = top === null && !scene.useRightHandedSystem;

  const localT = new Float64Array(3 * n), localR = new Float64Array(4 * n), localS = new Float64Array(3 * n);
  const preAffine = new Float64Array(12 * n), preRot = new Float64Array(4 * n);
  const s = new Vector3(), t = new Vector3(), q = new Quaternion();
  const bindWorld: Matrix[] = [];
  if (pose === 'bind') {
    // Skinning happens in the skinned mesh's space: bind world = IBM⁻¹ · (mesh world relative to top).
    let meshToTop = Matrix.Identity();
    if (mesh) {
      meshToTop = mesh.computeWorldMatrix(true).clone();
      if (top) meshToTop = meshToTop.multiply(Matrix.Invert(top.computeWorldMatrix(true)));
    }
    for (let j = 0; j < n; j++) {
      const b = bones[j];
      if (!b) throw new MmcpError('no_bind_pose', 'pose: "bind" needs a skinned skeleton (inverse bind matrices); this rig has none. Use pose: "rest".', {});
      bindWorld.push(Matrix.Invert(b.getAbsoluteInverseBindMatrix()).multiply(meshToTop));
    }
  }
  for (let j = 0; j < n; j++) {
    const tgt = targets[j]!;
    const p = parents[j]!;
    // Non-joint nodes between the parent joint (or top) and this joint.
    let pre = Matrix.Identity();
    if (tnMode) {
      const stopAt: Node | null = p >= 0 ? (targets[p] as Node) : top;
      for (let k = (tgt as Node).parent; k && k !== stopAt; k = k.parent) pre = pre.multiply(nodeLocal(k));
      // pre = local(k0) * local(k1) ... in Babylon row-vector order = child first → that is k0 then its parent: correct order.
    } else if (p < 0 && mesh) {
      pre = mesh.computeWorldMatrix(true).clone();
      if (top) pre = pre.multiply(Matrix.Invert(top.computeWorldMatrix(true)));
    }
    writeAffine(preAffine, 12 * j, pre);
    pre.decompose(s, q, t);
    q.normalize();
    preRot[4 * j] = q.x; preRot[4 * j + 1] = q.y; preRot[4 * j + 2] = q.z; preRot[4 * j + 3] = q.w;
    let local: Matrix;
    if (pose === 'bind') {
      const parentWorld = p >= 0 ? pre.multiply(bindWorld[p]!) : pre;
      local = bindWorld[j]!.multiply(Matrix.Invert(parentWorld));
    } else {
      const b = bones[j];
      local = b ? b.getRestMatrix().clone() : nodeLocal(tgt as Node);
    }
    local.decompose(s, q, t);
    q.normalize();
    localT[3 * j] = t.x; localT[3 * j + 1] = t.y; localT[3 * j + 2] = t.z;
    localR[4 * j] = q.x; localR[4 * j + 1] = q.y; localR[4 * j + 2] = q.z; localR[4 * j + 3] = q.w;
    localS[3 * j] = s.x; localS[3 * j + 1] = s.y; localS[3 * j + 2] = s.z;
  }
  const data = buildRigData({ names, parents, localT, localR, localS, preAffine, preRot, mirror });
  const mapOptions: MapHumanoidOptions = { allowPartial: options.allowPartial ?? false };
  if (options.overrides) mapOptions.overrides = options.overrides;
  if (options.gltf !== undefined) {
    const vrm = readVrmHumanoid(options.gltf);
    if (vrm) mapOptions.vrm = resolveVrmNodes(vrm.bones, vrm.nodeNames, targets);
  }
  const humanoid = mapHumanoid({ names, parents, positions: data.worldP }, mapOptions);
  return {
    ...data,
    targets,
    humanoid,
    top,
    pose,
    engineLocalR: Float32Array.from(localR),
    engineLocalT: Float32Array.from(localT),
    requestNames: sanitizeJointNames(names),
  };
}

/** Maps VRM node indices to joint indices through the loader's glTF pointers, else by node name. */
function resolveVrmNodes(bones: Record<string, number>, nodeNames: (string | undefined)[], targets: RigTarget[]): Record<string, number> {
  const byPointer = new Map<number, number>();
  targets.forEach((t, j) => {
    const meta = (t as unknown as { _internalMetadata?: { gltf?: { pointers?: string[] } } })._internalMetadata;
    for (const p of meta?.gltf?.pointers ?? []) {
      const m = /^\/nodes\/(\d+)$/.exec(p);
      if (m) byPointer.set(Number(m[1]), j);
    }
  });
  const out: Record<string, number> = {};
  for (const [role, node] of Object.entries(bones)) {
    let j = byPointer.get(node);
    if (j === undefined) {
      const name = nodeNames[node];
      const k = name === undefined ? -1 : targets.findIndex((t) => t.name === name);
      if (k >= 0) j = k;
    }
    if (j !== undefined) out[role] = j;
  }
  return out;
}
