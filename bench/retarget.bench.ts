/**
 * `npm run bench -- retarget`: Bandai Namco walk / wave / bow retargeted onto every humanoid rig
 * in the shared characters folder; limb-direction error read back from the Babylon nodes, planted
 * foot height error, and retarget time. Headline last: `retarget_limb_error_deg=<worst rig mean>`.
 */
import { bindCharacter } from '../src/babylon/bind.js';
import { mapMotionSkeleton, retargetClip } from '../src/babylon/retarget.js';
import { createAnimationGroup } from '../src/babylon/animation-group.js';
import { loadBandai, type BandaiClip } from '../test/support/bandai.js';
import { loadCharacter } from '../test/support/characters.js';
import { measureRetarget } from '../test/support/measure.js';

const RIGS: [string, boolean][] = [
  ['khronos/CesiumMan.glb', false], ['khronos/RiggedFigure.glb', false], ['RobotExpressive.glb', false], ['RobotExpressive.glb', true],
  ['VALID_White_M_1_Casual_mixamorig.glb', false], ['VALID_White_M_1_Casual_mixamorig.glb', true], ['vrm/cryptovoxels.vrm', false],
  ['vrm/VRMC_vrm_expressions_isBinary_Overrides.vrm', false], ['vrm/VRMC_materials_mtoon_UV_Animation_Test.vrm', false], ['vrm/test.vrma', false],
  ['Kenney_MiniCharacter_female_a.glb', false],
];
const CLIPS: BandaiClip[] = ['walk', 'wave', 'bow'];
const clips = CLIPS.map((c) => ({ name: c, ...loadBandai(c) }));
let worst = 0;
for (const [file, rh] of RIGS) {
  let sum = 0, n = 0, max = 0, footSum = 0, footN = 0, footMax = 0, ms = 0;
  for (const bn of clips) {
    const c = await loadCharacter(file, rh);
    const rig = bindCharacter(c.root, { gltf: c.bytes, allowPartial: true });
    const t0 = performance.now();
    const r = retargetClip(bn.clip, bn.skeleton, rig);
    ms += performance.now() - t0;
    const group = createAnimationGroup(r, rig, c.scene, { name: `${bn.name} #0` });
    const m = measureRetarget({ group, rig, roots: [c.root], skeleton: bn.skeleton, clip: bn.clip, sourceMap: mapMotionSkeleton(bn.skeleton), scale: r.scale, step: 1 });
    sum += m.meanDeg; n++; max = Math.max(max, m.maxDeg);
    if (m.plantedSamples) { footSum += m.footMeanM; footN++; footMax = Math.max(footMax, m.footMaxM); }
    c.scene.getEngine().dispose();
  }
  const mean = sum / n;
  worst = Math.max(worst, mean);
  const key = `${file.replace(/^.*\//, '').replace(/\.[a-z]+$/, '')}_${rh ? 'rh' : 'lh'}`;
  console.log(`${key}: limb_mean_deg=${mean.toFixed(4)} limb_max_deg=${max.toFixed(4)} foot_mean_cm=${footN ? ((footSum / footN) * 100).toFixed(2) : 'n/a'} foot_max_cm=${footN ? (footMax * 100).toFixed(2) : 'n/a'} retarget_ms=${(ms / n).toFixed(2)}`);
}
console.log(`retarget_limb_error_deg=${worst.toFixed(4)}`);
