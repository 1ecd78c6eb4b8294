#!/usr/bin/env node
// Prints the prompt-understanding figures (acceptance item 6) for `npm run eval:model`:
//   node model/vocabulary/eval-prompts.mjs [models/bn-motion-small]
// Bundles src/local/prompt with esbuild (dev dependency) and runs evaluateParaphrases() on the
// paraphrase sets in model/eval/ (the last one in SETS must be the newest, written blind after the last
// vocabulary change: `prompt_blind_accuracy`). Last line: prompt_paraphrase_accuracy=<fraction> (all sets).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const SETS = ['model/eval/paraphrases.json', 'model/eval/paraphrases-fresh.json', 'model/eval/paraphrases-final.json', 'model/eval/paraphrases-heldout4.json', 'model/eval/paraphrases-heldout5.json', 'model/eval/paraphrases-heldout6.json', 'model/eval/paraphrases-heldout7.json', 'model/eval/paraphrases-heldout8.json', 'model/eval/paraphrases-heldout9.json'];

const pkg = process.argv[2] ?? 'models/bn-motion-small';
const dir = mkdtempSync(join(tmpdir(), 'eval-prompts-'));
try {
  const outfile = join(dir, 'prompt.mjs');
  await build({ entryPoints: ['src/local/prompt/index.ts'], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
  const { evaluateParaphrases } = await import(pathToFileURL(outfile).href);
  const vocabulary = JSON.parse(readFileSync(join(pkg, 'vocabulary.json'), 'utf8'));
  let labels = { contents: Object.keys(vocabulary.contents), styles: Object.keys(vocabulary.styles) };
  try {
    const m = JSON.parse(readFileSync(join(pkg, 'manifest.json'), 'utf8'));
    labels = { contents: m.contents, styles: m.styles };
  } catch {
    // no manifest yet: the vocabulary's own label lists
  }
  const all = [];
  for (const file of SETS) {
    const items = JSON.parse(readFileSync(file, 'utf8'));
    all.push(...items);
    const r = evaluateParaphrases(items, vocabulary, labels);
    console.log(`${file}: content ${r.correct}/${r.total} = ${r.accuracy.toFixed(3)} (skipped ${r.skipped}); style ${r.styleCorrect}/${r.styleTotal}`);
    for (const miss of r.misses) console.log(`  miss: "${miss.prompt}" expected ${miss.expected}, got ${miss.got.join('+')}`);
  }
  // The newest set is, by convention, written blind after the last vocabulary change: the honest figure.
  const blindFile = SETS[SETS.length - 1];
  const blind = evaluateParaphrases(JSON.parse(readFileSync(blindFile, 'utf8')), vocabulary, labels);
  console.log(`prompt_blind_set=${blindFile}`);
  console.log(`prompt_blind_paraphrases=${blind.total}`);
  console.log(`prompt_blind_accuracy=${blind.accuracy.toFixed(3)}`);
  const r = evaluateParaphrases(all, vocabulary, labels);
  console.log(`prompt_paraphrases=${r.total}`);
  console.log(`prompt_paraphrase_accuracy=${r.accuracy.toFixed(3)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
