/**
 * `mergeCharacterMeshes` (samples/npc): the merged single-draw character must render every part
 * where the original parts render, for the load pose and for an arbitrary pose of its joints
 * (CPU skinning of the merged mesh vs. the parts' own world transforms / skinning).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import { Matrix, Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.pure.js';
import { VertexBuffer } from '@babylonjs/core/Buffers/buffer.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { Scene } from '@babylonjs/core/scene.js';
import '@babylonjs/loaders/glTF/2.0/index.js';
import { mergeCharacterMeshes } from '../../samples/npc/merge-character.js';
import { makeScene } from '../support/characters.js';

/** World positions of a mesh's vertices as rendered (rigid: world matrix; skinned: linear blend skinning). */
function rendered(m: AbstractMesh): number[] {
  m.computeWorldMatrix(true);
  const pos = m.getVerticesData(VertexBuffer.PositionKind)!;
  const world = m.getWorldMatrix();
  const out: number[] = [];
  const v = new Vector3();
  if (!m.skeleton) {
    for (let i = 0; i < pos.length; i += 3) { Vector3.TransformCoordinatesFromFloatsToRef(pos[i]!, pos[i + 1]!, pos[i + 2]!, world, v); out.push(v.x, v.y, v.z); }
    return out;
  }
  m.skeleton.prepare(true);
  const bones = m.skeleton.getTransformMatrices(m);
  const mi = m.getVerticesData(VertexBuffer.MatricesIndicesKind)!;
  const mw = m.getVerticesData(VertexBuffer.MatricesWeightsKind)!;
  const acc = new Float32Array(16), full = new Matrix();
  for (let i = 0; i < pos.length / 3; i++) {
    acc.fill(0);
    for (let c = 0; c < 4; c++) {
      const w = mw[i * 4 + c]!, o = mi[i * 4 + c]! * 16;
      for (let k = 0; k < 16; k++) acc[k] = acc[k]! + w * bones[o + k]!;
    }
    const skin = Matrix.FromArray(acc);
    skin.multiplyToRef(world, full);
    Vector3.TransformCoordinatesFromFloatsToRef(pos[i * 3]!, pos[i * 3 + 1]!, pos[i * 3 + 2]!, full, v);
    out.push(v.x, v.y, v.z);
  }
  return out;
}

async function robot(scene: Scene): Promise<TransformNode> {
  const bytes = new Uint8Array(readFileSync('samples/assets/RobotExpressive.glb'));
  const c = await LoadAssetContainerAsync(bytes, scene, { pluginExtension: '.glb', pluginOptions: { gltf: { animationStartMode: 0 } } });
  const e = c.instantiateModelsToScene((n) => n, false, { doNotInstantiate: true });
  for (const g of e.animationGroups) g.dispose();
  // As the NPC sample does: the face's morph targets are not used (parts with morph targets are kept apart).
  for (const m of e.rootNodes[0]!.getChildMeshes(false)) m.morphTargetManager = null;
  return e.rootNodes[0] as TransformNode;
}

/** Rotates every joint of `root` by a deterministic pseudo-random small rotation. */
function pose(root: TransformNode, seed: number): void {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const joints = new Set<TransformNode>();
  for (const m of root.getChildMeshes(false)) for (const b of m.skeleton?.bones ?? []) { const n = b.getTransformNode(); if (n) joints.add(n); }
  for (const j of joints) {
    const q = Quaternion.RotationYawPitchRoll(rnd() * 0.6, rnd() * 0.6, rnd() * 0.6);
    j.rotationQuaternion = (j.rotationQuaternion ?? Quaternion.Identity()).multiply(q);
  }
  root.position.set(1.5, 0, -2);
}

describe('mergeCharacterMeshes', () => {
  it('bakes RobotExpressive (15 rigid parts + 4 skinned ones on 2 skins) into 2 meshes on one skeleton that render like the parts', async () => {
    const scene = makeScene();
    const a = await robot(scene);
    const b = await robot(scene);
    const originals = (a.getChildMeshes(false) as AbstractMesh[]).filter((m) => m.getTotalVertices() > 0);
    const report = mergeCharacterMeshes(b);
    expect(report.kept).toEqual([]);
    expect(report.merged).toHaveLength(originals.length);
    const [rigid, skinned] = report.meshes;
    expect(report.meshes).toHaveLength(2);
    expect((b.getChildMeshes(false) as AbstractMesh[]).filter((m) => m.getTotalVertices() > 0)).toEqual(report.meshes);
    expect(rigid!.skeleton).toBe(skinned!.skeleton);
    // Rigid parts: one influence per vertex; the hands keep their 4-bone skinning.
    expect([rigid!.numBoneInfluencers, skinned!.numBoneInfluencers]).toEqual([1, 4]);
    expect(rigid!.getTotalVertices() + skinned!.getTotalVertices()).toBe(originals.reduce((n, m) => n + m.getTotalVertices(), 0));
    // Same order as the merge: rigid parts first, then skinned ones.
    const ordered = [...originals.filter((m) => !m.skeleton), ...originals.filter((m) => m.skeleton)];
    let first: number[] = [];
    for (const seed of [0, 7, 42]) {
      if (seed) { pose(a, seed); pose(b, seed); }
      const want = ordered.flatMap((m) => rendered(m));
      const got = report.meshes.flatMap((m) => rendered(m));
      if (!seed) first = want;
      expect(got.length).toBe(want.length);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
      if (seed) expect(Math.max(...want.map((w, i) => Math.abs(w - first[i]!))), 'the pose moves the parts').toBeGreaterThan(0.5);
      expect(worst, `seed ${seed}: max vertex error`).toBeLessThan(1e-3);
    }
  });

  it('leaves a character that is already one skinned mesh as it is', async () => {
    const scene = makeScene();
    const c = await LoadAssetContainerAsync(new Uint8Array(readFileSync('samples/assets/RiggedFigure.glb')), scene, { pluginExtension: '.glb' });
    const e = c.instantiateModelsToScene((n) => n, false, { doNotInstantiate: true });
    const root = e.rootNodes[0] as TransformNode;
    const [only, ...others] = root.getChildMeshes(false).filter((m) => m.getTotalVertices() > 0);
    expect(others).toEqual([]);
    const report = mergeCharacterMeshes(root);
    expect(report).toEqual({ meshes: [only], merged: [], kept: [] });
    expect(only!.isDisposed()).toBe(false);
  });
});
