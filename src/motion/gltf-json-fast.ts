/**
 * Reads a GLB JSON chunk straight from its bytes into the members the codec uses (internal).
 *
 * The result is a projection of what `JSON.parse` gives: every member the codec reads has the
 * value `JSON.parse` would give (numbers, strings, `null`, nesting, last of duplicate keys — bit
 * for bit); members it never reads are checked for JSON validity and dropped; sample
 * `foot_contacts`/`trajectory` objects come as validated deferred bytes ({@link DeferredJson}),
 * parsed on first use. The whole text is checked: invalid JSON or UTF-8 anywhere throws
 * {@link FAST_JSON_BAIL} and the caller takes the exact path (`TextDecoder` + `JSON.parse`),
 * which reports the error.
 */
import { JsonBytes, bail } from './json-bytes.js';
import { KeyTable } from './json-names.js';
import { readFootContacts, readTrajectoryDeferred } from './json-deferred.js';
import { arrayOf, num, readAccessor, readAnimation, readBufferView, str } from './gltf-json-fast-anim.js';
import { isGlb, walkGlb } from './glb.js';
import type { JsonObject } from './json-check.js';

/**
 * GLB input → its JSON chunk read by {@link readGltfJsonFast} and its BIN chunk, or `undefined`
 * when the input is not GLB bytes or anything is wrong with it (the exact path then reads it
 * again and reports the error).
 */
export function readGlbFast(input: unknown): { json: JsonObject; bin: Uint8Array | undefined } | undefined {
  if (!(input instanceof Uint8Array) && !(input instanceof ArrayBuffer)) return undefined;
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (!isGlb(bytes)) return undefined;
  try {
    return walkGlb(bytes, readGltfJsonFast);
  } catch {
    return undefined;
  }
}

const TOP = new KeyTable(['nodes', 'scenes', 'scene', 'animations', 'accessors', 'bufferViews', 'buffers', 'extensions']);

/**
 * Reads the JSON chunk `bytes` (a UTF-8 JSON object, optional BOM, surrounding whitespace).
 * Throws {@link FAST_JSON_BAIL} when the text is not valid JSON/UTF-8 or not an object.
 */
export function readGltfJsonFast(bytes: Uint8Array): JsonObject {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf; // TextDecoder drops one BOM
  const r = new JsonBytes(bytes, bom ? 3 : 0, bytes.length);
  let nodes, scenes, scene, animations, accessors, bufferViews, buffers, extensions: unknown;
  if (r.openObject()) {
    do {
      switch (r.keyId(TOP)) {
        case 0: nodes = arrayOf(r, readNode); break;
        case 1: scenes = arrayOf(r, readScene); break;
        case 2: scene = num(r); break;
        case 3: animations = arrayOf(r, readAnimation); break;
        case 4: accessors = arrayOf(r, readAccessor); break;
        case 5: bufferViews = arrayOf(r, readBufferView); break;
        case 6: buffers = arrayOf(r, readBuffer); break;
        case 7: extensions = r.peek() === 0x7b ? readExtensions(r) : r.value(); break;
        default: r.skip();
      }
    } while (r.nextMember());
  }
  if (r.peek() !== -1) bail(); // only whitespace may follow
  return { nodes, scenes, scene, animations, accessors, bufferViews, buffers, extensions };
}

/** An array of numbers as `number[]`, or any other value exactly. */
function numbers(r: JsonBytes): unknown {
  const at = r.i;
  if (r.peek() !== 0x5b) return r.value();
  const out: number[] = [];
  if (r.openArray()) {
    do {
      if (!r.atNumber()) {
        r.i = at;
        return r.value();
      }
      out.push(r.number());
    } while (r.nextElement());
  }
  return out;
}

const NODE = new KeyTable(['name', 'translation', 'rotation', 'children']);
function readNode(r: JsonBytes): JsonObject {
  let name, translation, rotation, children: unknown;
  if (r.openObject()) {
    do {
      switch (r.keyId(NODE)) {
        case 0: name = str(r); break;
        case 1: translation = numbers(r); break;
        case 2: rotation = numbers(r); break;
        case 3: children = numbers(r); break;
        default: r.skip();
      }
    } while (r.nextMember());
  }
  return { name, translation, rotation, children };
}

const SCENE = new KeyTable(['nodes']);
function readScene(r: JsonBytes): JsonObject {
  let nodes: unknown;
  if (r.openObject()) {
    do {
      if (r.keyId(SCENE) === 0) nodes = numbers(r);
      else r.skip();
    } while (r.nextMember());
  }
  return { nodes };
}

const BUFFER = new KeyTable(['byteLength', 'uri']);
function readBuffer(r: JsonBytes): JsonObject {
  let byteLength, uri: unknown;
  if (r.openObject()) {
    do {
      switch (r.keyId(BUFFER)) {
        case 0: byteLength = num(r); break;
        case 1: uri = str(r); break;
        default: r.skip();
      }
    } while (r.nextMember());
  }
  return { byteLength, uri };
}

const EXTENSIONS = new KeyTable(['MMCP_motion']);
function readExtensions(r: JsonBytes): JsonObject {
  let motion: unknown;
  if (r.openObject()) {
    do {
      if (r.keyId(EXTENSIONS) === 0) motion = r.peek() === 0x7b ? readMotion(r) : r.value();
      else r.skip();
    } while (r.nextMember());
  }
  return { MMCP_motion: motion };
}

const MOTION = new KeyTable(['version', 'model', 'fps', 'canonical_to_request', 'samples']);
function readMotion(r: JsonBytes): JsonObject {
  let version, model, fps, c2r, samples: unknown;
  if (r.openObject()) {
    do {
      switch (r.keyId(MOTION)) {
        case 0: version = str(r); break;
        case 1: model = str(r); break;
        case 2: fps = num(r); break;
        case 3: c2r = r.value(); break;
        case 4: samples = arrayOf(r, readSample); break;
        default: r.skip();
      }
    } while (r.nextMember());
  }
  return { version, model, fps, canonical_to_request: c2r, samples };
}

const SAMPLE = new KeyTable(['chunk_boundaries', 'foot_contacts', 'foot_contact_joints', 'trajectory']);
function readSample(r: JsonBytes): JsonObject {
  let chunkBoundaries, footContacts, footContactJoints, trajectory: unknown;
  if (r.openObject()) {
    do {
      switch (r.keyId(SAMPLE)) {
        case 0: chunkBoundaries = numbers(r); break;
        case 1: footContacts = readFootContacts(r); break;
        case 2: footContactJoints = r.value(); break;
        case 3: trajectory = readTrajectoryDeferred(r); break;
        default: r.skip();
      }
    } while (r.nextMember());
  }
  return { chunk_boundaries: chunkBoundaries, foot_contacts: footContacts, foot_contact_joints: footContactJoints, trajectory };
}
