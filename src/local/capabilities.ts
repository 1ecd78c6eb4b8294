/**
 * MMCP `capabilities()` for a local model package: one `ModelSpec` built from the manifest,
 * advertising exactly what the runtime does with it.
 */
import type { Capabilities, ModelSpec } from '../protocol/types.js';
import { PROTOCOL_VERSION } from '../protocol/types.js';
import type { ModelManifest } from './manifest.js';

/** Longest clip the runtime stitches from windows of `limits.max_frames`, in seconds. */
export const LOCAL_MAX_DURATION_SECONDS = 30;
/** Most samples per request (run one after another, so memory stays flat). */
export const LOCAL_MAX_NUM_SAMPLES = 16;

/** The `ModelSpec` a local package answers with. */
export function modelSpecFromManifest(m: ModelManifest): ModelSpec {
  const nativeSeconds = m.limits.max_frames / m.fps;
  return {
    id: m.id,
    fps: m.fps,
    canonical_skeleton: m.canonical_skeleton,
    supports_retargeting: false,
    supports_async: false,
    supports_segment_seed: false,
    supports_loop: m.supports_loop === true,
    supports_motion_reference_mixed: m.supported_segments.includes('motion_reference'),
    supports_batch: false,
    supports_trajectory: true,
    supported_constraints: [...m.supported_constraints],
    supported_segments: [...m.supported_segments],
    supported_guidance_types: ['nocfg'],
    predicted_contact_joints: [...m.features.contact_joints],
    native_clip_seconds: nativeSeconds,
    chunking: 'stitched',
    recommended_max_duration_seconds: nativeSeconds,
    limits: {
      max_duration_seconds: LOCAL_MAX_DURATION_SECONDS,
      max_num_samples: LOCAL_MAX_NUM_SAMPLES,
      max_constraints_per_request: 64,
      max_prompt_length: 1000,
      max_request_bytes: 1_048_576,
    },
    version: m.version,
    license: m.license,
  };
}

/** The `Capabilities` object of a local backend serving one package. */
export function capabilitiesFromManifest(m: ModelManifest): Capabilities {
  return {
    protocol_version: PROTOCOL_VERSION,
    rotation_format: 'quaternion_xyzw',
    coordinate_system: 'right_handed_y_up',
    units: 'meters',
    response_formats: ['gltf_2.0_binary'],
    models: [modelSpecFromManifest(m)],
  };
}
