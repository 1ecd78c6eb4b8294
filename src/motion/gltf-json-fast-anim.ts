/**
 * Fast readers for the many small objects of a response (internal): `animations` (channels,
 * samplers), `accessors`, `bufferViews`. Each first tries the compact member order the reference
 * SDK writes (one pass of byte compares and integers); any other spelling is read member by
 * member. Both give the same projection (see `gltf-json-fast.ts`).
 */
import type { JsonBytes } from './json-bytes.js';
import { KeyTable, Literal } from './json-names.js';
import type { JsonObject } from './json-check.js';

const ascii = (s: string): Literal => new Literal(s);

/** Reads an array whose object elements are read with `read` (others exactly). */
export function arrayOf(r: JsonBytes, read: (r: JsonBytes) => JsonObject): unknown {
  if (r.peek() !== 0x5b) return r.value();
  const out: unknown[] = [];
  if (r.openArray()) {
    do out.push(r.peek() === 0x7b ? read(r) : r.value());
    while (r.nextElement());
  }
  return out;
}

/** A number member (the common case) or any other value exactly. */
export function num(r: JsonBytes): unknown {
  return r.atNumber() ? r.number() : r.value();
}

/** A string member or any other value exactly; `known` strings are returned without building them. */
export function str(r: JsonBytes, known?: KeyTable): unknown {
  if (r.peek() !== 0x22) return r.value();
  if (known) {
    const at = r.i;
    const id = r.stringId(known);
    if (id >= 0) return known.names[id];
    r.i = at;
  }
  return r.string();
}

/** Reads a compact `"NAME"` (no escapes) from `table` at the cursor, or -1 with nothing consumed. */
function enumId(r: JsonBytes, table: KeyTable): number {
  const b = r.b, start = r.i;
  if (b[start] !== 0x22) return -1;
  let end = start + 1;
  while (end < r.end && b[end] !== 0x22 && b[end] !== 0x5c) end++;
  if (end >= r.end || b[end] !== 0x22) return -1;
  const id = table.match(b, start + 1, end);
  if (id >= 0) r.i = end + 1;
  return id;
}

const ANIMATION = new KeyTable(['name', 'channels', 'samplers']);
/** Reads `animations[i]`. */
export function readAnimation(r: JsonBytes): JsonObject {
  let name, channels, samplers: unknown;
  if (r.openObject()) {
    do {
      switch (r.keyId(ANIMATION)) {
        case 0: name = str(r); break;
        case 1: channels = arrayOf(r, readChannel); break;
        case 2: samplers = arrayOf(r, readSampler); break;
        default: r.skip();
      }
    } while (r.nextMember());
  }
  return { name, channels, samplers };
}

const PATHS = new KeyTable(['rotation', 'translation', 'scale', 'weights']);
const CH_SAMPLER = ascii('{"sampler":');
const CH_NODE = ascii(',"target":{"node":');
const CH_PATH = ascii(',"path":');
const CLOSE2 = ascii('}}');
function readChannel(r: JsonBytes): JsonObject {
  const at = r.i;
  if (r.lit(CH_SAMPLER)) {
    const sampler = r.uint();
    if (sampler >= 0 && r.lit(CH_NODE)) {
      const node = r.uint();
      if (node >= 0 && r.lit(CH_PATH)) {
        const path = enumId(r, PATHS);
        if (path >= 0 && r.lit(CLOSE2)) return { sampler, target: { node, path: PATHS.names[path] } };
      }
    }
  }
  r.i = at;
  return readChannelMembers(r);
}

const CHANNEL = new KeyTable(['sampler', 'target']);
function readChannelMembers(r: JsonBytes): JsonObject {
  let sampler, target: unknown;
  if (r.openObject()) {
    do {
      switch (r.keyId(CHANNEL)) {
        case 0: sampler = num(r); break;
        case 1: target = r.peek() === 0x7b ? readTarget(r) : r.value(); break;
        default: r.skip();
      }
    } while (r.nextMember());
  }
  return { sampler, target };
}

const TARGET = new KeyTable(['node', 'path']);
function readTarget(r: JsonBytes): JsonObject {
  let node, path: unknown;
  if (r.openObject()) {
    do {
      switch (r.keyId(TARGET)) {
        case 0: node = num(r); break;
        case 1: path = str(r, PATHS); break;
        default: r.skip();
      }
    } while (r.nextMember());
  }
  return { node, path };
}

const INTERPOLATIONS = new KeyTable(['LINEAR', 'STEP', 'CUBICSPLINE']);
const SA_INPUT = ascii('{"input":');
const SA_OUTPUT = ascii(',"output":');
const SA_INTERP = ascii(',"interpolation":');
const CLOSE = ascii('}');
function readSampler(r: JsonBytes): JsonObject {
  const at = r.i;
  if (r.lit(SA_INPUT)) {
    const input = r.uint();
    if (input >= 0 && r.lit(SA_OUTPUT)) {
      const output = r.uint();
      if (output >= 0 && r.lit(SA_INTERP)) {
        const interp = enumId(r, INTERPOLATIONS);
        if (interp >= 0 && r.lit(CLOSE)) return { input, output, interpolation: INTERPOLATIONS.names[interp] };
      }
    }
  }
  r.i = at;
  return readSamplerMembers(r);
}

const SAMPLER = new KeyTable(['input', 'output', 'interpolation']);
function readSamplerMembers(r: JsonBytes): JsonObject {
  let input, output, interpolation: unknown;
  if (r.openObject()) {
    do {
      switch (r.keyId(SAMPLER)) {
        case 0: input = num(r); break;
        case 1: output = num(r); break;
        case 2: interpolation = str(r, INTERPOLATIONS); break;
        default: r.skip();
      }
    } while (r.nextMember());
  }
  return { input, output, interpolation };
}

const TYPES = new KeyTable(['SCALAR', 'VEC2', 'VEC3', 'VEC4', 'MAT2', 'MAT3', 'MAT4']);
const AC_VIEW = ascii('{"bufferView":');
const AC_COMPONENT = ascii(',"componentType":');
const AC_COUNT = ascii(',"count":');
const AC_TYPE = ascii(',"type":');
const AC_MIN = ascii(',"min":');
const AC_MAX = ascii(',"max":');
/** Reads `accessors[i]`. */
export function readAccessor(r: JsonBytes): JsonObject {
  const at = r.i;
  if (r.lit(AC_VIEW)) {
    const bufferView = r.uint();
    if (bufferView >= 0 && r.lit(AC_COMPONENT)) {
      const componentType = r.uint();
      if (componentType >= 0 && r.lit(AC_COUNT)) {
        const count = r.uint();
        if (count >= 0 && r.lit(AC_TYPE)) {
          const type = enumId(r, TYPES);
          if (type >= 0) {
            // Optional "min"/"max" (the codec does not read them): checked, then dropped.
            if (r.lit(AC_MIN)) r.skip();
            if (r.lit(AC_MAX)) r.skip();
            if (r.lit(CLOSE)) return { bufferView, byteOffset: undefined, componentType, normalized: undefined, count, type: TYPES.names[type], sparse: undefined };
          }
        }
      }
    }
  }
  r.i = at;
  return readAccessorMembers(r);
}

const ACCESSOR = new KeyTable(['bufferView', 'byteOffset', 'componentType', 'normalized', 'count', 'type', 'sparse']);
function readAccessorMembers(r: JsonBytes): JsonObject {
  let bufferView, byteOffset, componentType, normalized, count, type, sparse: unknown;
  if (r.openObject()) {
    do {
      switch (r.keyId(ACCESSOR)) {
        case 0: bufferView = num(r); break;
        case 1: byteOffset = num(r); break;
        case 2: componentType = num(r); break;
        case 3: normalized = r.value(); break;
        case 4: count = num(r); break;
        case 5: type = str(r, TYPES); break;
        case 6: sparse = r.value(); break;
        default: r.skip();
      }
    } while (r.nextMember());
  }
  return { bufferView, byteOffset, componentType, normalized, count, type, sparse };
}

const BV_BUFFER = ascii('{"buffer":');
const BV_OFFSET = ascii(',"byteOffset":');
const BV_LENGTH = ascii(',"byteLength":');
/** Reads `bufferViews[i]`. */
export function readBufferView(r: JsonBytes): JsonObject {
  const at = r.i;
  if (r.lit(BV_BUFFER)) {
    const buffer = r.uint();
    if (buffer >= 0 && r.lit(BV_OFFSET)) {
      const byteOffset = r.uint();
      if (byteOffset >= 0 && r.lit(BV_LENGTH)) {
        const byteLength = r.uint();
        if (byteLength >= 0 && r.lit(CLOSE)) return { buffer, byteOffset, byteLength, byteStride: undefined };
      }
    }
  }
  r.i = at;
  return readBufferViewMembers(r);
}

const BUFFER_VIEW = new KeyTable(['buffer', 'byteOffset', 'byteLength', 'byteStride']);
function readBufferViewMembers(r: JsonBytes): JsonObject {
  let buffer, byteOffset, byteLength, byteStride: unknown;
  if (r.openObject()) {
    do {
      switch (r.keyId(BUFFER_VIEW)) {
        case 0: buffer = num(r); break;
        case 1: byteOffset = num(r); break;
        case 2: byteLength = num(r); break;
        case 3: byteStride = num(r); break;
        default: r.skip();
      }
    } while (r.nextMember());
  }
  return { buffer, byteOffset, byteLength, byteStride };
}
