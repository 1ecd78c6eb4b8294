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
  /** Number of bones. */
  bones: number;
}

function topOf(node: Node): Node {
  for (let k: Node | null = node; k; k = k.parent) if (k.name === '__root__') return k;
  return node;
}

/** Every skeleton of the scene as a bindable character (largest first). */
export function findCharacters(scene: Scene): CharacterCandidate[] {
  const out: CharacterCandidate[] = [];
  for (const skeleton of scene.skeletons) {
    const mesh = (scene.meshes as AbstractMesh[]).find((m) => m.skeleton === skeleton);
    const target: Node | Skeleton = mesh ? topOf(mesh) : skeleton;
    const holder = mesh && target !== mesh && (target as Node).parent === null ? ((target as Node).getChildren()[0] ?? mesh) : (mesh ?? null);
    const name = holder?.name && holder.name !== '__root__' ? holder.name : mesh?.name ?? skeleton.name;
    out.push({ id: `skeleton:${skeleton.uniqueId}`, label: `${name} (${skeleton.name || 'skeleton'}, ${skeleton.bones.length} bones)`, target, skeleton, bones: skeleton.bones.length });
  }
  return out.sort((a, b) => b.bones - a.bones);
}

/** The candidate an Inspector selection belongs to (a mesh, node, bone or skeleton of it), or null. */
export function candidateForEntity(candidates: readonly CharacterCandidate[], entity: unknown): CharacterCandidate | null {
  if (!entity || typeof entity !== 'object') return null;
  for (const c of candidates) {
    if (entity === c.skeleton || entity === c.target) return c;
    if (c.skeleton.bones.includes(entity as never)) return c;
    const linked = c.skeleton.bones.some((b) => b.getTransformNode() === entity);
    if (linked) return c;
    if ((entity as AbstractMesh).skeleton === c.skeleton) return c;
    const node = entity as Node;
    if (typeof node.isDescendantOf === 'function' && c.target !== c.skeleton && node.isDescendantOf(c.target as Node)) return c;
  }
  return null;
}
