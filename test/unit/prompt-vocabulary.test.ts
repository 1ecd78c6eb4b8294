import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Vocabulary } from '../../src/local/prompt/index.js';

const shipped = readFileSync('models/bn-motion-small/vocabulary.json', 'utf8');

describe('models/bn-motion-small/vocabulary.json', () => {
  it('is what model/vocabulary/build-vocabulary.mjs builds from the seeds, WordNet and the model labels', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vocab-')), 'vocabulary.json');
    execFileSync(process.execPath, ['model/vocabulary/build-vocabulary.mjs', '--out', out], { stdio: 'pipe' });
    expect(readFileSync(out, 'utf8')).toBe(shipped);
  });

  it('is small and keyed on the model manifest labels', () => {
    expect(Buffer.byteLength(shipped)).toBeLessThan(64 * 1024);
    const v = JSON.parse(shipped) as Vocabulary & { labels_source: string };
    expect(v.format).toBe('babylon-mmcp-vocabulary/1');
    const manifestPath = 'models/bn-motion-small/manifest.json';
    let manifest: { contents: string[]; styles: string[] } | undefined;
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { contents: string[]; styles: string[] };
    } catch {
      manifest = undefined;
    }
    if (manifest) {
      expect(Object.keys(v.contents)).toEqual(manifest.contents);
      expect(Object.keys(v.styles)).toEqual(manifest.styles);
    }
    // WordNet expansion really happened: e.g. troponyms of walk and synonyms of goodbye.
    expect(v.concepts.walk?.synonyms).toEqual(expect.arrayContaining(['stroll', 'amble', 'saunter', 'trudge']));
    expect(v.concepts.farewell?.synonyms).toEqual(expect.arrayContaining(['adieu', 'cheerio', 'sayonara']));
  });
});
