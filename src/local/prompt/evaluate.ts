/** Held-out paraphrase evaluation of the prompt parser (acceptance item 6 of the default model). */
import { isMmcpError } from '../../protocol/errors.js';
import { parsePrompt } from './parse.js';
import type { PromptLabels, Vocabulary } from './types.js';

/** One paraphrase: a prompt and the content (and optionally style) it should map to. */
export interface Paraphrase {
  prompt: string;
  content: string;
  style?: string;
}

/** One wrong answer. */
export interface ParaphraseMiss {
  prompt: string;
  expected: string;
  got: string[];
}

/** Accuracy figures of {@link evaluateParaphrases}. */
export interface ParaphraseReport {
  /** Paraphrases whose expected content the model has. */
  total: number;
  correct: number;
  /** correct / total. */
  accuracy: number;
  /** Paraphrases skipped because the model lacks their content label. */
  skipped: number;
  styleTotal: number;
  styleCorrect: number;
  misses: ParaphraseMiss[];
  styleMisses: ParaphraseMiss[];
}

/**
 * Parse every paraphrase; a content counts as right when it is the only top-weighted label.
 * Expected labels are raw dataset labels; the vocabulary's `label_aliases` map them onto the model's
 * merged labels (dance-short → dance, childish → youthful). Items whose content the model lacks are skipped.
 */
export function evaluateParaphrases(items: readonly Paraphrase[], vocabulary: Vocabulary, labels: PromptLabels): ParaphraseReport {
  const contentAliases = vocabulary.label_aliases?.contents ?? {};
  const styleAliases = vocabulary.label_aliases?.styles ?? {};
  const report: ParaphraseReport = { total: 0, correct: 0, accuracy: 0, skipped: 0, styleTotal: 0, styleCorrect: 0, misses: [], styleMisses: [] };
  for (const item of items) {
    const expected = labels.contents.includes(item.content) ? item.content : contentAliases[item.content];
    if (expected === undefined || !labels.contents.includes(expected)) {
      report.skipped++;
      continue;
    }
    report.total++;
    let got: string[] = [];
    let gotStyles: string[] = [];
    try {
      const parsed = parsePrompt(item.prompt, vocabulary, labels);
      got = parsed.content.map((c) => c.label);
      gotStyles = parsed.style.map((s) => s.label);
    } catch (e) {
      if (!isMmcpError(e)) throw e;
      got = [`refused: ${e.code}`];
    }
    if (got.length === 1 && got[0] === expected) report.correct++;
    else report.misses.push({ prompt: item.prompt, expected, got });
    if (item.style !== undefined) {
      const want = labels.styles.includes(item.style) ? item.style : styleAliases[item.style] ?? item.style;
      report.styleTotal++;
      if (gotStyles[0] === want) report.styleCorrect++;
      else report.styleMisses.push({ prompt: item.prompt, expected: want, got: gotStyles });
    }
  }
  report.accuracy = report.total ? report.correct / report.total : 0;
  return report;
}
