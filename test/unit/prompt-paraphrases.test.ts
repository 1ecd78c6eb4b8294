import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateParaphrases, type Paraphrase, type Vocabulary } from '../../src/local/prompt/index.js';

const vocabulary = JSON.parse(readFileSync('models/bn-motion-small/vocabulary.json', 'utf8')) as Vocabulary;
const paraphrases = JSON.parse(readFileSync('model/eval/paraphrases.json', 'utf8')) as Paraphrase[];
const labels = { contents: Object.keys(vocabulary.contents), styles: Object.keys(vocabulary.styles) };

describe('held-out paraphrases (model/eval/paraphrases.json)', () => {
  it('has at least 120 paraphrases; with the later sets, every content label is covered', () => {
    expect(paraphrases.length).toBeGreaterThanOrEqual(120);
    const aliases = vocabulary.label_aliases?.contents ?? {};
    const later = ['model/eval/paraphrases-heldout4.json', 'model/eval/paraphrases-heldout5.json', 'model/eval/paraphrases-heldout6.json', 'model/eval/paraphrases-heldout7.json', 'model/eval/paraphrases-heldout8.json', 'model/eval/paraphrases-heldout9.json', 'model/eval/paraphrases-heldout10.json', 'model/eval/paraphrases-heldout11.json']
      .flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Paraphrase[]);
    const all = [...paraphrases, ...later];
    for (const label of labels.contents) expect(all.some((p) => (aliases[p.content] ?? p.content) === label), label).toBe(true);
  });

  it('maps >= 96% of them to the right content (tuned set)', () => {
    const r = evaluateParaphrases(paraphrases, vocabulary, labels);
    console.log('set 1: model/eval/paraphrases.json (written first; the vocabulary was tuned after seeing its misses)');
    console.log(`paraphrase_content_accuracy=${r.accuracy.toFixed(3)} (${r.correct}/${r.total}, skipped ${r.skipped})`);
    console.log(`paraphrase_style_accuracy=${(r.styleCorrect / Math.max(1, r.styleTotal)).toFixed(3)} (${r.styleCorrect}/${r.styleTotal})`);
    for (const m of r.misses) console.log(`  miss: "${m.prompt}" expected ${m.expected}, got ${m.got.join('+')}`);
    for (const m of r.styleMisses) console.log(`  style miss: "${m.prompt}" expected ${m.expected}, got ${m.got.join('+')}`);
    expect(r.total).toBeGreaterThanOrEqual(100);
    // Acceptance item 6 asks for 0.90. This set was used for tuning; its first, untuned run scored
    // 0.832 (see docs/prompts.md). The gate sits below the current 0.984 so a regression fails.
    expect(r.accuracy).toBeGreaterThanOrEqual(0.96);
  });
});

/**
 * Every paraphrase set, in the order it was written. `firstRun` is the accuracy the set scored the
 * first time it was evaluated, before any vocabulary change made after seeing it: the unbiased
 * figure. Sets 4–9 were written blind (their authors never saw the vocabulary or the parser); each
 * was evaluated once, and the vocabulary was then improved using its misses. Sets 10 and 11 were written
 * blind at the same time and first run only after the last vocabulary change: they measure the
 * vocabulary as shipped (do not tune on them without writing new blind sets). `gate` sits just under today's score so a
 * regression fails.
 */
const SETS: { file: string; firstRun: string; gate: number; min: number }[] = [
  { file: 'model/eval/paraphrases-fresh.json', firstRun: '0.794 (before the locomotion fallback)', gate: 0.95, min: 60 },
  { file: 'model/eval/paraphrases-final.json', firstRun: '0.860 (then one scoring bug fixed)', gate: 0.94, min: 45 },
  { file: 'model/eval/paraphrases-heldout4.json', firstRun: '0.869 (blind)', gate: 0.97, min: 120 },
  { file: 'model/eval/paraphrases-heldout5.json', firstRun: '0.831 (blind)', gate: 0.97, min: 120 },
  { file: 'model/eval/paraphrases-heldout6.json', firstRun: '0.846 (blind)', gate: 0.97, min: 120 },
  { file: 'model/eval/paraphrases-heldout7.json', firstRun: '0.869 (blind)', gate: 0.97, min: 120 },
  { file: 'model/eval/paraphrases-heldout8.json', firstRun: '0.892 (blind)', gate: 0.97, min: 120 },
  { file: 'model/eval/paraphrases-heldout9.json', firstRun: '0.892 (blind)', gate: 0.97, min: 120 },
  { file: 'model/eval/paraphrases-heldout10.json', firstRun: '0.910 (blind, first run after the last vocabulary change)', gate: 0.9, min: 120 },
  { file: 'model/eval/paraphrases-heldout11.json', firstRun: '0.968 (blind, first run after the last vocabulary change)', gate: 0.95, min: 120 },
];

describe.each(SETS)('paraphrase set $file (first run $firstRun)', ({ file, gate, min }) => {
  const set = JSON.parse(readFileSync(file, 'utf8')) as Paraphrase[];
  it(`maps >= ${gate} of its prompts to the right content`, () => {
    const r = evaluateParaphrases(set, vocabulary, labels);
    console.log(`${file}: content_accuracy=${r.accuracy.toFixed(3)} (${r.correct}/${r.total}, skipped ${r.skipped})`);
    for (const m of r.misses) console.log(`  miss: "${m.prompt}" expected ${m.expected}, got ${m.got.join('+')}`);
    expect(r.total).toBeGreaterThanOrEqual(min);
    expect(r.accuracy).toBeGreaterThanOrEqual(gate);
  });
});

describe('all paraphrase sets together', () => {
  it('reports the combined accuracy', () => {
    const all = ['model/eval/paraphrases.json', ...SETS.map((s) => s.file)].flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Paraphrase[]);
    const r = evaluateParaphrases(all, vocabulary, labels);
    console.log(`prompt_paraphrase_accuracy=${r.accuracy.toFixed(3)} (${r.correct}/${r.total}, skipped ${r.skipped})`);
    expect(r.total).toBeGreaterThanOrEqual(1000);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.92);
  });
});

describe('the blind sets (acceptance item 6)', () => {
  it('map >= 90% of >= 100 prompts written blind to the vocabulary to the right content', () => {
    const blind = ['model/eval/paraphrases-heldout10.json', 'model/eval/paraphrases-heldout11.json'].flatMap(
      (f) => JSON.parse(readFileSync(f, 'utf8')) as Paraphrase[],
    );
    const r = evaluateParaphrases(blind, vocabulary, labels);
    console.log(`prompt_blind_accuracy=${r.accuracy.toFixed(3)} (${r.correct}/${r.total})`);
    expect(r.total).toBeGreaterThanOrEqual(100);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
