/** Test helper: builds small glTF documents byte by byte (a TS port of the SDK tests' build_gltf idea). */

export type Json = Record<string, unknown>;

/** Accumulates a binary blob with bufferViews/accessors on a glTF JSON object. */
export class DocBuilder {
  readonly doc: Json & { nodes: Json[]; bufferViews: Json[]; accessors: Json[]; animations: Json[]; buffers: Json[] };
  private blob: number[] = [];

  constructor(nodes: Json[]) {
    this.doc = { nodes, bufferViews: [], accessors: [], animations: [], buffers: [] };
  }

  /** Appends raw bytes as a new bufferView (4-byte aligned start), returns its index. */
  view(bytes: Uint8Array, extra: Json = {}): number {
    while (this.blob.length % 4) this.blob.push(0);
    this.doc.bufferViews.push({ buffer: 0, byteOffset: this.blob.length, byteLength: bytes.length, ...extra });
    for (const b of bytes) this.blob.push(b);
    return this.doc.bufferViews.length - 1;
  }

  /** Appends float32 values as a tightly packed accessor, returns its index. */
  floats(type: string, values: number[], extra: Json = {}): number {
    const n = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4 }[type] ?? 1;
    const bv = this.view(new Uint8Array(Float32Array.from(values).buffer));
    this.doc.accessors.push({ bufferView: bv, byteOffset: 0, componentType: 5126, count: values.length / n, type, ...extra });
    return this.doc.accessors.length - 1;
  }

  /** Adds an accessor over raw bytes with the given layout. */
  raw(bytes: Uint8Array, acc: Json, viewExtra: Json = {}): number {
    const bv = this.view(bytes, viewExtra);
    this.doc.accessors.push({ bufferView: bv, ...acc });
    return this.doc.accessors.length - 1;
  }

  /** Finishes the document with a base64 data: URI buffer. */
  gltf(): Json {
    const bytes = Uint8Array.from(this.blob);
    this.doc.buffers = [{ byteLength: bytes.length, uri: `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}` }];
    return structuredClone(this.doc);
  }
}

/**
 * The golden 3-joint document of MMCP checklist item 82: Hips→Spine→Head, 2 frames at t = 0 and
 * 1/30 s, Hips rotating 90° about +Y in frame 1, root positions [1,2,3] then [4,5,6].
 */
export function buildGolden(opts: { samples?: number; contacts?: unknown; withRotations?: boolean } = {}): Json {
  const b = new DocBuilder([
    { name: 'Hips', translation: [0, 1, 0], children: [1] },
    { name: 'Spine', translation: [0, 0.5, 0], children: [2] },
    { name: 'Head', translation: [0, 0.3, 0] },
  ]);
  const times = b.floats('SCALAR', [0, 1 / 30]);
  const h = Math.SQRT1_2;
  const rot = [b.floats('VEC4', [0, 0, 0, 1, 0, h, 0, h]), b.floats('VEC4', [0, 0, 0, 1, 0, 0, 0, 1]), b.floats('VEC4', [0, 0, 0, 1, 0, 0, 0, 1])];
  const trans = b.floats('VEC3', [1, 2, 3, 4, 5, 6]);
  for (let s = 0; s < (opts.samples ?? 1); s++) {
    const samplers: Json[] = [];
    const channels: Json[] = [];
    if (opts.withRotations !== false) {
      rot.forEach((acc, node) => {
        samplers.push({ input: times, output: acc });
        channels.push({ sampler: samplers.length - 1, target: { node, path: 'rotation' } });
      });
    }
    samplers.push({ input: times, output: trans });
    channels.push({ sampler: samplers.length - 1, target: { node: 0, path: 'translation' } });
    b.doc.animations.push({ channels, samplers });
  }
  const doc = b.gltf();
  if (opts.contacts !== undefined) doc['extensions'] = { MMCP_motion: { samples: opts.contacts } };
  return doc;
}

/** Packs a glTF JSON object as GLB the way the SDK's test helper does (buffer 0 → BIN chunk). */
export function packGlb(doc: Json, withBin = true): Uint8Array {
  const d = structuredClone(doc) as Json & { buffers?: Json[] };
  let bin: Uint8Array | undefined;
  const b0 = d.buffers?.[0];
  if (withBin && b0 && typeof b0['uri'] === 'string' && b0['uri'].startsWith('data:')) {
    bin = new Uint8Array(Buffer.from(b0['uri'].split(',', 2)[1]!, 'base64'));
    delete b0['uri'];
    b0['byteLength'] = bin.length;
  }
  let json = Buffer.from(JSON.stringify(d), 'utf8');
  json = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, 0x20)]);
  const parts: Buffer[] = [Buffer.alloc(12), header(json.length, 0x4e4f534a), json];
  if (bin) {
    const padded = Buffer.concat([Buffer.from(bin), Buffer.alloc((4 - (bin.length % 4)) % 4)]);
    parts.push(header(padded.length, 0x004e4942), padded);
  }
  const out = Buffer.concat(parts);
  out.write('glTF', 0, 'latin1');
  out.writeUInt32LE(2, 4);
  out.writeUInt32LE(out.length, 8);
  return new Uint8Array(out);
}

function header(len: number, type: number): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32LE(len, 0);
  h.writeUInt32LE(type, 4);
  return h;
}
