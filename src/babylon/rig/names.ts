/**
 * Joint-name rules: split a joint name into side + base and look the base up in per-convention
 * tables (Mixamo / Ready Player Me / VALID, VRM, Unreal mannequin, Rigify / Blender metarig,
 * MakeHuman, CMU / BVH, SOMA (Kimodo), the Bandai Namco dataset rig, RobotExpressive, Kenney).
 * @packageDocumentation
 */
import { ALL_ROLES } from './roles.js';

/** What a name says about a joint. */
export interface ParsedJointName {
  /** Side named by a token (`.L`, `_l`, `Left`, `L` prefix before a capital, `-left` …). */
  side: 'left' | 'right' | undefined;
  /** Lower-case base with side, prefixes and separators removed (`UpperArm_L` → `upperarm`). */
  base: string;
  /** Whether the name marks an auxiliary joint (end site, IK target, pole, twist/roll helper). */
  aux: boolean;
  /** The convention prefix that was stripped (`mixamorig:`, `DEF-` …), if any. */
  prefix: string | undefined;
}

const AUX_TOKENS = new Set(['end', 'nub', 'site', 'pole', 'poletarget', 'target', 'ik', 'twist', 'roll', 'ctrl', 'helper', 'null', 'tip']);

/** Splits a raw joint name into side, base and flags. */
export function parseJointName(raw: string): ParsedJointName {
  let s = raw.normalize('NFC').trim();
  let prefix: string | undefined;
  let side: 'left' | 'right' | undefined;
  const colon = s.lastIndexOf(':');
  if (colon >= 0) { prefix = s.slice(0, colon + 1); s = s.slice(colon + 1); }
  const def = /^(DEF|ORG|MCH)[-_.]/.exec(s);
  if (def) { prefix = def[0]; s = s.slice(def[0].length); }
  const vroid = /^J_(Bip|Adj|Sec)_([CLR])_/.exec(s);
  if (vroid) {
    prefix = vroid[0];
    side = vroid[2] === 'L' ? 'left' : vroid[2] === 'R' ? 'right' : undefined;
    s = s.slice(vroid[0].length);
  }
  const biped = /^Bip0*1[ _]/.exec(s);
  if (biped) { prefix = biped[0]; s = s.slice(biped[0].length); }
  // Tokenise: separators, camelCase, letter/digit boundaries, "LHip" → "L Hip".
  const spaced = s
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2');
  const tokens = spaced.split(/[\s_.\-:|]+/).filter((t) => t.length > 0).map((t) => t.toLowerCase());
  const rest: string[] = [];
  let aux = false;
  for (const t of tokens) {
    if (side === undefined && (t === 'l' || t === 'left')) { side = 'left'; continue; }
    if (side === undefined && (t === 'r' || t === 'right')) { side = 'right'; continue; }
    if (AUX_TOKENS.has(t)) aux = true;
    rest.push(t);
  }
  // Drop digit-only ordinals that Blender appends to duplicates only when they follow "end".
  return { side, base: rest.join(''), aux, prefix };
}

/** Limb bases → role stem (side added by the caller). `leg` is resolved by context (see {@link nameRole}). */
const LIMB_TABLE: Readonly<Record<string, string>> = {
  shoulder: 'Shoulder', clavicle: 'Shoulder', collar: 'Shoulder', collarbone: 'Shoulder',
  arm: 'UpperArm', upperarm: 'UpperArm', uparm: 'UpperArm', upperarm01: 'UpperArm', upperarm1: 'UpperArm', humerus: 'UpperArm',
  forearm: 'LowerArm', lowerarm: 'LowerArm', lowerarm01: 'LowerArm', lowerarm1: 'LowerArm', elbow: 'LowerArm', loarm: 'LowerArm',
  hand: 'Hand', wrist: 'Hand',
  upleg: 'UpperLeg', upperleg: 'UpperLeg', upperleg01: 'UpperLeg', upperleg1: 'UpperLeg', thigh: 'UpperLeg', femur: 'UpperLeg',
  lowerleg: 'LowerLeg', lowerleg01: 'LowerLeg', lowerleg1: 'LowerLeg', calf: 'LowerLeg', shin: 'LowerLeg', knee: 'LowerLeg', loleg: 'LowerLeg',
  foot: 'Foot', ankle: 'Foot',
  toe: 'Toes', toes: 'Toes', toebase: 'Toes', ball: 'Toes',
  eye: 'Eye',
};

const MIXAMO_FINGERS: Readonly<Record<string, string>> = { thumb: 'Thumb', index: 'Index', middle: 'Middle', ring: 'Ring', pinky: 'Little', little: 'Little' };

/** Central bases → role (only the unambiguous ones; the spine chain is assigned by topology). */
const CENTRAL_TABLE: Readonly<Record<string, string>> = {
  hips: 'hips', hip: 'hips', pelvis: 'hips',
  neck: 'neck', neck1: 'neck', neck01: 'neck', neck001: 'neck',
  head: 'head', jaw: 'jaw',
};

const ROLE_BY_LOWER = new Map(ALL_ROLES.map((r) => [r.toLowerCase(), r]));

/** Context for resolving ambiguous names. */
export interface NameContext {
  /** Whether the same side also has an `UpLeg`-style joint (then `Leg` is the shin, as in Mixamo). */
  sideHasUpLeg: boolean;
}

/**
 * The role a single joint name implies, or undefined. Returns `[role, convention]`.
 */
export function nameRole(p: ParsedJointName, ctx: NameContext): [string, string] | undefined {
  if (p.aux) return undefined;
  const b = p.base;
  if (p.side === undefined) {
    const c = CENTRAL_TABLE[b];
    if (c) return [c, 'central-name'];
    return undefined;
  }
  // Canonical VRM humanoid names (leftUpperArm, leftIndexProximal …).
  const canonical = ROLE_BY_LOWER.get(p.side + b);
  if (canonical) return [canonical, 'vrm-name'];
  if (b === 'leg') return [p.side + (ctx.sideHasUpLeg ? 'LowerLeg' : 'UpperLeg'), ctx.sideHasUpLeg ? 'mixamo-leg' : 'soma-leg'];
  const stem = LIMB_TABLE[b];
  if (stem) return [p.side + stem, 'limb-name'];
  // Mixamo fingers: HandThumb1..3, HandIndex1..3 …; also Thumb1/Index1 (VALID / CMU-like).
  const m = /^(?:hand)?(thumb|index|middle|ring|pinky|little)(?:finger)?([1-3])$/.exec(b) ?? /^(thumb|index|middle|ring|pinky|little)finger([1-3])$/.exec(b);
  if (m) {
    const f = MIXAMO_FINGERS[m[1]!]!;
    const seg = Number(m[2]);
    const segs = f === 'Thumb' ? ['Metacarpal', 'Proximal', 'Distal'] : ['Proximal', 'Intermediate', 'Distal'];
    return [p.side + f + segs[seg - 1]!, 'finger-name'];
  }
  return undefined;
}
