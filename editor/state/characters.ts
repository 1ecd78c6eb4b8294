/**
 * Finds the characters in a scene (skinned skeletons and the loader root above them) and maps an
 * Inspector selection (mesh, node, bone, skeleton) to one of them.
 * @packageDocumentation
 */
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import type { Skeleton } from '@babylonjs/core/Bones/skeleton.js';
import type { Node } from '@babylonjs/core/node.js';
import type { Scene } from '@babylonjs/core/scene.js';

/** A character the pane can bind. */
export interface CharacterCandidate {
  /** Stable id within the scene (`skeleton:<uniqueId>`). */
  id: string;
  /** What people see: the loader root's or mesh's name, with the skeleton's. */
  label: string;
  /** What is bound: the loader's `__root__` above the skinned mesh, else the mesh, else the skeleton. */
  target: Node | Skeleton;
  skeleton: Skeleton;
  /** Every skeleton bound through the same target (characters made of several skinned meshes). */
  skeletons: Skeleton[];
  /** Number of bones. */
  bones: number;
}

function topOf(node: Node): Node {
  for (let k: Node | null = node; k; k = k.parent) if (k.name === '__root__') return k;
  return node;
}

/** The scene's characters (largest first): one per loader root, however many skinned meshes it has. */
export function findCharacters(scene: Scene): CharacterCandidate[] {
  const out: CharacterCandidate[] = [];
  for (const skeleton of scene.skeletons) {
    const mesh = (scene.meshes as AbstractMesh[]).find((m) => m.skeleton === skeleton);
    const target: Node | Skeleton = mesh ? topOf(mesh) : skeleton;
    const holder = mesh && target !== mesh && (target as Node).parent === null ? ((target as Node).getChildren()[0] ?? mesh) : (mesh ?? null);
    const name = holder?.name && holder.name !== '__root__' ? holder.name : mesh?.name ?? skeleton.name;
    const same = out.find((c) => c.target === target && target !== skeleton);
    if (same) {
      same.skeletons.push(skeleton);
      continue;
    }
    out.push({ id: `skeleton:${skeleton.uniqueId}`, label: `${name} (${skeleton.name || 'skeleton'}, ${skeleton.bones.length} bones)`, target, skeleton, skeletons: [skeleton], bones: skeleton.bones.length });
  }
  return out.sort((a, b) => b.bones - a.bones);
}

/** The candidate an Inspector selection belongs to (a mesh, node, bone or skeleton of it), or null. */
export function candidateForEntity(candidates: readonly CharacterCandidate[], entity: unknown): CharacterCandidate | null {
  if (!entity || typeof entity !== 'object') return null;
  for (const c of candidates) {
    if (entity === c.target || c.skeletons.includes(entity as Skeleton)) return c;
    for (const sk of c.skeletons) {
      if (sk.bones.includes(entity as never) || sk.bones.some((b) => b.getTransformNode() === entity)) return c;
      if ((entity as AbstractMesh).skeleton === sk) return c;
    }
    const node = entity as Node;
    if (typeof node.isDescendantOf === 'function' && c.target !== c.skeleton && node.isDescendantOf(c.target as Node)) return c;
  }
  return null;
}
