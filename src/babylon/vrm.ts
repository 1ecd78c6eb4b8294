/**
 * Reading the VRM humanoid map from a glTF/GLB/VRM file's JSON. Babylon's loader ignores the
 * `VRM` / `VRMC_vrm` / `VRMC_vrm_animation` extensions, so the plugin reads them from the file:
 * pass the file bytes (or the parsed JSON) to `bindCharacter(root, { gltf })`.
 * @packageDocumentation
 */
import { MmcpError } from '../protocol/errors.js';

/** The humanoid bones a VRM file declares: role → glTF node index, plus node names. */
export interface VrmHumanoid {
  version: '0.x' | '1.0' | 'vrma';
  bones: Record<string, number>;
  nodeNames: (string | undefined)[];
}

/** Extracts the JSON chunk of a GLB (or parses JSON text bytes). */
export function readGltfJson(bytes: Uint8Array): Record<string, unknown> {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: string;
  if (bytes.byteLength >= 20 && dv.getUint32(0, true) === 0x46546c67) {
    const len = dv.getUint32(12, true);
    if (dv.getUint32(16, true) !== 0x4e4f534a || 20 + len > bytes.byteLength) throw new MmcpError('bad_response', 'The GLB has no valid JSON chunk.', { phase: 'parse' });
    text = new TextDecoder().decode(bytes.subarray(20, 20 + len));
  } else text = new TextDecoder().decode(bytes);
  const json: unknown = JSON.parse(text);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new MmcpError('bad_response', 'The glTF JSON is not an object.', { phase: 'parse' });
  return json as Record<string, unknown>;
}

// VRM 0.x thumbs are named one segment higher than VRM 1.0's.
const VRM0_RENAME: Record<string, string> = {
  leftThumbProximal: 'leftThumbMetacarpal', leftThumbIntermediate: 'leftThumbProximal',
  rightThumbProximal: 'rightThumbMetacarpal', rightThumbIntermediate: 'rightThumbProximal',
};

/** Reads the VRM 1.0 / 0.x / VRMA humanoid map, or undefined when the file has none. */
export function readVrmHumanoid(gltf: unknown): VrmHumanoid | undefined {
  const json = gltf instanceof Uint8Array ? readGltfJson(gltf) : (gltf as Record<string, unknown> | null);
  if (!json || typeof json !== 'object') return undefined;
  const ext = (json.extensions ?? {}) as Record<string, { humanoid?: { humanBones?: unknown } }>;
  const nodes = Array.isArray(json.nodes) ? (json.nodes as { name?: string }[]) : [];
  const nodeNames = nodes.map((n) => n?.name);
  const bones: Record<string, number> = {};
  const v1 = ext.VRMC_vrm?.humanoid?.humanBones ?? ext.VRMC_vrm_animation?.humanoid?.humanBones;
  if (v1 && typeof v1 === 'object' && !Array.isArray(v1)) {
    for (const [role, b] of Object.entries(v1 as Record<string, { node?: number }>)) if (typeof b?.node === 'number') bones[role] = b.node;
    return { version: ext.VRMC_vrm ? '1.0' : 'vrma', bones, nodeNames };
  }
  const v0 = ext.VRM?.humanoid?.humanBones;
  if (Array.isArray(v0)) {
    for (const b of v0 as { bone?: string; node?: number }[]) {
      if (typeof b?.bone === 'string' && typeof b.node === 'number' && b.node >= 0) bones[VRM0_RENAME[b.bone] ?? b.bone] = b.node;
    }
    return { version: '0.x', bones, nodeNames };
  }
  return undefined;
}
