/**
 * `.glb` export of a kept AnimationGroup with `@babylonjs/serializers` (loaded on demand): the
 * character's nodes and meshes with only that group's animation. The character is put back in
 * its rest pose first, so the file's nodes carry the rest pose, not the frame on screen.
 * @packageDocumentation
 */
import type { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import type { Node } from '@babylonjs/core/node.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { CharacterRig, RigTarget } from '../../src/babylon/bind.js';
import { MmcpError } from '../../src/protocol/errors.js';
import { EDITOR_HELPER } from './path-tool.js';

/** Node transforms captured at bind time, to restore before exporting. */
export interface RestPose {
  restore(): void;
}

/** Captures the current local TRS of every rig target. */
export function captureRestPose(rig: CharacterRig): RestPose {
  const saved = rig.targets.map((t: RigTarget) => {
    const n = t as unknown as { position?: { clone(): unknown; copyFrom(v: unknown): void }; rotationQuaternion?: { clone(): unknown; copyFrom(v: unknown): void } | null; scaling?: { clone(): unknown; copyFrom(v: unknown): void } };
    return { n, p: n.position?.clone(), r: n.rotationQuaternion?.clone(), s: n.scaling?.clone() };
  });
  return {
    restore() {
      for (const { n, p, r, s } of saved) {
        if (p && n.position) n.position.copyFrom(p);
        if (r && n.rotationQuaternion) n.rotationQuaternion.copyFrom(r);
        if (s && n.scaling) n.scaling.copyFrom(s);
      }
    },
  };
}

/** A file name made of the group's name (letters, digits, `-`, `_`). */
export function exportFileName(name: string, suffix = ''): string {
  const base = name.trim().replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'motion';
  return `${base}${suffix}.glb`;
}

/**
 * Exports the character under `root` with only `group`'s animation as GLB bytes.
 * @throws MmcpError `export_failed` when the serializer fails or the group has no animation.
 */
export async function exportGroupGlb(scene: Scene, group: AnimationGroup, root: Node | null, rest: RestPose | null): Promise<Uint8Array> {
  if (!group.targetedAnimations.length) throw new MmcpError('export_failed', `"${group.name}" has no animations to export.`, {});
  const { GLTF2Export } = await import('@babylonjs/serializers/glTF/2.0/glTFSerializer.js');
  const animations = new Set(group.targetedAnimations.map((t) => t.animation));
  const playing = scene.animationGroups.filter((g) => g.isPlaying);
  for (const g of playing) g.pause();
  rest?.restore();
  try {
    const name = exportFileName(group.name);
    const data = await GLTF2Export.GLBAsync(scene, name.replace(/\.glb$/, ''), {
      shouldExportNode: (node: Node) => !node.metadata?.[EDITOR_HELPER] && (root === null || node === root || node.isDescendantOf(root)),
      shouldExportAnimation: (a) => animations.has(a),
    });
    const blob = Object.values(data.files)[0];
    if (!(blob instanceof Blob)) throw new Error('the serializer returned no GLB');
    return new Uint8Array(await blob.arrayBuffer());
  } catch (err) {
    throw err instanceof MmcpError ? err : new MmcpError('export_failed', `Exporting "${group.name}" failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    for (const g of playing) g.play(g.loopAnimation);
  }
}

/** Offers bytes as a file download (an `<a download>` click). */
export function downloadBytes(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'model/gltf-binary' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
