import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeMotionDocument, glbToGltf, gltfToGlb, parseMotionDocument, readGlb, toGlbBytes, type MotionDocument } from '../../src/motion/index.js';

const DIR = '/work/shared/fixtures/mmcp';
const NAMES = ['resp-null-text', 'resp-demo-2samples', 'resp-demo-loop'];
const text = (n: string): string => readFileSync(`${DIR}/${n}.gltf`, 'utf8');
const glb = (n: string): Uint8Array => new Uint8Array(readFileSync(`${DIR}/${n}.converted.glb`));

/** Every array of a document as plain numbers, for exact comparison. */
function arrays(doc: MotionDocument): unknown {
  return {
    version: doc.version,
    model: doc.model,
    fps: doc.fps,
    names: doc.skeleton.names,
    parents: Array.from(doc.skeleton.parents),
    rt: Array.from(doc.skeleton.restTranslations),
    rr: Array.from(doc.skeleton.restRotations),
    c2r: doc.canonicalToRequest,
    clips: doc.clips.map((c) => ({
      name: c.name,
      fps: c.fps,
      frames: c.frameCount,
      joints: c.jointNames,
      rot: Array.from(c.rotations),
      root: Array.from(c.rootPositions),
      cb: c.chunkBoundaries,
      fc: c.footContacts && Object.fromEntries(Object.entries(c.footContacts).map(([k, v]) => [k, Array.from(v)])),
      tr: c.trajectory && { ...c.trajectory, position: Array.from(c.trajectory.position), yaw: Array.from(c.trajectory.yaw) },
    })),
  };
}

describe('MMCP fixtures', () => {
  it.each(NAMES)('%s.gltf parses with the expected shape', (n) => {
    const raw = JSON.parse(text(n));
    const doc = parseMotionDocument(text(n));
    const ext = raw.extensions.MMCP_motion;
    expect(doc.version).toBe(ext.version);
    expect(doc.model).toBe(ext.model);
    expect(doc.fps).toBe(30);
    expect(doc.skeleton.names).toEqual(raw.nodes.map((x: { name: string }) => x.name));
    expect(doc.clips).toHaveLength(raw.animations.length);
    doc.clips.forEach((c, i) => {
      const s = ext.samples[i];
      expect(c.name).toBe(`sample_${i}`);
      expect(c.frameCount).toBe(s.num_frames);
      expect(c.fps).toBe(30);
      expect(c.rotations).toBeInstanceOf(Float32Array);
      expect(c.rotations.length).toBe(c.frameCount * doc.skeleton.names.length * 4);
      expect(c.rootPositions.length).toBe(c.frameCount * 3);
      expect(c.chunkBoundaries).toEqual(s.chunk_boundaries);
      if (s.trajectory) {
        expect(c.trajectory?.model).toBe(s.trajectory.model);
        expect(c.trajectory?.loop).toBe(s.trajectory.loop);
        expect(Array.from(c.trajectory!.position)).toEqual(s.trajectory.position.flat().map(Math.fround));
      } else expect(c.trajectory).toBeUndefined();
      if (s.foot_contacts) {
        for (const [k, v] of Object.entries(s.foot_contacts as Record<string, boolean[]>)) expect(Array.from(c.footContacts![k]!)).toEqual(v.map(Number));
      } else expect(c.footContacts).toBeUndefined();
      // Quaternions are unit length: the arrays were read at the right offsets.
      for (let k = 0; k < c.rotations.length; k += 4) {
        const [x, y, z, w] = c.rotations.subarray(k, k + 4);
        expect(Math.abs(Math.hypot(x!, y!, z!, w!) - 1)).toBeLessThan(1e-5);
      }
    });
  });

  it('demo: 2 samples, contacts, chunk boundary 30, line trajectory, root walks +Z', () => {
    const doc = parseMotionDocument(text('resp-demo-2samples'));
    expect(doc.clips).toHaveLength(2);
    const c = doc.clips[0]!;
    expect(c.frameCount).toBe(60);
    expect(c.chunkBoundaries).toEqual([30]);
    expect(Object.keys(c.footContacts!).sort()).toEqual(['LeftFoot', 'RightFoot']);
    expect(c.trajectory?.model).toBe('line');
    const z0 = c.rootPositions[2]!, z1 = c.rootPositions[59 * 3 + 2]!;
    expect(z1 - z0).toBeGreaterThan(1.5);
    expect(doc.skeleton.parents).toEqual(Int32Array.from([-1, 0, 1, 0, 0]));
  });

  it.each(['resp-null-text', 'resp-demo-2samples'])('%s.converted.glb gives exactly the arrays of the .gltf', (n) => {
    const fromJson = parseMotionDocument(text(n));
    const fromGlb = parseMotionDocument(glb(n));
    expect(arrays(fromGlb)).toEqual(arrays(fromJson));
    // also as an ArrayBuffer and as a parsed object
    const bytes = glb(n);
    expect(arrays(parseMotionDocument(bytes.slice().buffer))).toEqual(arrays(fromJson));
    expect(arrays(parseMotionDocument(JSON.parse(text(n))))).toEqual(arrays(fromJson));
  });

  it('GLB float data is a zero-copy view over the BIN chunk', () => {
    const bytes = glb('resp-demo-2samples');
    const doc = parseMotionDocument(bytes);
    expect(doc.clips[0]!.rootPositions.buffer).toBe(bytes.buffer);
  });

  it.each(NAMES)('%s: encode(parse(fixture)) has the SDK layout of the fixture', (n) => {
    const raw = JSON.parse(text(n));
    const enc = encodeMotionDocument(parseMotionDocument(raw), { binary: false });
    // Same members in the same order, same accessors/bufferViews/animations/nodes.
    expect(Object.keys(enc)).toEqual(Object.keys(raw));
    for (const k of ['asset', 'nodes', 'scenes', 'scene', 'skins', 'animations', 'accessors', 'bufferViews', 'extensionsUsed']) expect(enc[k]).toEqual(raw[k]);
    expect(enc['buffers']).toEqual(raw.buffers); // byte-identical payload (base64 equal)
    expect(roundExt(enc['extensions'])).toEqual(roundExt(raw.extensions));
  });

  it.each(['resp-null-text', 'resp-demo-2samples'])('%s: encode as GLB has the layout of the .converted.glb', (n) => {
    const ours = encodeMotionDocument(parseMotionDocument(glb(n)), { binary: true });
    const theirs = glb(n);
    const a = readGlb(ours), b = readGlb(theirs);
    // BIN chunk byte-identical (same padding); JSON chunk structurally identical (Python writes `0.0`, JS `0`).
    expect(Buffer.from(a.bin!).equals(Buffer.from(b.bin!))).toBe(true);
    expect(Object.keys(a.json)).toEqual(Object.keys(b.json));
    expect({ ...a.json, extensions: roundExt(a.json['extensions']) }).toEqual({ ...b.json, extensions: roundExt(b.json['extensions']) });
    // JSON chunk space-padded to 4 bytes, total length a multiple of 4.
    expect(ours.length % 4).toBe(0);
    const jsonLen = new DataView(ours.buffer, ours.byteOffset).getUint32(12, true);
    expect(jsonLen % 4).toBe(0);
    const chunk = Buffer.from(ours.subarray(20, 20 + jsonLen)).toString('utf8');
    const end = chunk.lastIndexOf('}') + 1;
    expect(chunk.length - end).toBeLessThan(4);
    expect(chunk.slice(end)).toBe(' '.repeat(chunk.length - end));
  });

  it('glbToGltf / gltfToGlb / toGlbBytes convert without changing the arrays', () => {
    const n = 'resp-demo-2samples';
    const ref = arrays(parseMotionDocument(text(n)));
    const asJson = glbToGltf(glb(n));
    expect((asJson['buffers'] as { byteLength: number }[])[0]!.byteLength).toBe(JSON.parse(text(n)).buffers[0].byteLength);
    expect(arrays(parseMotionDocument(asJson))).toEqual(ref);
    const packed = gltfToGlb(text(n));
    expect(arrays(parseMotionDocument(packed))).toEqual(ref);
    expect(toGlbBytes(text(n))).toEqual(packed);
    expect(toGlbBytes(JSON.parse(text(n)))).toEqual(packed);
    const g = glb(n);
    expect(toGlbBytes(g)).toBe(g);
    expect(toGlbBytes(new TextEncoder().encode(text(n)))).toEqual(packed);
  });
});

/** Float-valued metadata compared at float32 precision (fixture writes float64 decimals). */
function roundExt(ext: unknown): unknown {
  return JSON.parse(JSON.stringify(ext), (_k, v) => (typeof v === 'number' ? Math.fround(v) : v));
}
