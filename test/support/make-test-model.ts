/**
 * Builds a small ONNX decoder with the same I/O contract as the default model
 * (MODEL-CONTRACT.md: cond [B,T,C], noise [B,T/stride,Dz] → features [B,T,F]) plus a manifest,
 * so the local runtime can be tested before (and independently of) the trained model.
 *
 * The graph is deterministic (weights from a seeded PRNG) and behaves a little like a motion
 * model: a linear skip path copies the `speed` / `turn` conditioning into the root forward
 * velocity and heading rate, so root_path conditioning visibly steers it; noise is upsampled by
 * Unsqueeze → Expand → Reshape (the contract's "Resize nearest" equivalent).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { mulberry32 } from './mulberry32.js';

const { onnx } = onnxProto;

/** Options for {@link makeTestModel}. */
export interface TestModelOptions {
  /** Hidden width (bigger = slower steps; the browser abort test uses a wide one). */
  hidden?: number;
  /** Model id in the manifest. */
  id?: string;
  version?: string;
  /** Weight seed. */
  seed?: number;
  /** Manifest `limits` override. */
  maxFrames?: number;
  /** Manifest `supports_loop` (default false). */
  supportsLoop?: boolean;
}

/** A built test package: file bytes by name plus the manifest object (also in `files`). */
export interface TestModelPackage {
  manifest: Record<string, unknown>;
  files: Record<string, Uint8Array>;
}

/** Tiny canonical skeleton (MMCP conventions: metres, +Y up, facing +Z, feet at y = 0). */
export const TEST_JOINTS = [
  { name: 'Hips', parent: null, rest_translation: [0, 0.9, 0], rest_rotation: [0, 0, 0, 1] },
  { name: 'Spine', parent: 'Hips', rest_translation: [0, 0.3, 0], rest_rotation: [0, 0, 0, 1] },
  { name: 'Head', parent: 'Spine', rest_translation: [0, 0.4, 0], rest_rotation: [0, 0, 0, 1] },
  { name: 'LeftFoot', parent: 'Hips', rest_translation: [0.1, -0.85, 0], rest_rotation: [0, 0, 0, 1] },
  { name: 'RightFoot', parent: 'Hips', rest_translation: [-0.1, -0.85, 0], rest_rotation: [0, 0, 0, 1] },
] as const;
export const TEST_CONTENTS = ['walk', 'run', 'idle'];
export const TEST_STYLES = ['normal', 'happy'];
export const TEST_CONTACT_JOINTS = ['LeftFoot', 'RightFoot'];


function floatTensor(name: string, dims: number[], values: Float32Array): onnxProto.onnx.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}
function int64Tensor(name: string, values: number[]): onnxProto.onnx.ITensorProto {
  const arr = new BigInt64Array(values.map((v) => BigInt(v)));
  return { name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: new Uint8Array(arr.buffer) };
}
function valueInfo(name: string, dims: Array<number | string>): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

/** Builds the test decoder graph and its manifest (sha256 of every file included). */
export function makeTestModel(options: TestModelOptions = {}): TestModelPackage {
  const H = options.hidden ?? 32;
  const J = TEST_JOINTS.length;
  const K = TEST_CONTACT_JOINTS.length;
  const nc = TEST_CONTENTS.length;
  const ns = TEST_STYLES.length;
  const C = nc + ns + 3;
  const F = 4 + 6 * J + K;
  const Dz = 8;
  const stride = 4;
  const rand = mulberry32(options.seed ?? 1234);
  const gauss = (s: number) => (rand() + rand() + rand() - 1.5) * s;

  const w1 = new Float32Array(C * H).map(() => gauss(0.6));
  const b1 = new Float32Array(H).map(() => gauss(0.1));
  const wn = new Float32Array(Dz * H).map(() => gauss(0.5));
  const w2 = new Float32Array(H * F).map(() => gauss(0.15));
  // Output bias: root height 0.9 m, identity 6D rotations, slightly positive contacts.
  const b2 = new Float32Array(F);
  b2[0] = 0.9;
  for (let j = 0; j < J; j++) {
    b2[4 + 6 * j] = 1; // first column (1,0,0)
    b2[4 + 6 * j + 4] = 1; // second column (0,1,0)
  }
  for (let k = 0; k < K; k++) b2[4 + 6 * J + k] = 0.2;
  // Root velocity/heading rate: damp the learned part so the skip path dominates.
  for (let h = 0; h < H; h++) for (const f of [1, 2, 3]) w2[h * F + f]! *= 0.2;
  // Skip path: speed → forward velocity (local +Z, feature 2), turn → heading rate (feature 3).
  const wskip = new Float32Array(C * F);
  wskip[(nc + ns) * F + 2] = 1;
  wskip[(nc + ns + 1) * F + 3] = 1;

  const nodes: onnxProto.onnx.INodeProto[] = [
    { opType: 'MatMul', input: ['cond', 'W1'], output: ['c1'] },
    { opType: 'Add', input: ['c1', 'B1'], output: ['c2'] },
    { opType: 'Unsqueeze', input: ['noise', 'axes2'], output: ['n1'] },
    { opType: 'Expand', input: ['n1', 'expand_shape'], output: ['n2'] },
    { opType: 'Reshape', input: ['n2', 'reshape_shape'], output: ['n3'] },
    { opType: 'MatMul', input: ['n3', 'WN'], output: ['n4'] },
    { opType: 'Add', input: ['c2', 'n4'], output: ['h0'] },
    { opType: 'Tanh', input: ['h0'], output: ['h1'] },
    { opType: 'MatMul', input: ['h1', 'W2'], output: ['o1'] },
    { opType: 'MatMul', input: ['cond', 'WSKIP'], output: ['s1'] },
    { opType: 'Add', input: ['o1', 's1'], output: ['o2'] },
    { opType: 'Add', input: ['o2', 'B2'], output: ['features'] },
  ];
  const graph: onnxProto.onnx.IGraphProto = {
    name: 'test_decoder',
    node: nodes,
    initializer: [
      floatTensor('W1', [C, H], w1),
      floatTensor('B1', [H], b1),
      floatTensor('WN', [Dz, H], wn),
      floatTensor('W2', [H, F], w2),
      floatTensor('B2', [F], b2),
      floatTensor('WSKIP', [C, F], wskip),
      int64Tensor('axes2', [2]),
      int64Tensor('expand_shape', [1, 1, stride, 1]),
      int64Tensor('reshape_shape', [0, -1, Dz]),
    ],
    input: [valueInfo('cond', ['B', 'T', C]), valueInfo('noise', ['B', 'L', Dz])],
    output: [valueInfo('features', ['B', 'T', F])],
  };
  const model = onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'babylon-mmcp-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  }).finish();
  const decoder = new Uint8Array(model);
  const vocabulary = new TextEncoder().encode(JSON.stringify(testVocabulary()));

  const id = options.id ?? 'test-motion-tiny';
  const version = options.version ?? '0.0.1';
  const files: Record<string, Uint8Array> = { 'decoder.onnx': decoder, 'vocabulary.json': vocabulary };
  const manifest = {
    format: 'babylon-mmcp-model/1',
    id,
    version,
    license: 'MIT',
    license_note: 'Synthetic test graph (random weights), for tests only',
    fps: 30,
    canonical_skeleton: { joints: TEST_JOINTS, coordinate_system: 'right_handed_y_up', units: 'meters' },
    contents: TEST_CONTENTS,
    styles: TEST_STYLES,
    label_stats: { 'walk/normal': { speed: 1.2, turn: 0, count: 1 } },
    conditioning: { layout: ['content_onehot', 'style_onehot', 'speed', 'turn', 'traj_flag'], dim: C },
    features: {
      dim: F,
      layout: { root_height: [0, 1], root_velocity_xz: [1, 3], heading_rate: [3, 4], rotations_6d: [4, 4 + 6 * J], contacts: [4 + 6 * J, F] },
      contact_joints: TEST_CONTACT_JOINTS,
    },
    sampler: { type: 'decoder', latent_stride: stride, latent_dim: Dz, temperature: 1.0 },
    limits: { min_frames: 32, max_frames: options.maxFrames ?? 300 },
    graphs: { decoder: { file: 'decoder.onnx', inputs: { cond: ['B', 'T', 'C'], noise: ['B', 'T/latent_stride', 'Dz'] }, outputs: { features: ['B', 'T', 'F'] } } },
    supported_segments: ['text', 'unconditioned'],
    supported_constraints: ['root_path'],
    supports_loop: options.supportsLoop === true,
    files: Object.fromEntries(
      Object.entries(files).map(([name, bytes]) => [name, { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') }]),
    ),
  };
  files['manifest.json'] = new TextEncoder().encode(JSON.stringify(manifest, null, 2));
  return { manifest, files };
}

/**
 * The vocabulary the test package ships (same role as the real package's `vocabulary.json`).
 * Same format as `vocabulary.json` of the default model (src/local/prompt), with a few synonyms.
 */
export function testVocabulary(): Record<string, unknown> {
  const entry = (synonyms: string[]) => ({ phrases: [], synonyms });
  return {
    format: 'babylon-mmcp-vocabulary/1',
    version: '0.0.1',
    default_side: 'right',
    concepts: {},
    contents: {
      walk: { ...entry(['stroll', 'amble']), compose: [] },
      run: { ...entry(['jog', 'sprint']), compose: [] },
      idle: { ...entry(['stand', 'wait']), compose: [] },
    },
    styles: { normal: entry(['neutral']), happy: entry(['cheerful', 'joyful']) },
    sides: { left: ['left'], right: ['right'], both: ['both'] },
    negations: ['not', 'without'],
    stopwords: ['a', 'an', 'the', 'someone', 'person'],
  };
}

/** Writes a test package into `dir` (created if needed) and returns it. */
export function writeTestModel(dir: string, options: TestModelOptions = {}): TestModelPackage {
  const pkg = makeTestModel(options);
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(pkg.files)) writeFileSync(join(dir, name), bytes);
  return pkg;
}
