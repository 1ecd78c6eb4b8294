/**
 * `mergeCharacterMeshes`: at most two draw calls per character. Many game characters
 * (RobotExpressive among them) are built from rigid parts parented to joints plus a few skinned
 * meshes: a dozen or more draw calls, and one skeleton per skin. This bakes every rigid part into
 * one skinned mesh with one bone influence per vertex (weight 1 on the joint that carries it,
 * placed so that the current pose renders exactly as before) and every skinned part into a second
 * mesh on the same skeleton. Same vertices, same motion; one bone-matrix upload per character,
 * and no rigid vertex pays for four-bone skinning (software renderers process vertices on the
 * CPU, where that matters).
 * @packageDocumentation
 */
import { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData.js';
import { VertexBuffer } from '@babylonjs/core/Buffers/buffer.js';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import type { Node } from '@babylonjs/core/node.js';
import type { Skeleton } from '@babylonjs/core/Bones/skeleton.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';

/** What {@link mergeCharacterMeshes} did. */
export interface MergeReport {
  /** The character's meshes now: the merged ones (rigid, skinned), or the single mesh it already was. */
  meshes: Mesh[];
  /** Parts baked into the merged meshes (disposed). */
  merged: string[];
  /** Parts left as they were (not under a joint, another world frame, morph targets …). */
  kept: string[];
}

/** One part, its vertices brought into the merged mesh's space. */
interface Baked {
  part: Mesh;
  positions: Float32Array | number[];
  normals: Float32Array | number[];
  indices: ArrayLike<number>;
  /** Per vertex, 4 bone indices and 4 weights. */
  boneIndices: ArrayLike<number>;
  boneWeights: ArrayLike<number>;
}

/** Nearest ancestor of `node` (itself excluded) linked to a bone, as that bone's skinning index. */
function carryingBone(node: Node, boneOf: Map<Node, number>): number {
  for (let p = node.parent; p; p = p.parent) {
    const k = boneOf.get(p);
    if (k !== undefined) return k;
  }
  return -1;
}

function nearlyEqual(a: Matrix, b: Matrix, eps = 1e-4): boolean {
  const x = a.m, y = b.m;
  for (let i = 0; i < 16; i++) if (Math.abs(x[i]! - y[i]!) > eps * Math.max(1, Math.abs(x[i]!))) return false;
  return true;
}

/** A new mesh placed like `host` (same parent and local transform), on `skeleton`. */
function meshLike(host: Mesh, name: string, skeleton: Skeleton): Mesh {
  const mesh = new Mesh(name, host.getScene());
  mesh.parent = host.parent;
  mesh.position.copyFrom(host.position);
  if (host.rotationQuaternion) mesh.rotationQuaternion = host.rotationQuaternion.clone();
  else mesh.rotation.copyFrom(host.rotation);
  mesh.scaling.copyFrom(host.scaling);
  mesh.skeleton = skeleton;
  mesh.material = host.material;
  mesh.computeWorldMatrix(true);
  return mesh;
}

/** Concatenates baked parts into `mesh`; `influences` = bone influences per vertex the shader reads. */
function fill(mesh: Mesh, parts: Baked[], influences: number): void {
  const data = new VertexData();
  const positions: number[] = [], normals: number[] = [], indices: number[] = [], mi: number[] = [], mw: number[] = [];
  for (const p of parts) {
    const base = positions.length / 3;
    for (let i = 0; i < p.positions.length; i++) { positions.push(p.positions[i]!); normals.push(p.normals[i]!); }
    for (let i = 0; i < p.indices.length; i++) indices.push(base + p.indices[i]!);
    for (let i = 0; i < p.boneIndices.length; i++) { mi.push(p.boneIndices[i]!); mw.push(p.boneWeights[i]!); }
  }
  Object.assign(data, { positions, normals, indices, matricesIndices: mi, matricesWeights: mw });
  data.applyToMesh(mesh, false);
  mesh.numBoneInfluencers = influences;
}

/**
 * Merges the meshes under `root` into at most two skinned meshes on the skeleton with the most
 * bones: one for rigid parts (one bone influence), one for skinned parts. Call it on a freshly
 * loaded character before playing anything (parts are placed for the current pose). Rigid parts
 * must hang under joints (nodes linked to that skeleton's bones) and the nodes between a part and
 * its joint must not be animated later (generated motion animates joints only). Skinned parts
 * are merged when their bones map onto the skeleton's (same linked nodes) and they share one world
 * matrix. UVs are dropped (give the result an untextured material); parts with morph targets are
 * kept as they are. A character that is one mesh already is left alone.
 */
export function mergeCharacterMeshes(root: TransformNode, name = root.name): MergeReport {
  const parts = (root.getChildMeshes(false) as AbstractMesh[]).filter((m): m is Mesh => m instanceof Mesh && m.getTotalVertices() > 0);
  let skeleton: Skeleton | null = null;
  for (const m of parts) if (m.skeleton && (!skeleton || m.skeleton.bones.length > skeleton.bones.length)) skeleton = m.skeleton;
  const host = parts.find((m) => m.skeleton === skeleton);
  if (!skeleton || !host || parts.length === 1) return { meshes: parts, merged: [], kept: skeleton ? [] : parts.map((m) => m.name) };
  // Keyed by the index skinning uses (a glTF joint index, not always the position in `bones`).
  const boneOf = new Map<Node, number>();
  for (const b of skeleton.bones) { const n = b.getTransformNode(); if (n) boneOf.set(n, b.getIndex()); }

  root.computeWorldMatrix(true);
  for (const n of root.getDescendants(false)) (n as TransformNode).computeWorldMatrix?.(true);
  const probe = meshLike(host, `${name}:rigid`, skeleton);
  skeleton.prepare(true);
  const bones = skeleton.getTransformMatrices(probe);
  const world = probe.getWorldMatrix();
  const rigid: Baked[] = [], skinned: Baked[] = [], kept: string[] = [];
  const v = new Vector3(), toMesh = new Matrix(), boneMat = new Matrix(), inv = new Matrix();
  for (const m of parts) {
    const pos = m.getVerticesData(VertexBuffer.PositionKind), nrm = m.getVerticesData(VertexBuffer.NormalKind), idx = m.getIndices();
    if (!pos || !nrm || !idx || m.morphTargetManager || m.getVerticesData(VertexBuffer.MatricesIndicesExtraKind)) { kept.push(m.name); continue; }
    if (m.skeleton) {
      const mi = m.getVerticesData(VertexBuffer.MatricesIndicesKind), mw = m.getVerticesData(VertexBuffer.MatricesWeightsKind);
      const remap = new Array<number>(m.skeleton.bones.length).fill(-1);
      for (const b of m.skeleton.bones) { const n = b.getTransformNode(); remap[b.getIndex()] = n ? (boneOf.get(n) ?? -1) : -1; }
      if (!mi || !mw || remap.includes(-1) || !nearlyEqual(m.getWorldMatrix(), world)) { kept.push(m.name); continue; }
      skinned.push({ part: m, positions: pos, normals: nrm, indices: idx, boneIndices: Array.from(mi, (k) => remap[k]!), boneWeights: mw });
      continue;
    }
    const bone = carryingBone(m, boneOf);
    if (bone < 0) { kept.push(m.name); continue; }
    // vertex × partWorld = p × bone × meshWorld  ⇒  p = vertex × partWorld × (bone × meshWorld)⁻¹
    Matrix.FromArrayToRef(bones, bone * 16, boneMat);
    boneMat.multiplyToRef(world, inv);
    inv.invert();
    m.getWorldMatrix().multiplyToRef(inv, toMesh);
    const p: number[] = [], n: number[] = [], t: number[] = [];
    for (let i = 0; i < pos.length; i += 3) {
      Vector3.TransformCoordinatesFromFloatsToRef(pos[i]!, pos[i + 1]!, pos[i + 2]!, toMesh, v);
      p.push(v.x, v.y, v.z);
      Vector3.TransformNormalFromFloatsToRef(nrm[i]!, nrm[i + 1]!, nrm[i + 2]!, toMesh, v);
      v.normalize();
      n.push(v.x, v.y, v.z);
    }
    const flip = toMesh.determinant() < 0; // a mirroring transform reverses the winding
    for (let i = 0; i < idx.length; i += 3) t.push(idx[i]!, idx[i + (flip ? 2 : 1)]!, idx[i + (flip ? 1 : 2)]!);
    const count = pos.length / 3;
    rigid.push({ part: m, positions: p, normals: n, indices: t, boneIndices: Array.from({ length: count * 4 }, (_, i) => (i % 4 ? 0 : bone)), boneWeights: Array.from({ length: count * 4 }, (_, i) => (i % 4 ? 0 : 1)) });
  }
  const meshes: Mesh[] = [];
  if (rigid.length) { fill(probe, rigid, 1); meshes.push(probe); } else probe.dispose();
  if (skinned.length) {
    const mesh = meshLike(host, `${name}:skinned`, skeleton);
    fill(mesh, skinned, Math.max(...skinned.map((b) => b.part.numBoneInfluencers)));
    meshes.push(mesh);
  }
  const merged = [...rigid, ...skinned].map((b) => b.part);
  for (const m of merged) m.dispose(false, false);
  return { meshes: [...meshes, ...parts.filter((m) => kept.includes(m.name))], merged: merged.map((m) => m.name), kept };
}
