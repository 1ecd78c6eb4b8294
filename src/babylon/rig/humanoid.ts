/**
 * Humanoid mapping: gives joints VRM humanoid roles from names (per-convention rules), a VRM
 * humanoid extension when present, and a topology + geometry fallback (chains from the hips,
 * left/right by rest position in MMCP space, limb lengths) for names that say nothing.
 * Pure: works on names, parents and MMCP-space rest positions.
 * @packageDocumentation
 */
import { MmcpError } from '../../protocol/errors.js';
import { CORE_ROLES, REQUIRED_ROLES } from './roles.js';
import { nameRole, parseJointName, type ParsedJointName } from './names.js';

/** The skeleton facts the mapper needs. */
export interface SkeletonGeometry {
  names: readonly string[];
  /** Parent index per joint, -1 for roots. Parents come before children. */
  parents: ArrayLike<number>;
  /** World rest positions in MMCP space (RH, +Y up), 3 per joint. */
  positions: ArrayLike<number>;
}

/** How one role was mapped. */
export interface RoleAssignment {
  role: string;
  joint: number;
  name: string;
  /** 1 = explicit (VRM extension, override); 0.9 = naming rule; 0.6 = topology/geometry. */
  confidence: number;
  /** The rule that mapped it (`vrm`, `override`, `limb-name`, `mixamo-leg`, `topology:spine-chain` …). */
  rule: string;
}

/** A humanoid mapping report. */
export interface HumanoidMap {
  /** Role → assignment. */
  roles: Record<string, RoleAssignment>;
  /** Role per joint index (undefined for joints extra to the map). */
  jointRoles: (string | undefined)[];
  /** Core roles that are not mapped. */
  missing: string[];
  /** Whether every required role is mapped and the geometry checks passed. */
  humanoid: boolean;
  /** Why the skeleton is not (fully) humanoid, for people. */
  problems: string[];
  /** +1 when the character faces +Z (MMCP convention), -1 when it faces -Z (VRM 0.x). */
  facing: 1 | -1;
}

/** Options for {@link mapHumanoid}. */
export interface MapHumanoidOptions {
  /** Role → joint index from a VRM humanoid extension (taken verbatim, confidence 1). */
  vrm?: Record<string, number>;
  /** Per-role overrides: a joint index or name, or `null` to unmap the role. */
  overrides?: Record<string, number | string | null>;
  /** Return a partial map instead of throwing `not_humanoid`. */
  allowPartial?: boolean;
}

interface Ctx {
  geom: SkeletonGeometry;
  n: number;
  children: number[][];
  parsed: ParsedJointName[];
  roles: Record<string, RoleAssignment>;
  used: Set<number>;
  facing: 1 | -1;
}

function py(g: SkeletonGeometry, j: number): number { return g.positions[3 * j + 1]!; }
function px(g: SkeletonGeometry, j: number): number { return g.positions[3 * j]!; }
function dist(g: SkeletonGeometry, a: number, b: number): number {
  const p = g.positions;
  return Math.hypot(p[3 * a]! - p[3 * b]!, p[3 * a + 1]! - p[3 * b + 1]!, p[3 * a + 2]! - p[3 * b + 2]!);
}

function ancestors(g: SkeletonGeometry, j: number): number[] {
  const out: number[] = [];
  for (let k = j; k >= 0; k = g.parents[k]!) out.push(k);
  return out;
}
function isAncestor(g: SkeletonGeometry, a: number, j: number): boolean {
  for (let k = j; k >= 0; k = g.parents[k]!) if (k === a) return true;
  return false;
}
function lca(g: SkeletonGeometry, a: number, b: number): number {
  const s = new Set(ancestors(g, a));
  for (let k = b; k >= 0; k = g.parents[k]!) if (s.has(k)) return k;
  return -1;
}
/** Path from `from` (exclusive) down to `to` (inclusive); empty when `from` is not an ancestor. */
function pathDown(g: SkeletonGeometry, from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = to; k >= 0 && k !== from; k = g.parents[k]!) out.push(k);
  return isAncestor(g, from, to) ? out.reverse() : [];
}

function assign(c: Ctx, role: string, joint: number, confidence: number, rule: string, force = false): void {
  if (joint < 0) return;
  if (!force && (c.roles[role] || c.used.has(joint))) return;
  const prev = c.roles[role];
  if (prev) c.used.delete(prev.joint);
  c.roles[role] = { role, joint, name: c.geom.names[joint]!, confidence, rule };
  c.used.add(joint);
}

/** Descendants of j (inclusive) that are not auxiliary. */
function subtree(c: Ctx, j: number): number[] {
  const out: number[] = [];
  const stack = [j];
  while (stack.length) {
    const k = stack.pop()!;
    out.push(k);
    for (const ch of c.children[k]!) stack.push(ch);
  }
  return out;
}

/** Main chain from j downward: follows the child whose subtree reaches `score` best. */
function mainChain(c: Ctx, start: number, score: (j: number) => number, stop?: (j: number) => boolean): number[] {
  const chain: number[] = [];
  let j = start;
  for (;;) {
    if (!c.parsed[j]!.aux) chain.push(j);
    if (stop?.(j)) break;
    const kids = c.children[j]!.filter((k) => !c.parsed[k]!.aux);
    if (kids.length === 0) break;
    let best = kids[0]!, bestScore = -Infinity;
    for (const k of kids) {
      const s = Math.max(...subtree(c, k).map(score));
      if (s > bestScore) { bestScore = s; best = k; }
    }
    j = best;
  }
  return chain;
}

function nameCandidates(c: Ctx): Map<string, number> {
  const { geom, n, parsed } = c;
  const hasUpLeg = { left: false, right: false };
  for (let j = 0; j < n; j++) {
    const p = parsed[j]!;
    if (p.side && !p.aux && p.base === 'upleg') hasUpLeg[p.side] = true;
  }
  const found = new Map<string, number>();
  const rules = new Map<string, string>();
  const depth = (j: number): number => ancestors(geom, j).length;
  for (let j = 0; j < n; j++) {
    const p = parsed[j]!;
    const r = nameRole(p, { sideHasUpLeg: p.side ? hasUpLeg[p.side] : false });
    if (!r) continue;
    const [role, rule] = r;
    const prev = found.get(role);
    if (prev === undefined || depth(j) < depth(prev)) { found.set(role, j); rules.set(role, rule); }
  }
  // Rigify: DEF-spine is the hips when DEF-spine.001 exists and nothing is called hips.
  if (!found.has('hips')) {
    const sp = parsed.findIndex((p) => p.base === 'spine' && !p.side);
    if (sp >= 0 && parsed.some((p) => p.base === 'spine001')) { found.set('hips', sp); rules.set('hips', 'rigify-spine'); }
  }
  for (const [role, j] of found) assign(c, role, j, 0.9, `name:${rules.get(role)}`);
  return found;
}

function detectFacing(c: Ctx): 1 | -1 {
  let sum = 0, count = 0;
  for (let j = 0; j < c.n; j++) {
    const p = c.parsed[j]!;
    if (!p.side || p.aux) continue;
    // Side joints vs their nearest central ancestor: x offset sign.
    const par = c.geom.parents[j]!;
    const ref = par >= 0 ? par : j;
    const dx = px(c.geom, j) - px(c.geom, ref);
    sum += (p.side === 'left' ? 1 : -1) * Math.sign(dx) * Math.min(1, Math.abs(dx) * 100);
    count++;
  }
  if (count === 0) return 1;
  return sum < 0 ? -1 : 1;
}

function limbRoles(side: 'left' | 'right', kind: 'arm' | 'leg'): string[] {
  return kind === 'arm'
    ? [`${side}Shoulder`, `${side}UpperArm`, `${side}LowerArm`, `${side}Hand`]
    : [`${side}UpperLeg`, `${side}LowerLeg`, `${side}Foot`, `${side}Toes`];
}

/** Fills a limb's roles from a chain by order and lengths. */
function assignChain(c: Ctx, chain: number[], side: 'left' | 'right', kind: 'arm' | 'leg'): void {
  const [r0, r1, r2, r3] = limbRoles(side, kind) as [string, string, string, string];
  let ch = chain.slice();
  const g = c.geom;
  const segLen = (i: number): number => (i + 1 < ch.length ? dist(g, ch[i]!, ch[i + 1]!) : 0);
  if (kind === 'leg') {
    let total = 0;
    for (let i = 0; i + 1 < ch.length; i++) total += segLen(i);
    while (ch.length > 3 && segLen(0) < 0.15 * total) ch = ch.slice(1);
    const named = c.roles[r0];
    if (named && ch.includes(named.joint)) ch = ch.slice(ch.indexOf(named.joint));
    assign(c, r0, ch[0] ?? -1, 0.6, 'topology:leg-chain');
    assign(c, r1, ch[1] ?? -1, 0.6, 'topology:leg-chain');
    assign(c, r2, ch[2] ?? -1, 0.6, 'topology:leg-chain');
    assign(c, r3, ch[3] ?? -1, 0.6, 'topology:leg-chain');
  } else {
    const named = c.roles[r1];
    if (named && ch.includes(named.joint)) {
      const i = ch.indexOf(named.joint);
      if (i > 0) assign(c, r0, ch[i - 1]!, 0.6, 'topology:arm-chain');
      ch = ch.slice(i);
    } else if (ch.length >= 4 && segLen(0) < 0.6 * segLen(1)) {
      assign(c, r0, ch[0]!, 0.6, 'topology:arm-chain');
      ch = ch.slice(1);
    }
    assign(c, r1, ch[0] ?? -1, 0.6, 'topology:arm-chain');
    assign(c, r2, ch[1] ?? -1, 0.6, 'topology:arm-chain');
    assign(c, r3, ch[2] ?? -1, 0.6, 'topology:arm-chain');
  }
}

function heightExtent(g: SkeletonGeometry, n: number): number {
  let lo = Infinity, hi = -Infinity;
  for (let j = 0; j < n; j++) { lo = Math.min(lo, py(g, j)); hi = Math.max(hi, py(g, j)); }
  return hi - lo;
}

function topologicalHips(c: Ctx): number {
  const g = c.geom, H = heightExtent(g, c.n);
  for (let j = 0; j < c.n; j++) {
    if (c.parsed[j]!.aux) continue;
    const kids = c.children[j]!.filter((k) => !c.parsed[k]!.aux);
    let down = 0, up = 0;
    for (const k of kids) {
      const ys = subtree(c, k).map((q) => py(g, q));
      if (Math.min(...ys) < py(g, j) - 0.3 * H) down++;
      else if (Math.max(...ys) > py(g, j) + 0.2 * H) up++;
    }
    if (down >= 2 && up >= 1) return j;
  }
  return -1;
}

function role(c: Ctx, r: string): number {
  return c.roles[r]?.joint ?? -1;
}

/**
 * Maps a skeleton onto humanoid roles. Throws `MmcpError('not_humanoid')` naming the missing
 * roles and the failed checks unless `allowPartial` is set.
 */
export function mapHumanoid(geom: SkeletonGeometry, options: MapHumanoidOptions = {}): HumanoidMap {
  const n = geom.names.length;
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let j = 0; j < n; j++) { const p = geom.parents[j]!; if (p >= 0) children[p]!.push(j); }
  const c: Ctx = { geom, n, children, parsed: geom.names.map(parseJointName), roles: {}, used: new Set(), facing: 1 };
  for (const [r, j] of Object.entries(options.vrm ?? {})) if (j >= 0 && j < n) assign(c, r, j, 1, 'vrm');
  applyOverrides(c, options.overrides);
  nameCandidates(c);
  c.facing = detectFacing(c);
  const g = geom;
  const lateral = (j: number): number => px(g, j) * c.facing; // + = character's left

  // Hips.
  if (role(c, 'hips') < 0) {
    const l = role(c, 'leftUpperLeg'), r = role(c, 'rightUpperLeg');
    if (l >= 0 && r >= 0) assign(c, 'hips', lca(g, l, r), 0.6, 'topology:legs-lca');
    else assign(c, 'hips', topologicalHips(c), 0.6, 'topology:branch');
  }
  const hips = role(c, 'hips');
  if (hips >= 0) {
    const hipsKids = children[hips]!.filter((k) => !c.parsed[k]!.aux);
    const top = (k: number): number => Math.max(...subtree(c, k).map((q) => py(g, q)));
    // The spine child: highest-reaching subtree; the others are leg candidates.
    let spineChild = -1;
    for (const k of hipsKids) if (spineChild < 0 || top(k) > top(spineChild)) spineChild = k;
    // Legs.
    for (const side of ['left', 'right'] as const) {
      if (role(c, `${side}UpperLeg`) >= 0 && role(c, `${side}LowerLeg`) >= 0 && role(c, `${side}Foot`) >= 0) continue;
      const start = role(c, `${side}UpperLeg`);
      let chainRoot = start;
      if (chainRoot < 0) {
        const cands = hipsKids.filter((k) => k !== spineChild).filter((k) => (side === 'left' ? 1 : -1) * (lateral(lowestOf(c, k)) - lateral(hips)) > 0);
        chainRoot = cands[0] ?? -1;
      }
      if (chainRoot < 0) continue;
      const chain = mainChain(c, chainRoot, (q) => -py(g, q));
      assignChain(c, chain, side, 'leg');
    }
    // Arms: tips by names or lateral extremes among the spine child's subtree.
    if (spineChild >= 0) {
      const upper = subtree(c, spineChild).filter((q) => !c.parsed[q]!.aux);
      for (const side of ['left', 'right'] as const) {
        const sgn = side === 'left' ? 1 : -1;
        if (role(c, `${side}UpperArm`) >= 0 && role(c, `${side}LowerArm`) >= 0 && role(c, `${side}Hand`) >= 0) continue;
        let anchor = role(c, `${side}Shoulder`);
        if (anchor < 0) anchor = role(c, `${side}UpperArm`);
        if (anchor < 0) {
          let tip = -1;
          for (const q of upper) if (tip < 0 || sgn * lateral(q) > sgn * lateral(tip)) tip = q;
          if (tip < 0 || sgn * (lateral(tip) - lateral(hips)) <= 0) continue;
          // The arm root: the first joint on the path from the spine towards the tip that is off the centre line.
          const path = pathDown(g, hips, tip);
          const H = heightExtent(g, n);
          anchor = path.find((q) => sgn * (lateral(q) - lateral(hips)) > 0.03 * H && children[q]!.length <= 3) ?? -1;
          if (anchor < 0) continue;
        }
        const chain = mainChain(c, anchor, (q) => sgn * lateral(q));
        assignChain(c, chain, side, 'arm');
      }
    }
    // Spine chain between hips and the arms' branch point.
    const la = role(c, 'leftShoulder') >= 0 ? role(c, 'leftShoulder') : role(c, 'leftUpperArm');
    const ra = role(c, 'rightShoulder') >= 0 ? role(c, 'rightShoulder') : role(c, 'rightUpperArm');
    let branch = la >= 0 && ra >= 0 ? lca(g, la, ra) : -1;
    if (branch < 0 && spineChild >= 0) branch = spineChild;
    if (branch >= 0 && branch !== hips && isAncestor(g, hips, branch)) {
      const chain = pathDown(g, hips, branch).filter((q) => !c.parsed[q]!.aux);
      const spineRoles = chain.length === 1 ? ['spine'] : chain.length === 2 ? ['spine', 'chest'] : ['spine', 'chest', 'upperChest'];
      const picks = chain.length <= 3 ? chain : [chain[0]!, chain[chain.length - 2]!, chain[chain.length - 1]!];
      picks.forEach((q, i) => assign(c, spineRoles[i]!, q, 0.6, 'topology:spine-chain'));
      // Neck / head: the central chain above the branch.
      let head = role(c, 'head');
      if (head < 0) {
        const armSet = new Set([la, ra]);
        const centralKids = children[branch]!.filter((k) => !c.parsed[k]!.aux && !armSet.has(k) && Math.abs(lateral(lowestOf(c, k)) - lateral(branch)) < 0.5 * dist(g, branch, hips) + 1e-6);
        let start = -1;
        for (const k of centralKids) if (start < 0 || top(k) > top(start)) start = k;
        if (start >= 0) {
          const chainUp = mainChain(c, start, (q) => py(g, q), (q) => children[q]!.filter((k) => !c.parsed[k]!.aux).length >= 2);
          head = chainUp[chainUp.length - 1] ?? -1;
          assign(c, 'head', head, 0.6, 'topology:neck-chain');
          if (chainUp.length >= 2) assign(c, 'neck', chainUp[0]!, 0.6, 'topology:neck-chain');
        }
      } else if (role(c, 'neck') < 0) {
        const path = pathDown(g, branch, head).filter((q) => !c.parsed[q]!.aux);
        if (path.length >= 2) assign(c, 'neck', path[0]!, 0.6, 'topology:neck-chain');
      }
    }
  }
  return finish(c, options);
}

function lowestOf(c: Ctx, k: number): number {
  let best = k;
  for (const q of subtree(c, k)) if (py(c.geom, q) < py(c.geom, best)) best = q;
  return best;
}

function applyOverrides(c: Ctx, overrides: MapHumanoidOptions['overrides']): void {
  for (const [r, v] of Object.entries(overrides ?? {})) {
    if (v === null) { c.roles[r] = { role: r, joint: -1, name: '', confidence: 1, rule: 'override:unmapped' }; continue; }
    const j = typeof v === 'number' ? v : c.geom.names.indexOf(v);
    if (j < 0 || j >= c.n) throw new MmcpError('unknown_joint', `Override for role "${r}" names joint ${JSON.stringify(v)}, which is not in this skeleton.`, { details: { role: r, joint: v } });
    assign(c, r, j, 1, 'override', true);
  }
}

function finish(c: Ctx, options: MapHumanoidOptions): HumanoidMap {
  // Drop explicit unmaps.
  for (const [r, a] of Object.entries(c.roles)) if (a.joint < 0) delete c.roles[r];
  const g = c.geom;
  const problems: string[] = [];
  const j = (r: string): number => c.roles[r]?.joint ?? -1;
  const hips = j('hips'), head = j('head');
  if (hips >= 0 && head >= 0) {
    const dx = px(g, head) - px(g, hips), dy = py(g, head) - py(g, hips), dz = g.positions[3 * head + 2]! - g.positions[3 * hips + 2]!;
    const len = Math.hypot(dx, dy, dz);
    if (len < 1e-9 || dy / len < 0.6) problems.push(`the hips→head axis is not upright (${len < 1e-9 ? 'zero length' : `${Math.round((Math.acos(Math.max(-1, Math.min(1, dy / len))) * 180) / Math.PI)}° from +Y`})`);
  }
  for (const side of ['left', 'right'] as const) {
    const ul = j(`${side}UpperLeg`);
    const end = j(`${side}Foot`) >= 0 ? j(`${side}Foot`) : j(`${side}LowerLeg`);
    if (hips >= 0 && ul >= 0 && end >= 0 && py(g, end) > py(g, hips) - 0.2 * Math.abs(py(g, head >= 0 ? head : hips) - py(g, hips))) {
      problems.push(`the ${side} leg does not hang below the hips`);
    }
  }
  // Geometry checks do not overrule roles the user (or a VRM extension) mapped explicitly.
  const explicit = (r: string): boolean => c.roles[r]?.rule === 'override' || c.roles[r]?.rule === 'vrm';
  const isHumanoidByGeometry = problems.length === 0 || ['hips', 'head', 'leftUpperLeg', 'rightUpperLeg'].every(explicit);
  const missingRequired = REQUIRED_ROLES.filter((r) => j(r) < 0);
  if (!isHumanoidByGeometry) {
    for (const r of Object.keys(c.roles)) if (c.roles[r]!.rule !== 'override' && c.roles[r]!.rule !== 'vrm') delete c.roles[r];
  }
  const missing = CORE_ROLES.filter((r) => j(r) < 0);
  const missingReq = REQUIRED_ROLES.filter((r) => j(r) < 0);
  if (missingRequired.length) problems.push(`required roles not found: ${missingRequired.join(', ')}`);
  const humanoid = missingReq.length === 0 && isHumanoidByGeometry;
  const jointRoles: (string | undefined)[] = new Array(c.n).fill(undefined);
  for (const a of Object.values(c.roles)) jointRoles[a.joint] = a.role;
  const result: HumanoidMap = { roles: c.roles, jointRoles, missing, humanoid, problems, facing: c.facing };
  if (!humanoid && !options.allowPartial) {
    throw new MmcpError(
      'not_humanoid',
      `This skeleton is not a humanoid the plugin can drive: ${problems.join('; ')}. Missing roles: ${missing.join(', ') || 'none'}. ` +
        'Map the joints by hand with the `overrides` option (role → joint name) or pass `allowPartial: true`.',
      { details: { missing, problems } },
    );
  }
  return result;
}
