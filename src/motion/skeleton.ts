/** Skeleton from glTF `nodes` (names, parents via `children`, rest TRS), validated (internal). */
import type { MotionSkeleton } from './types.js';
import { fail, isIndex, isObject, optNumbers, describe, type JsonObject } from './json-check.js';

/** The skeleton plus the index of the root joint that carries the root translation. */
export interface ParsedSkeleton {
  skeleton: MotionSkeleton;
  root: number;
}

/**
 * Reads `nodes[]`: one joint per node, in node order. Parents come from `children`; a node listed
 * under two parents is refused, a parent cycle is cut (the edge that closes it is dropped). Missing
 * `translation`/`rotation` are zero/identity; a missing `name` becomes the node index.
 */
export function readSkeleton(json: JsonObject): ParsedSkeleton {
  const nodes = json['nodes'];
  if (!Array.isArray(nodes) || nodes.length === 0) fail('bad_node', 'nodes', 'must be a non-empty array');
  const n = nodes.length;
  // Validate before allocating (a sparse caller-built array must not size the typed arrays).
  for (let i = 0; i < n; i++) if (!isObject(nodes[i])) fail('bad_node', `nodes[${i}]`, 'must be an object');
  const names: string[] = new Array<string>(n);
  const parents = new Int32Array(n).fill(-1);
  const restTranslations = new Float32Array(n * 3);
  const restRotations = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const node = nodes[i] as JsonObject; // checked above
    const name = node['name'];
    names[i] = typeof name === 'string' ? name : String(i);
    const t = nodeNumbers(node, 'translation', 3, i);
    if (t) restTranslations.set(t, i * 3);
    const r = nodeNumbers(node, 'rotation', 4, i);
    if (r) restRotations.set(r, i * 4);
    else restRotations[i * 4 + 3] = 1;
  }
  for (let i = 0; i < n; i++) {
    const children = (nodes[i] as JsonObject)['children'];
    if (children === undefined) continue;
    if (!Array.isArray(children)) fail('bad_node', `nodes[${i}].children`, 'must be an array');
    children.forEach((c: unknown, k) => {
      if (!isIndex(c)) fail('bad_node', `nodes[${i}].children[${k}]`, `must be a node index (got ${describe(c)})`);
      if (c >= n) fail('out_of_bounds', `nodes[${i}].children[${k}]`, `= ${c} is out of range (${n} nodes)`);
      if (c === i) fail('bad_node', `nodes[${i}].children[${k}]`, 'is the node itself');
      if (parents[c] !== -1 && parents[c] !== i) fail('bad_node', `nodes[${i}].children[${k}]`, `: node ${c} already has parent ${parents[c]}`);
      parents[c] = i;
    });
  }
  cutCycles(parents);
  return { skeleton: { names, parents, restTranslations, restRotations }, root: findRoot(json, parents) };
}

/** `node[key]` as `n` finite numbers (`undefined` when absent); the member path is built only to report an error. */
function nodeNumbers(node: JsonObject, key: string, n: number, i: number): number[] | undefined {
  const v = node[key];
  if (v === undefined) return undefined;
  if (Array.isArray(v) && v.length === n) {
    let ok = true;
    for (let k = 0; k < n; k++) {
      const x: unknown = v[k];
      if (typeof x !== 'number' || !Number.isFinite(x)) ok = false;
    }
    if (ok) return v as number[];
  }
  return optNumbers(node, key, n, `nodes[${i}]`, 'bad_node'); // throws the exact error
}

/** Drops the parent edge that closes each cycle (O(n)). */
function cutCycles(parents: Int32Array): void {
  const state = new Uint8Array(parents.length); // 0 new, 1 on current path, 2 done
  const path = new Int32Array(parents.length);
  for (let i = 0; i < parents.length; i++) {
    let cur = i;
    let len = 0;
    while (cur >= 0 && state[cur] === 0) {
      state[cur] = 1;
      path[len++] = cur;
      const p = parents[cur] as number;
      if (p >= 0 && state[p] === 1) {
        parents[cur] = -1;
        break;
      }
      cur = p;
    }
    for (let k = 0; k < len; k++) state[path[k] as number] = 2;
  }
}

function findRoot(json: JsonObject, parents: Int32Array): number {
  const scenes = json['scenes'];
  const s = json['scene'];
  const scene = Array.isArray(scenes) ? scenes[isIndex(s) ? s : 0] : undefined;
  if (isObject(scene) && Array.isArray(scene['nodes'])) {
    const r: unknown = scene['nodes'][0];
    if (isIndex(r) && r < parents.length && parents[r] === -1) return r;
  }
  const first = parents.indexOf(-1);
  return first < 0 ? 0 : first;
}
