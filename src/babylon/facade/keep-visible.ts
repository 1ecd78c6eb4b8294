import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import type { Node } from '@babylonjs/core/node.js';
import type { Skeleton } from '@babylonjs/core/Bones/skeleton.js';

/**
 * Skinned meshes keep the bounding box computed at load, around the bind pose at the origin. Root
 * motion moves the bones (and so the visible character) metres away from that box, and Babylon's
 * frustum culling then hides the character as soon as the camera no longer sees the origin. Marks
 * the character's skinned meshes `alwaysSelectAsActiveMesh` (no culling, no per-frame CPU skinning
 * to refresh the box). Returns the meshes changed.
 */
export function keepSkinnedMeshesVisible(character: Node | Skeleton): AbstractMesh[] {
  const isSkeleton = Array.isArray((character as Skeleton).bones) && typeof (character as Skeleton).prepare === 'function';
  const candidates: AbstractMesh[] = isSkeleton
    ? ((character as Skeleton).getScene().meshes as AbstractMesh[]).filter((m) => m.skeleton === character)
    : [...((character as AbstractMesh).skeleton ? [character as AbstractMesh] : []), ...((character as Node).getChildMeshes(false) as AbstractMesh[])];
  const changed: AbstractMesh[] = [];
  for (const m of candidates) {
    if (!m.skeleton || m.alwaysSelectAsActiveMesh) continue;
    m.alwaysSelectAsActiveMesh = true;
    changed.push(m);
  }
  return changed;
}
