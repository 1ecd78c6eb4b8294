import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MotionFormatError,
  encodeMotionDocument,
  glbToGltf,
  parseMotionDocument,
  restWorldPositions,
  stringifyGltfJson,
  toGlbBytes,
  type MotionDocument,
} from '../../src/motion/index.js';
import { DocBuilder, buildGolden, packGlb, type Json } from './motion-gltf-builder.js';

const DIR = '/work/shared/fixtures/mmcp';

function expectError(fn: () => unknown, code: string, pathPart?: string): MotionFormatError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, `expected MotionFormatError(${code})`).toBeInstanceOf(MotionFormatError);
  const m = err as MotionFormatError;
  expect(m.code).toBe(code);
  if (pathPart) expect(m.message).toContain(pathPart);
  return m;
}

/** Rotation matrix rows of a unit quaternion. */
function matrix(q: ArrayLike<number>): number[][] {
  const [x, y, z, w] = [q[0]!, q[1]!, q[2]!, q[3]!];
  return [
    [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
    [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
    [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
  ];
}

describe('golden 3-joint document (checklist item 82)', () => {
  for (const form of ['json', 'glb'] as const) {
    it(`gives the stated values (${form})`, () => {
      const g = buildGolden();
      const doc = parseMotionDocument(form === 'json' ? g : packGlb(g));
      expect(doc.skeleton.names).toEqual(['Hips', 'Spine', 'Head']);
      expect(Array.from(doc.skeleton.parents)).toEqual([-1, 0, 1]);
      expect(doc.clips).toHaveLength(1);
      const c = doc.clips[0]!;
      expect(c.frameCount).toBe(2);
      expect(c.fps).toBeCloseTo(30, 4);
      expect(doc.fps).toBeCloseTo(30, 4);
      expect(c.jointNames).toEqual(['Hips', 'Spine', 'Head']);
      const m = matrix(c.rotations.subarray(12, 16)); // frame 1, Hips
      const expected = [[0, 0, 1], [0, 1, 0], [-1, 0, 0]];
      m.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(expected[i]![k]!, 6)));
      for (const o of [0, 4, 8, 16, 20]) expect(Array.from(c.rotations.subarray(o, o + 4))).toEqual([0, 0, 0, 1]);
      expect(Array.from(c.rootPositions)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(c.footContacts).toBeUndefined();
      expect(c.trajectory).toBeUndefined();
      expect(c.chunkBoundaries).toEqual([]);
      const world = restWorldPositions(doc.skeleton);
      expect([world[1], world[4], world[7]].map((y) => Math.round(y! * 1e6) / 1e6)).toEqual([1, 1.5, 1.8]);
    });
  }

  it('num_samples 3 → three clips in order; no rotation channels → typed error', () => {
    const doc = parseMotionDocument(buildGolden({ samples: 3 }));
    expect(doc.clips.map((c) => c.name)).toEqual(['sample_0', 'sample_1', 'sample_2']);
    expectError(() => parseMotionDocument(buildGolden({ withRotations: false })), 'no_rotation_channels', 'animations[0]');
    const none = buildGolden();
    none['animations'] = [];
    expectError(() => parseMotionDocument(none), 'no_animations');
    delete none['animations'];
    expectError(() => parseMotionDocument(none), 'no_animations');
  });

  it('rest offsets accumulate through ancestor rest rotations', () => {
    const g = buildGolden();
    (g['nodes'] as Json[])[0]!['rotation'] = [0, 0, Math.SQRT1_2, Math.SQRT1_2]; // Hips rest 90° about +Z
    const w = restWorldPositions(parseMotionDocument(g).skeleton);
    expect(w[3]).toBeCloseTo(-0.5, 6); // Spine offset (0,0.5,0) rotated to −X
    expect(w[4]).toBeCloseTo(1, 6);
    expect(w[6]).toBeCloseTo(-0.8, 6);
  });
});

describe('GLB container rules (checklist items 46, 94, 95)', () => {
  const good = packGlb(buildGolden());
  const mutate = (f: (b: Buffer) => Buffer | Uint8Array): Uint8Array => new Uint8Array(f(Buffer.from(good)));
  const setLen = (b: Buffer): Buffer => {
    b.writeUInt32LE(b.length, 8);
    return b;
  };

  it('the valid GLB parses', () => expect(parseMotionDocument(good).clips).toHaveLength(1));
  it('shorter than the header', () => expectError(() => parseMotionDocument(good.subarray(0, 11)), 'bad_glb_header', '12-byte'));
  it('bad magic', () => expectError(() => parseMotionDocument(mutate((b) => (b.write('nope', 0, 'latin1'), b))), 'bad_glb_header', 'magic'));
  it('version ≠ 2', () => expectError(() => parseMotionDocument(mutate((b) => (b.writeUInt32LE(1, 4), b))), 'bad_glb_header', 'version'));
  it('length field ≠ byte count', () => {
    expectError(() => parseMotionDocument(mutate((b) => (b.writeUInt32LE(b.length + 4, 8), b))), 'bad_glb_header', 'length');
    expectError(() => parseMotionDocument(good.subarray(0, good.length - 4)), 'bad_glb_header', 'length');
  });
  it('truncated chunk header', () => expectError(() => parseMotionDocument(mutate((b) => setLen(Buffer.concat([b, Buffer.alloc(4)])))), 'bad_glb_chunk', 'header is truncated'));
  it('truncated chunk', () => expectError(() => parseMotionDocument(mutate((b) => setLen(b.subarray(0, b.length - 8)))), 'bad_glb_chunk', 'exceeds'));
  it('first chunk not JSON', () => expectError(() => parseMotionDocument(mutate((b) => (b.writeUInt32LE(0x004e4942, 16), b))), 'bad_glb_chunk', 'glb.chunks[0]'));
  it('JSON not an object / not JSON', () => {
    const arr = packGlb({ nodes: [] } as Json);
    const jsonLen = Buffer.from(arr).readUInt32LE(12);
    const notObj = Buffer.from(arr);
    notObj.write('[1]'.padEnd(jsonLen, ' '), 20, 'utf8');
    expectError(() => parseMotionDocument(new Uint8Array(notObj)), 'bad_json', 'not a JSON object');
    notObj.write('{"a":'.padEnd(jsonLen, ' '), 20, 'utf8');
    expectError(() => parseMotionDocument(new Uint8Array(notObj)), 'bad_json', 'not valid JSON');
  });
  it('buffer 0 byteLength larger than the BIN chunk', () => {
    const g = buildGolden();
    const glb = Buffer.from(packGlb(g));
    const text = glb.subarray(20, 20 + glb.readUInt32LE(12)).toString('utf8');
    const j = JSON.parse(text);
    j.buffers[0].byteLength += 64;
    const doc = packGlb(j); // no data URI left: repack JSON, then add the old BIN chunk
    const binChunk = glb.subarray(20 + glb.readUInt32LE(12));
    const out = setLen(Buffer.concat([Buffer.from(doc), binChunk]));
    expectError(() => parseMotionDocument(new Uint8Array(out)), 'out_of_bounds', 'buffers[0].byteLength');
  });
  it('a GLB with only a JSON chunk is returned unchanged and its data: URI buffer is read', () => {
    const g = buildGolden();
    const jsonOnly = packGlb(g, false);
    expect(glbToGltf(jsonOnly)).toEqual(g);
    expect(Array.from(parseMotionDocument(jsonOnly).clips[0]!.rootPositions)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('glbToGltf preserves buffer 0 byteLength (padding dropped) and the arrays', () => {
    const g = buildGolden();
    const round = glbToGltf(packGlb(g));
    expect(round['buffers']).toEqual(g['buffers']);
  });
});

describe('accessor decoding', () => {
  /** A 1-joint, 3-frame document whose rotation accessor is given by `rot`. */
  function oneJoint(rot: (b: DocBuilder) => number, times?: (b: DocBuilder) => number): Json {
    const b = new DocBuilder([{ name: 'Root', translation: [0, 1, 0] }]);
    const t = times ? times(b) : b.floats('SCALAR', [0, 1 / 30, 2 / 30]);
    const r = rot(b);
    b.doc.animations.push({ samplers: [{ input: t, output: r, interpolation: 'STEP' }], channels: [{ sampler: 0, target: { node: 0, path: 'rotation' } }] });
    return b.gltf();
  }
  const Q = [0, 0, 0, 1, 0.5, -0.5, 0.5, 0.5, -1, 0, 0, 0];

  it('float32 with byteStride (interleaved padding) and accessor byteOffset', () => {
    const doc = oneJoint((b) => {
      const bytes = new Float32Array(4 + 3 * 5);
      Q.forEach((v, i) => (bytes[4 + Math.floor(i / 4) * 5 + (i % 4)] = v));
      return b.raw(new Uint8Array(bytes.buffer), { byteOffset: 16, componentType: 5126, count: 3, type: 'VEC4' }, { byteStride: 20 });
    });
    expect(Array.from(parseMotionDocument(doc).clips[0]!.rotations)).toEqual(Q);
    expect(Array.from(parseMotionDocument(packGlb(doc)).clips[0]!.rotations)).toEqual(Q);
  });

  const cases: [number, boolean, (v: number) => number, number][] = [
    [5120, true, (v) => Math.round(v * 127), 1],
    [5122, true, (v) => Math.round(v * 32767), 2],
    [5121, false, (v) => Math.round(v * 2) + 2, 1],
    [5123, false, (v) => Math.round(v * 2) + 2, 2],
    [5125, false, (v) => Math.round(v * 2) + 2, 4],
  ];
  it.each(cases)('componentType %i normalized=%s', (ct, normalized, enc, size) => {
    const doc = oneJoint((b) => {
      const bytes = Buffer.alloc(Q.length * size);
      Q.forEach((v, i) => {
        const x = enc(v);
        if (ct === 5120) bytes.writeInt8(x, i);
        else if (ct === 5121) bytes.writeUInt8(x, i);
        else if (ct === 5122) bytes.writeInt16LE(x, i * 2);
        else if (ct === 5123) bytes.writeUInt16LE(x, i * 2);
        else bytes.writeUInt32LE(x, i * 4);
      });
      return b.raw(new Uint8Array(bytes), { componentType: ct, count: 3, type: 'VEC4', ...(normalized ? { normalized: true } : {}) });
    });
    const rot = Array.from(parseMotionDocument(doc).clips[0]!.rotations);
    const expected = Q.map((v) => (normalized ? enc(v) / (ct === 5120 ? 127 : 32767) : enc(v)));
    rot.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('normalized uint8 / uint16 map to [0,1], int8 −128 clamps to −1', () => {
    const doc = oneJoint((b) => b.raw(Uint8Array.from([0, 255, 128, 1, 0x80, 0x80, 0x80, 0x80, 0, 0, 0, 0]), { componentType: 5121, count: 3, type: 'VEC4', normalized: true }));
    const r = parseMotionDocument(doc).clips[0]!.rotations;
    expect(r[1]).toBe(1);
    expect(r[2]).toBeCloseTo(128 / 255, 6);
    const doc2 = oneJoint((b) => b.raw(Uint8Array.from([0x80, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), { componentType: 5120, count: 3, type: 'VEC4', normalized: true }));
    const r2 = parseMotionDocument(doc2).clips[0]!.rotations;
    expect(r2[0]).toBe(-1);
    expect(r2[1]).toBe(1);
  });

  it('CUBICSPLINE keeps the value element of each [in, value, out] triplet', () => {
    const doc = oneJoint((b) => {
      const data: number[] = [];
      for (let k = 0; k < 3; k++) data.push(9, 9, 9, 9, ...Q.slice(k * 4, k * 4 + 4), 7, 7, 7, 7);
      return b.floats('VEC4', data);
    });
    const a = (doc['animations'] as Json[])[0]!;
    (a['samplers'] as Json[])[0]!['interpolation'] = 'CUBICSPLINE';
    expect(Array.from(parseMotionDocument(doc).clips[0]!.rotations)).toEqual(Q);
  });

  it('fps comes from timestamps when there is no MMCP_motion.fps; 1 frame falls back to 30', () => {
    const doc = oneJoint((b) => b.floats('VEC4', Q), (b) => b.floats('SCALAR', [1, 1.04, 1.08]));
    expect(parseMotionDocument(doc).clips[0]!.fps).toBeCloseTo(25, 3);
    const one = oneJoint((b) => b.floats('VEC4', [0, 0, 0, 1]), (b) => b.floats('SCALAR', [0]));
    const c = parseMotionDocument(one).clips[0]!;
    expect(c.fps).toBe(30);
    expect(c.frameCount).toBe(1);
    expect(Array.from(c.rootPositions)).toEqual([0, 1, 0]); // no translation channel → rest translation
  });

  it('out-of-range and malformed members throw with the member path', () => {
    const base = (): Json => structuredClone(buildGolden());
    const acc = (d: Json): Json[] => d['accessors'] as Json[];
    let d = base();
    acc(d)[1]!['count'] = 3;
    expectError(() => parseMotionDocument(d), 'out_of_bounds', 'accessors[1].count 3');
    d = base();
    acc(d)[1]!['count'] = 2 ** 40;
    expectError(() => parseMotionDocument(d), 'out_of_bounds', 'accessors[1].count');
    d = base();
    acc(d)[2]!['componentType'] = 5124;
    expectError(() => parseMotionDocument(d), 'bad_accessor', 'accessors[2].componentType');
    d = base();
    acc(d)[2]!['type'] = 'VEC3';
    expectError(() => parseMotionDocument(d), 'bad_accessor', 'accessors[2].type');
    d = base();
    acc(d)[0]!['bufferView'] = 99;
    expectError(() => parseMotionDocument(d), 'out_of_bounds', 'accessors[0].bufferView');
    d = base();
    (d['bufferViews'] as Json[])[1]!['byteOffset'] = -4;
    expectError(() => parseMotionDocument(d), 'bad_buffer_view', 'bufferViews[1].byteOffset');
    d = base();
    (d['bufferViews'] as Json[])[1]!['byteStride'] = 8;
    expectError(() => parseMotionDocument(d), 'bad_buffer_view', 'bufferViews[1].byteStride');
    d = base();
    (d['bufferViews'] as Json[])[3]!['byteOffset'] = 10_000;
    expectError(() => parseMotionDocument(d), 'out_of_bounds', 'bufferViews[3]');
    d = base();
    ((d['animations'] as Json[])[0]!['channels'] as Json[])[1]!['target'] = { node: 7, path: 'rotation' };
    expectError(() => parseMotionDocument(d), 'out_of_bounds', 'animations[0].channels[1].target.node');
    d = base();
    ((d['animations'] as Json[])[0]!['samplers'] as Json[])[1]!['interpolation'] = 'BEZIER';
    expectError(() => parseMotionDocument(d), 'bad_animation', 'interpolation');
    d = base();
    (d['buffers'] as Json[])[0]!['uri'] = 'https://example.com/motion.bin';
    expectError(() => parseMotionDocument(d), 'unsupported', 'buffers[0].uri');
    d = base();
    (d['buffers'] as Json[])[0]!['uri'] = 'data:application/octet-stream;base64,@@@@';
    expectError(() => parseMotionDocument(d), 'bad_buffer', 'base64');
    d = base();
    (d['nodes'] as Json[])[1]!['translation'] = [0, 'x', 0];
    expectError(() => parseMotionDocument(d), 'bad_node', 'nodes[1].translation[1]');
    expectError(() => parseMotionDocument('{"nodes": [}'), 'bad_json');
    expectError(() => parseMotionDocument(42 as unknown as object), 'bad_input');
  });

  it('a parent cycle is cut instead of looping; unanimated parents still resolve', () => {
    const d = buildGolden();
    (d['nodes'] as Json[])[2]!['children'] = [0]; // Head → Hips closes a cycle
    const doc = parseMotionDocument(d);
    expect(Array.from(doc.skeleton.parents).filter((p) => p === -1).length).toBe(1);
    const world = restWorldPositions(doc.skeleton);
    expect(world.every(Number.isFinite)).toBe(true);
    // A joint without a rotation channel is identity in every frame.
    const d2 = buildGolden();
    const a = (d2['animations'] as Json[])[0]!;
    a['channels'] = (a['channels'] as Json[]).filter((c) => (c['target'] as Json)['node'] !== 1 || (c['target'] as Json)['path'] !== 'rotation');
    const c = parseMotionDocument(d2).clips[0]!;
    expect(Array.from(c.rotations.subarray(4, 8))).toEqual([0, 0, 0, 1]);
    expect(Array.from(c.rotations.subarray(16, 20))).toEqual([0, 0, 0, 1]);
  });
});

describe('MMCP_motion metadata', () => {
  it('foot contacts as {joint: bool[]}: mapped by name; unknown names and wrong lengths ignored', () => {
    const doc = parseMotionDocument(buildGolden({ contacts: [{ foot_contacts: { Head: [true, false], Nope: [true, true], Spine: [true] } }] }));
    expect(doc.clips[0]!.footContacts).toEqual({ Head: Uint8Array.from([1, 0]) });
  });

  it('foot contacts in the accessor form with foot_contact_joints', () => {
    const g = buildGolden();
    // Append a uint8 SCALAR accessor (2 frames × 2 joints, frame-major) to the golden buffer.
    const buf = Buffer.from(((g['buffers'] as Json[])[0]!['uri'] as string).split(',')[1]!, 'base64');
    const flags = Uint8Array.from([1, 0, 0, 1]);
    const all = Buffer.concat([buf, Buffer.from(flags)]);
    (g['bufferViews'] as Json[]).push({ buffer: 0, byteOffset: buf.length, byteLength: 4 });
    (g['accessors'] as Json[]).push({ bufferView: (g['bufferViews'] as Json[]).length - 1, componentType: 5121, count: 4, type: 'SCALAR' });
    g['buffers'] = [{ byteLength: all.length, uri: `data:application/octet-stream;base64,${all.toString('base64')}` }];
    const acc = (g['accessors'] as Json[]).length - 1;
    g['extensions'] = { MMCP_motion: { fps: 30, samples: [{ foot_contacts: { $accessor: acc }, foot_contact_joints: ['Spine', 'Head'] }] } };
    for (const input of [g, packGlb(g)]) {
      const fc = parseMotionDocument(input).clips[0]!.footContacts!;
      expect(Array.from(fc['Spine']!)).toEqual([1, 0]);
      expect(Array.from(fc['Head']!)).toEqual([0, 1]);
    }
    // A broken accessor reference degrades to no contacts.
    ((g['extensions'] as Json)['MMCP_motion'] as { samples: Json[] }).samples[0]!['foot_contacts'] = { $accessor: 999 };
    expect(parseMotionDocument(g).clips[0]!.footContacts).toBeUndefined();
  });

  it.each([
    ['no MMCP_motion', undefined],
    ['no samples', { fps: 30 }],
    ['samples not a list', { samples: { a: 1 } }],
    ['samples length ≠ animations', { samples: [{ foot_contacts: { Head: [true, true] } }, {}] }],
    ['garbage everywhere', { version: 3, model: [], fps: 'x', canonical_to_request: 5, samples: [{ chunk_boundaries: 'x', foot_contacts: [1], trajectory: { position: 'x' } }] }],
    ['MMCP_motion not an object', 7],
  ])('degrades to no contacts / no trajectory: %s', (_name, ext) => {
    const g = buildGolden();
    if (ext !== undefined) g['extensions'] = { MMCP_motion: ext };
    const doc = parseMotionDocument(g);
    const c = doc.clips[0]!;
    expect(c.footContacts).toBeUndefined();
    expect(c.trajectory).toBeUndefined();
    expect(c.chunkBoundaries).toEqual([]);
    expect(c.frameCount).toBe(2);
  });

  it('trajectory exposed as sent; unknown model/params accepted; wrong lengths degrade; legacy reference ignored', () => {
    const g = buildGolden({ contacts: [{ reference: { fidelity: 0.9 }, trajectory: { model: 'spiral', loop: true, params: { foo: [1, 2] }, position: [[0, 0], [0.1, 0.2]], yaw: [0, 0.5] } }] });
    const tr = parseMotionDocument(g).clips[0]!.trajectory!;
    expect(tr.model).toBe('spiral');
    expect(tr.loop).toBe(true);
    expect(tr.params).toEqual({ foo: [1, 2] });
    expect(Array.from(tr.position)).toEqual([0, 0, Math.fround(0.1), Math.fround(0.2)]);
    expect(Array.from(tr.yaw)).toEqual([0, 0.5]);
    const bad = buildGolden({ contacts: [{ trajectory: { model: 'line', position: [[0, 0]], yaw: [0] } }] });
    expect(parseMotionDocument(bad).clips[0]!.trajectory).toBeUndefined();
  });

  it('version, model, canonical_to_request, fps cross-check', () => {
    const g = buildGolden();
    g['extensions'] = { MMCP_motion: { version: '1.7', model: 'm', fps: 30, canonical_to_request: { Hips: 'mixamorig:Hips', Bad: 3 } } };
    const doc = parseMotionDocument(g);
    expect(doc.version).toBe('1.7');
    expect(doc.model).toBe('m');
    expect(doc.fps).toBe(30);
    expect(doc.clips[0]!.fps).toBe(30); // timestamps agree within 0.1 % → the declared fps, exactly
    expect(doc.canonicalToRequest).toEqual({ Hips: 'mixamorig:Hips' });
  });
});

describe('encode → parse round trip', () => {
  function arraysOf(doc: MotionDocument): unknown[] {
    return [doc.skeleton.names, doc.skeleton.parents, doc.skeleton.restTranslations, doc.skeleton.restRotations, doc.fps, doc.version, doc.model, doc.canonicalToRequest,
      ...doc.clips.flatMap((c) => [c.name, c.fps, c.frameCount, c.jointNames, c.rotations, c.rootPositions, c.chunkBoundaries, c.footContacts, c.trajectory])];
  }
  /** Random-ish but deterministic document with awkward float values. */
  function synth(): MotionDocument {
    let s = 12345;
    const rnd = (): number => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const J = 7, T = 45;
    const clip = (i: number) => {
      const rotations = new Float32Array(T * J * 4);
      for (let k = 0; k < T * J; k++) {
        const q = [rnd(), rnd(), rnd(), rnd()];
        const n = Math.hypot(...q);
        rotations.set(q.map((v) => v / n), k * 4);
      }
      return {
        name: `sample_${i}`, fps: 24, frameCount: T, jointNames: Array.from({ length: J }, (_, j) => `J${j}`), rotations,
        rootPositions: Float32Array.from({ length: T * 3 }, rnd), chunkBoundaries: [10, 20],
        footContacts: { J5: Uint8Array.from({ length: T }, (_, t) => t % 3 === 0 ? 1 : 0) },
        trajectory: { model: 'arc', loop: false, params: { speed: 1.25 }, position: Float32Array.from({ length: T * 2 }, rnd), yaw: Float32Array.from({ length: T }, rnd) },
      };
    };
    return {
      version: '1.3', model: 'synth', fps: 24,
      skeleton: { names: Array.from({ length: J }, (_, j) => `J${j}`), parents: Int32Array.from([-1, 0, 1, 2, 0, 4, 0]), restTranslations: Float32Array.from({ length: J * 3 }, rnd), restRotations: Float32Array.from([0, 0, 0, 1, ...Array.from({ length: (J - 1) * 4 }, (_, k) => (k % 4 === 3 ? 1 : 0))]) },
      canonicalToRequest: { A: 'J0' },
      clips: [clip(0), clip(1)],
    };
  }
  it.each([false, true])('bit for bit (binary=%s)', (binary) => {
    const doc = synth();
    const enc = encodeMotionDocument(doc, { binary });
    const back = parseMotionDocument(binary ? enc : stringifyGltfJson(enc));
    if (!binary) expect(arraysOf(parseMotionDocument(enc))).toEqual(arraysOf(doc));
    expect(arraysOf(back)).toEqual(arraysOf(doc));
    // Bitwise equality of rotations, including the sign of zero.
    const a = new Uint32Array(back.clips[1]!.rotations.slice().buffer), b = new Uint32Array(doc.clips[1]!.rotations.buffer);
    expect(a).toEqual(b);
  });
  it('the fixtures survive parse → encode → parse unchanged (both forms)', () => {
    for (const n of ['resp-null-text', 'resp-demo-2samples', 'resp-demo-loop']) {
      const doc = parseMotionDocument(readFileSync(`${DIR}/${n}.gltf`, 'utf8'));
      expect(arraysOf(parseMotionDocument(encodeMotionDocument(doc, { binary: true })))).toEqual(arraysOf(doc));
      expect(arraysOf(parseMotionDocument(stringifyGltfJson(encodeMotionDocument(doc, { binary: false }))))).toEqual(arraysOf(doc));
    }
  });
  it('lazy and eager rotations are identical and lazy ones can be replaced', () => {
    const bytes = readFileSync(`${DIR}/resp-demo-2samples.converted.glb`);
    const lazy = parseMotionDocument(bytes);
    const eager = parseMotionDocument(bytes, { lazyRotations: false });
    expect(lazy.clips[1]!.rotations).toEqual(eager.clips[1]!.rotations);
    expect(lazy.clips[1]!.rotations).toBe(lazy.clips[1]!.rotations); // memoized
    expect(structuredClone(lazy).clips[0]!.rotations).toEqual(eager.clips[0]!.rotations);
    const r = new Float32Array(4);
    lazy.clips[0]!.rotations = r;
    expect(lazy.clips[0]!.rotations).toBe(r);
  });
  it('refuses inconsistent clips with bad_clip', () => {
    const doc = synth();
    doc.clips[0]!.rotations = new Float32Array(3);
    expectError(() => encodeMotionDocument(doc, { binary: true }), 'bad_clip', 'clips[0].rotations');
  });
});

describe('base64 (no Buffer/atob in the codec)', () => {
  it('matches Node for every length 0..300 and rejects invalid text', async () => {
    const { decodeBase64, encodeBase64 } = await import('../../src/motion/base64.js');
    for (let n = 0; n <= 300; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      const s = encodeBase64(bytes);
      expect(s).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(s)).toEqual(bytes);
      expect(decodeBase64(s.replace(/=+$/, ''))).toEqual(bytes);
    }
    for (const bad of ['A', 'AB C', 'AB$=', 'ABCDé===', 'AB===']) expect(decodeBase64(bad)).toBeUndefined();
  });
});

describe('gltfToGlb with several buffers', () => {
  it('merges data: URI buffers into one BIN chunk and rebases the bufferViews', () => {
    const g = buildGolden();
    const all = Buffer.from(((g['buffers'] as Json[])[0]!['uri'] as string).split(',')[1]!, 'base64');
    // Move the root-translation bytes (last view) into a second buffer of odd length.
    const views = g['bufferViews'] as Json[];
    const last = views[views.length - 1]!;
    const off = last['byteOffset'] as number;
    const second = Buffer.concat([Buffer.from([9, 9, 9]), all.subarray(off)]);
    g['buffers'] = [
      { byteLength: off, uri: `data:application/octet-stream;base64,${all.subarray(0, off).toString('base64')}` },
      { byteLength: second.length, uri: `data:application/octet-stream;base64,${second.toString('base64')}` },
    ];
    views[views.length - 1] = { ...last, buffer: 1, byteOffset: 3 };
    const direct = parseMotionDocument(g);
    expect(Array.from(direct.clips[0]!.rootPositions)).toEqual([1, 2, 3, 4, 5, 6]); // unaligned view: copied
    const glb = toGlbBytes(g);
    expect(Array.from(parseMotionDocument(glb).clips[0]!.rootPositions)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(((glbToGltf(glb)['buffers'] as Json[]).length)).toBe(1);
  });
});

describe('allocation bounds', () => {
  it('a sparse caller-built nodes/animations array is refused before allocating', () => {
    const g = buildGolden();
    const nodes = new Array(1e9);
    nodes[0] = (g['nodes'] as Json[])[0];
    expectError(() => parseMotionDocument({ ...g, nodes }), 'bad_node', 'nodes[1]');
    const anims = new Array(3);
    anims[2] = (g['animations'] as Json[])[0];
    expectError(() => parseMotionDocument({ ...g, animations: anims }), 'bad_animation', 'animations[0]');
  });

  it('many unanimated joints over many frames cannot blow up the identity fill', () => {
    // 1 animated joint + 200,000 bare nodes, 8 frames of uint8 timestamps: 1.6 M joint-frames.
    const b = new DocBuilder([{ name: 'Root' }, ...Array.from({ length: 200_000 }, () => ({}))]);
    const t = b.raw(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]), { componentType: 5121, count: 8, type: 'SCALAR' });
    const r = b.raw(new Uint8Array(32), { componentType: 5120, count: 8, type: 'VEC4', normalized: true });
    b.doc.animations.push({ samplers: [{ input: t, output: r }], channels: [{ sampler: 0, target: { node: 0, path: 'rotation' } }] });
    expectError(() => parseMotionDocument(packGlb(b.gltf())), 'out_of_bounds', 'too many joints without rotation data');
    // A few unanimated joints are fine (identity).
    const g = buildGolden();
    (g['nodes'] as Json[]).push({ name: 'Extra' });
    const c = parseMotionDocument(g).clips[0]!;
    expect(Array.from(c.rotations.subarray(12, 16))).toEqual([0, 0, 0, 1]);
  });
});
