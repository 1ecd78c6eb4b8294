// Report half of `npm run eval:model`: turns the generation index, the Python metrics, the
// prompt figure and the contact sheet into `key=value` figures, report.json and REPORT.md.
// Goals are the acceptance items of issue 6; a missed goal is printed as missed.

const GOALS = {
  content: 0.8,
  skatingRatio: 1.5,
  rootPathCm: 10,
  prompts: 0.9,
};

const pct = (x) => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const num = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : Number(x).toFixed(d));
const verdict = (ok) => (ok === null ? 'n/a' : ok ? 'met' : 'MISSED');
const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : null);

/** Builds the figures list, the JSON report and the Markdown report. */
export function renderReport({ index, metrics, prompts, sheet, env, sheetNotes = null }) {
  const c = metrics.content;
  const s = metrics.style;
  const feet = metrics.feet;
  const div = metrics.diversity;
  const paths = {};
  for (const kind of Object.keys(index.root_path.paths)) {
    const rs = index.root_path.results.filter((r) => r.kind === kind);
    paths[kind] = {
      samples: rs.length,
      error_cm: 100 * mean(rs.map((r) => r.mean_error_m)),
      max_error_cm: 100 * Math.max(...rs.map((r) => r.max_error_m)),
      model_error_cm: 100 * mean(rs.map((r) => r.model_mean_miss_m)),
      model_max_error_cm: 100 * Math.max(...rs.map((r) => r.model_max_miss_m)),
    };
  }
  const walk = div.per_content.walk ?? null;
  const noveltyRatio = div.generated_novelty_cm !== null && div.real_novelty_cm ? div.generated_novelty_cm / div.real_novelty_cm : null;
  // A replaying model sits far closer to its training windows than real takes sit to each other.
  const noveltyVerdict = noveltyRatio === null ? 'n/a' : noveltyRatio < 0.5 ? 'REPLAY SUSPECTED (generated much closer to training clips than real takes are to each other)' : 'no replay (generated at least half as far from training clips as real takes are from each other)';
  const goals = {
    content_recognition: c.generated >= GOALS.content,
    foot_skating: feet.skating_ratio <= GOALS.skatingRatio,
    root_path: Object.values(paths).every((p) => p.error_cm <= GOALS.rootPathCm),
    root_path_model_alone: Object.values(paths).every((p) => p.model_error_cm <= GOALS.rootPathCm),
    // judged on the blind sets, first run after the last vocabulary change (the older sets were used for tuning)
    prompt_understanding: prompts.blindAccuracy == null ? null : prompts.blindAccuracy >= GOALS.prompts && (prompts.blindTotal ?? 0) >= 100,
    contact_sheet: !sheet.skipped,
  };

  const figures = [
    ['model', `${index.model.id}@${index.model.version}`],
    ['model_checkpoint_step', index.model.training?.checkpoint_step ?? 'n/a'],
    ['samples_generated', index.samples.length],
    ['content_recognition_real_heldout', num(c.real_heldout, 3)],
    ['content_recognition_generated', num(c.generated, 3)],
    ['content_recognition_goal', `${verdict(goals.content_recognition)} (>= ${GOALS.content})`],
    ['style_recognition_real_heldout', num(s.real_heldout, 3)],
    ['style_recognition_generated', num(s.generated, 3)],
    ['foot_skating_real_cm_s', num(feet.real_heldout.skating_cm_s)],
    ['foot_skating_generated_cm_s', num(feet.generated.skating_cm_s)],
    ['foot_skating_ratio', num(feet.skating_ratio)],
    ['foot_skating_goal', `${verdict(goals.foot_skating)} (<= ${GOALS.skatingRatio}x real)`],
    ['foot_skating_root_path_cm_s', num(feet.generated_root_path.skating_cm_s)],
    ['foot_skating_height_only_real_cm_s', num(feet.real_heldout.skating_height_only_cm_s)],
    ['foot_skating_height_only_generated_cm_s', num(feet.generated.skating_height_only_cm_s)],
    ['foot_skating_height_only_root_path_cm_s', num(feet.generated_root_path.skating_height_only_cm_s)],
    ['foot_floating_real_cm', num(feet.real_heldout.floating_cm)],
    ['foot_floating_generated_cm', num(feet.generated.floating_cm)],
    ['floor_penetration_real_cm', num(feet.real_heldout.penetration_cm, 3)],
    ['floor_penetration_generated_cm', num(feet.generated.penetration_cm, 3)],
    ['floor_penetration_generated_frames_pct', num(feet.generated.penetration_frames_pct, 1)],
    ['diversity_walk_generated_cm', num(walk?.generated_diversity_cm)],
    ['diversity_walk_real_cm', num(walk?.real_diversity_cm)],
    ['diversity_generated_cm', num(div.generated_diversity_cm)],
    ['diversity_real_cm', num(div.real_diversity_cm)],
    ['novelty_generated_cm', num(div.generated_novelty_cm)],
    ['novelty_real_cm', num(div.real_novelty_cm)],
    ['novelty_generated_min_cm', num(div.generated_novelty_min_cm)],
    ['novelty_ratio', num(noveltyRatio)],
    ['novelty_verdict', noveltyVerdict],
    ...Object.entries(paths).flatMap(([k, p]) => [
      [`root_path_${k}_error_cm`, num(p.error_cm, 3)],
      [`root_path_${k}_model_error_cm`, num(p.model_error_cm, 1)],
    ]),
    ['root_path_goal', `${verdict(goals.root_path)} after the runtime's warp (<= ${GOALS.rootPathCm} cm); model alone ${verdict(goals.root_path_model_alone)}`],
    ['prompt_paraphrases', prompts.total ?? 'n/a'],
    ['prompt_paraphrase_accuracy', num(prompts.accuracy, 3)],
    ['prompt_blind_paraphrases', prompts.blindTotal ?? 'n/a'],
    ['prompt_blind_accuracy', num(prompts.blindAccuracy, 3)],
    ['prompt_goal', `${verdict(goals.prompt_understanding)} (>= ${GOALS.prompts} of >= 100 on the blind sets)`],
    ['contact_sheet', sheet.skipped ? `skipped (${sheet.reason})` : sheet.file],
    ['speed', 'measured by `npm run bench -- local` (headless Chromium WASM, local_wasm_4s_ms)'],
    ['node_generate_4s_ms', num(index.node_4s_ms, 1)],
    ['eval_seconds', num(env.seconds, 0)],
    ['content_recognition', `${num(c.generated, 3)} generated vs ${num(c.real_heldout, 3)} real held-out (goal ${verdict(goals.content_recognition)})`],
  ];

  const report = {
    model: index.model,
    date: env.date,
    command: env.command,
    machine: env.machine,
    seconds: env.seconds,
    goals,
    content_recognition: c,
    style_recognition: s,
    feet,
    diversity: div,
    root_path: { paths: index.root_path.paths, keys: index.root_path.keys, per_kind: paths, results: index.root_path.results },
    prompts,
    contact_sheet: sheet,
    node_generate_4s_ms: index.node_4s_ms,
    classifier: metrics.classifier,
    label_prompts: index.prompt_checks.map(({ prompt, exact }) => ({ prompt, exact })),
  };

  const L = [];
  const summary = [];
  L.push(`# Evaluation of ${index.model.id}@${index.model.version}`, '');
  L.push(`- Command: \`${env.command}\` (${num(env.seconds, 0)} s)`);
  L.push(`- Date: ${env.date}`);
  L.push(`- Machine: ${env.machine}`);
  L.push(`- Model: decoder.onnx sha256 \`${index.model.decoder_sha256}\`${index.model.training ? `, training ${JSON.stringify(index.model.training)}` : ''}`);
  L.push(`- Every generated clip comes from the real local runtime (src/local, onnxruntime-node ${index.execution_provider}), prompted by text through the package vocabulary ("<content> <style>", checked to condition exactly one content and one style: ${index.prompt_checks.filter((p) => p.exact).length}/${index.prompt_checks.length}). 4 s clips (120 frames at ${index.fps} fps), seeds 1000+ (contents), 2000+ (styles), 3000+ (root_path).`);
  L.push('');
  L.push('## Summary', '');
  const summaryStart = L.length;
  L.push('| Item | Real data | Generated | Goal |', '|---|---|---|---|');
  L.push(`| 1. Content recognition | ${pct(c.real_heldout)} (held-out takes: the ceiling) | ${pct(c.generated)} | ≥ 80%: ${verdict(goals.content_recognition)} |`);
  L.push(`| 2. Style recognition | ${pct(s.real_heldout)} | ${pct(s.generated)} | reported |`);
  L.push(`| 3. Foot skating, planted feet | ${num(feet.real_heldout.skating_cm_s)} cm/s | ${num(feet.generated.skating_cm_s)} cm/s (×${num(feet.skating_ratio)}) | ≤ 1.5× real: ${verdict(goals.foot_skating)} |`);
  L.push(`| 3. Floating (planted-foot clearance) | ${num(feet.real_heldout.floating_cm)} cm | ${num(feet.generated.floating_cm)} cm | reported |`);
  L.push(`| 3. Floor penetration (mean depth / frames > 1 cm) | ${num(feet.real_heldout.penetration_cm, 3)} cm / ${num(feet.real_heldout.penetration_frames_pct, 1)}% | ${num(feet.generated.penetration_cm, 3)} cm / ${num(feet.generated.penetration_frames_pct, 1)}% | reported |`);
  L.push(`| 4. Diversity, "walk normal" across ${index.samples.filter((x) => x.set === 'content' && x.content === 'walk').length} seeds | ${num(walk?.real_diversity_cm)} cm between real takes | ${num(walk?.generated_diversity_cm)} cm | reported |`);
  L.push(`| 4. Diversity, mean over ${div.diversity_contents.length} contents | ${num(div.real_diversity_cm)} cm | ${num(div.generated_diversity_cm)} cm | reported |`);
  L.push(`| 4. Novelty (nearest training window) | ${num(div.real_novelty_cm)} cm (real take vs other takes) | ${num(div.generated_novelty_cm)} cm (min ${num(div.generated_novelty_min_cm)}), ratio ${num(noveltyRatio)} | ${noveltyVerdict.split(' (')[0]} (replay if ratio < 0.5) |`);
  for (const [k, p] of Object.entries(paths)) {
    L.push(`| 5. root_path ${k} | — | ${num(p.error_cm, 3)} cm after the warp; model alone ${num(p.model_error_cm, 1)} cm | ≤ 10 cm: ${verdict(p.error_cm <= GOALS.rootPathCm)} (model alone ${verdict(p.model_error_cm <= GOALS.rootPathCm)}) |`);
  }
  L.push(`| 6. Prompt understanding | — | ${prompts.blindAccuracy == null ? 'n/a' : pct(prompts.blindAccuracy)} of the ${prompts.blindTotal ?? 'n/a'} blind paraphrases (${prompts.accuracy === null ? 'n/a' : pct(prompts.accuracy)} of all ${prompts.total ?? 'n/a'}, most of them used for tuning) | ≥ 90% of ≥ 100: ${verdict(goals.prompt_understanding)} |`);
  L.push(`| 7. Contact sheet | — | ${sheet.skipped ? `skipped (${sheet.reason})` : `\`${sheet.file}\` (${sheet.description})`} | committed |`);
  L.push(`| 8. Speed | — | Node (onnxruntime-node CPU, 1 thread) 4 s clip: ${num(index.node_4s_ms, 1)} ms median | figure of record: \`npm run bench -- local\` (WASM, headless Chromium) |`);
  summary.push(...L.slice(summaryStart));
  L.push('');

  L.push('## 1–2. Recognition', '');
  L.push(`Classifier: temporal conv net (same input and architecture as model/quick_eval.py: root-relative joint positions in the heading frame, root ground velocity, heading rate) trained on the ${metrics.classifier.train_takes} train takes only; ceiling = its accuracy on ${metrics.classifier.heldout_takes} held-out takes (whole takes, or 4 s windows of longer takes). Generated: ${index.samples.filter((x) => x.set === 'content').length / index.contents.length} seeds × 4 s per content, style \`normal\` where training has it (else the content's most-trained style).`, '');
  L.push('| Content | Style | Real held-out | Generated | Generated predicted as |', '|---|---|---|---|---|');
  for (const [name, r] of Object.entries(c.per_content)) {
    const pred = Object.entries(r.generated_predicted).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
    L.push(`| ${name} | ${r.style ?? ''} | ${pct(r.real_heldout)} (n=${r.real_heldout_n}) | ${pct(r.generated)} (n=${r.generated_n}) | ${pred} |`);
  }
  L.push(`| **all** | | **${pct(c.real_heldout)}** (per-content mean ${pct(c.real_heldout_mean_per_content)}) | **${pct(c.generated)}** (per-content mean ${pct(c.generated_mean_per_content)}) | |`, '');
  L.push('Styles: each style on up to 4 contents it was trained with, 2 seeds each.', '');
  L.push('| Style | Contents | Real held-out | Generated |', '|---|---|---|---|');
  for (const [name, r] of Object.entries(s.per_style)) {
    L.push(`| ${name} | ${r.contents.join(', ')} | ${pct(r.real_heldout)} (n=${r.real_heldout_n}) | ${pct(r.generated)} (n=${r.generated_n}) |`);
  }
  L.push(`| **all** | | **${pct(s.real_heldout)}** | **${pct(s.generated)}** |`, '');

  L.push('## 3. Feet', '');
  L.push(`Contact rule, identical for real and generated clips (the thresholds of the training labels, model/features.py): a foot joint (LeftFoot, LeftToes, RightFoot, RightToes) is planted on a frame when its height is below 15 cm (Foot) / 8 cm (Toes) and its 3D speed below 0.3 m/s. Skating = mean horizontal speed of planted joints (cm/s). The joints sit inside the foot, above the sole, so a joint's ground clearance is its height minus its standing height measured on the real train takes (5th percentile of its height: ${Object.entries(feet.ground_offsets_m).map(([k, v]) => `${k} ${(100 * v).toFixed(1)} cm`).join(', ')}). Floating = mean clearance of planted joints. Penetration = per frame, how far the lowest foot joint's clearance is below 0 (mean over all frames, and the share of frames deeper than 1 cm); below floor = frames where a foot joint itself is below y = 0.`, '');
  L.push('| | Skating cm/s | Skating, height-only rule cm/s | Planted share | Floating cm | Penetration cm | Frames > 1 cm | Below floor | Frames |', '|---|---|---|---|---|---|---|---|---|');
  for (const [name, f] of [['real held-out', feet.real_heldout], ['generated (text)', feet.generated], ['generated (root_path, after warp)', feet.generated_root_path]]) {
    L.push(`| ${name} | ${num(f.skating_cm_s)} | ${num(f.skating_height_only_cm_s)} | ${pct(f.planted_fraction)} | ${num(f.floating_cm)} | ${num(f.penetration_cm, 3)} | ${num(f.penetration_frames_pct, 1)}% | ${num(f.below_floor_frames_pct, 1)}% | ${f.frames} |`);
  }
  L.push('');

  L.push('## 4. Diversity and novelty', '');
  L.push('Distance between two clips = mean over frames and joints of the distance between joint positions, root-relative (root ground projection removed) and heading-aligned per frame, time-aligned, in cm, over a window of the generated length shortened to the 25th percentile of the label\'s real take lengths (many takes are 2–3 s). Diversity = mean pairwise distance across the seeds of one prompt (real: between takes of the same label, first window). Novelty = distance from each generated sample (first and last window) to its nearest training window of the same label (every window of that length, shifts of 2 frames); the real baseline is the same search for real takes against the *other* training takes of the label. A model that replays training clips shows novelty far below the real baseline.', '');
  L.push('| Content | Style | Window | Real takes | Diversity real | Diversity generated | Novelty real | Novelty generated (min) |', '|---|---|---|---|---|---|---|---|');
  for (const [name, p] of Object.entries(div.per_content)) {
    L.push(`| ${name} | ${p.style} | ${p.window_frames} | ${p.real_takes} | ${num(p.real_diversity_cm)} | ${num(p.generated_diversity_cm)} | ${num(p.real_novelty_cm)} | ${num(p.generated_novelty_cm)} (${num(p.generated_novelty_min_cm)}) |`);
  }
  L.push(`| **mean** (contents with both) | | | | ${num(div.real_diversity_cm)} | ${num(div.generated_diversity_cm)} | ${num(div.real_novelty_cm)} | ${num(div.generated_novelty_cm)} |`, '');

  L.push('## 5. root_path following', '');
  L.push(`Prompt "walk", ${index.root_path.frames} frames, keys every second (frames ${index.root_path.keys.join(', ')}) on three paths at 1.2 m/s: straight (+Z), curved (arc of radius 5 m to the left) and turning (2.4 m straight, 90° left turn of radius 1 m, then straight). The runtime conditions the model on the path's speed and turn rate and then warps the root through the keys, so the delivered error is ~0 by construction; "model alone" is the model's own root path at the keys before the warp (the size of the correction the warp applies), the honest measure of how well the model follows the conditioning.`, '');
  L.push('| Path | Samples | Error at keys (delivered) cm | Max cm | Model alone cm | Model alone max cm |', '|---|---|---|---|---|---|');
  for (const [k, p] of Object.entries(paths)) L.push(`| ${k} | ${p.samples} | ${num(p.error_cm, 3)} | ${num(p.max_error_cm, 3)} | ${num(p.model_error_cm, 1)} | ${num(p.model_max_error_cm, 1)} |`);
  L.push('');
  L.push('## 6. Prompt understanding', '', `\`node model/vocabulary/eval-prompts.mjs\`: ${prompts.accuracy === null ? 'no figure (exit ' + prompts.exit + ')' : `${pct(prompts.accuracy)} of ${prompts.total} paraphrased prompts map to the right content; on the blind sets (\`${prompts.blindSets}\`, written blind to the vocabulary and parser and first run after its last change, evaluated as written) ${pct(prompts.blindAccuracy)} of ${prompts.blindTotal}. The older sets were written blind too, but the vocabulary was then improved using their misses: see docs/prompts.md for every set's first run.`}`, '');
  L.push('## 7. Contact sheet', '', sheet.skipped ? `Not rendered: ${sheet.reason}.` : `![contact sheet](contact-sheet.png)\n\n${sheet.description}`, '');
  if (sheetNotes) L.push(`Looked at (model/eval/contact-sheet-notes.md, written by a person after viewing the sheet of decoder sha256 \`${sheetNotes.sha}\`${sheetNotes.sha === index.model.decoder_sha256 ? '' : ' — NOT this model: the notes are stale'}):`, '', sheetNotes.text.trim(), '');
  L.push('## 8. Speed', '', `The figure of record is \`npm run bench -- local\` (4 s clip, 1 sample, WASM in headless Chromium, last line \`local_wasm_4s_ms\`; goal ≤ 1 s, aim 300 ms). Extra figure here: the whole \`LocalRuntime.generate\` of a 4 s clip in Node (onnxruntime-node CPU, 1 intra-op thread) takes ${num(index.node_4s_ms, 1)} ms (median of 7: ${index.node_4s_ms_all.map((t) => t.toFixed(0)).join(', ')} ms) on this shared machine.`, '');
  L.push('## Caveats', '');
  L.push('- Per-content and per-style ceilings of thin labels rest on few held-out windows (n in the tables); the overall rates are the robust figures.');
  L.push('- The classifier sees joint positions and root velocity only; a generated clip it recognises is plausible for that label to *this* classifier, not necessarily to a person — look at the contact sheet.');
  L.push('- root_path: the delivered error is ~0 by construction (the runtime warps the root through the keys); the "model alone" error is the honest measure of path following, and the cost of the warp shows as foot skating on the root_path clips (item 3 table).');
  L.push('- Diversity and novelty distances are pose-only (root-relative, heading-aligned); they ignore where the character travels.');
  L.push('- The machine is shared (2 cores, load average in the header), so the Node timing is an upper bound.', '');
  const card = [
    `Measured by \`${env.command}\` on ${env.date.slice(0, 10)} (${env.date}), ${env.machine}; ${num(env.seconds, 0)} s. Full report with per-content / per-style / per-path tables and method: \`model/eval/REPORT.md\` (figures in \`model/eval/report.json\`); contact sheet: \`model/eval/contact-sheet.png\`.`,
    '',
    ...summary.map((line) => line.replace(/`[^`]*contact-sheet\.png`/, '`model/eval/contact-sheet.png`')),
    '',
    ...(sheetNotes && sheetNotes.sha === index.model.decoder_sha256 ? [`Contact sheet, looked at: ${sheetNotes.text.trim()}`, ''] : []),
    `Verdict: content recognition ${verdict(goals.content_recognition)}, foot skating ${verdict(goals.foot_skating)}, root_path ${verdict(goals.root_path)} as delivered only because the runtime warps the root through the keys (model alone ${verdict(goals.root_path_model_alone)}: ${Object.values(paths).map((p) => num(p.model_error_cm / 100, 1)).join(' / ')} m off on straight / curved / turning; the warp makes the feet slide: ${num(feet.generated_root_path.skating_height_only_cm_s, 0)} cm/s low-foot speed on root_path clips vs ${num(feet.real_heldout.skating_height_only_cm_s, 0)} real), prompt understanding ${verdict(goals.prompt_understanding)}, novelty: ${noveltyVerdict.split(' (')[0]}.`,
  ].join('\n');
  return { figures, markdown: L.join('\n') + '\n', report, card };
}
