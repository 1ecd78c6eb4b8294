/** Loads the shared character fixtures into a NullEngine scene (Node tests and benches). */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import type { AssetContainer } from '@babylonjs/core/assetContainer.js';
import type { Node } from '@babylonjs/core/node.js';
import '@babylonjs/loaders/glTF/2.0/index.js';

/** The shared material folder: `$MMCP_SHARED_DIR`, else `../shared` next to the repository, else `/work/shared`. */
export const SHARED = process.env.MMCP_SHARED_DIR
  ?? (existsSync(fileURLToPath(new URL('../../../shared/assets', import.meta.url))) ? fileURLToPath(new URL('../../../shared', import.meta.url)) : '/work/shared');

/** Where the shared character fixtures live. */
export const CHARACTERS = `${SHARED}/assets/characters`;

/** The Kimodo SOMA-30 canonical skeleton fixture. */
export const SOMA30_PATH = `${SHARED}/fixtures/mmcp/kimodo-soma30-canonical.json`;

/** A loaded character. */
export interface LoadedCharacter {
  scene: Scene;
  container: AssetContainer;
  /** The loader's `__root__`. */
  root: Node;
  /** The file bytes (for the VRM extension). */
  bytes: Uint8Array;
}

/** Creates a NullEngine scene. */
export function makeScene(rightHanded = false): Scene {
  const engine = new NullEngine();
  const scene = new Scene(engine);
  scene.useRightHandedSystem = rightHanded;
  return scene;
}

/** Loads `file` (relative to the characters folder) into a fresh scene. */
export async function loadCharacter(file: string, rightHanded = false, scene = makeScene(rightHanded)): Promise<LoadedCharacter> {
  const bytes = new Uint8Array(readFileSync(`${CHARACTERS}/${file}`));
  const container = await LoadAssetContainerAsync(bytes, scene, {
    pluginExtension: '.glb',
    pluginOptions: { gltf: { animationStartMode: 0 } },
  });
  container.addAllToScene();
  const root = container.rootNodes.find((n) => n.name === '__root__') ?? container.rootNodes[0]!;
  return { scene, container, root, bytes };
}
