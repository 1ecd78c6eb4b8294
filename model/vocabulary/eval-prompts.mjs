#!/usr/bin/env node
// Prints the prompt-understanding figures (acceptance item 6) for `npm run eval:model`:
//   node model/vocabulary/eval-prompts.mjs [models/bn-motion-small]
// Bundles src/local/prompt with esbuild (dev dependency) and runs evaluateParaphrases() on the
// paraphrase sets in model/eval/. BLIND_SETS were written blind (their authors never saw the vocabulary or the
// parser) and were first run only after the last vocabulary change: their combined figure is the honest one
// (`prompt_blind_accuracy`). After any vocabulary change they are tuned sets: move them to SETS and add new blind
// ones. Last line: prompt_paraphrase_accuracy=<fraction> (all sets).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const SETS = ['model/eval/paraphrases.json', 'model/eval/paraphrases-fresh.json', 'model/eval/paraphrases-final.json', 'model/eval/paraphrases-heldout4.json', 'model/eval/paraphrases-heldout5.json', 'model/eval/paraphrases-heldout6.json', 'model/eval/paraphrases-heldout7.json', 'model/eval/paraphrases-heldout8.json', 'model/eval/paraphrases-heldout9.json'];
const BLIND_SETS = ['model/eval/paraphrases-heldout10.json', 'model/eval/paraphrases-heldout11.json'];

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
  const blindItems = [];
  for (const file of [...SETS, ...BLIND_SETS]) {
    const items = JSON.parse(readFileSync(file, 'utf8'));
    all.push(...items);
    if (BLIND_SETS.includes(file)) blindItems.push(...items);
    const r = evaluateParaphrases(items, vocabulary, labels);
    console.log(`${file}: content ${r.correct}/${r.total} = ${r.accuracy.toFixed(3)} (skipped ${r.skipped}); style ${r.styleCorrect}/${r.styleTotal}`);
    for (const miss of r.misses) console.log(`  miss: "${miss.prompt}" expected ${miss.expected}, got ${miss.got.join('+')}`);
  }
  // The blind sets, first run after the last vocabulary change: the honest figure.
  const blind = evaluateParaphrases(blindItems, vocabulary, labels);
  console.log(`prompt_blind_sets=${BLIND_SETS.join(',')}`);
  console.log(`prompt_blind_paraphrases=${blind.total}`);
  console.log(`prompt_blind_accuracy=${blind.accuracy.toFixed(3)}`);
  const r = evaluateParaphrases(all, vocabulary, labels);
  console.log(`prompt_paraphrases=${r.total}`);
  console.log(`prompt_paraphrase_accuracy=${r.accuracy.toFixed(3)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
