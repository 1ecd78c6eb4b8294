// An app that imports `babylon-mmcp` but not `babylon-mmcp/editor` bundles no React, Fluent UI or
// Inspector code (esbuild metafile inputs, minified ESM with splitting). A control app that does
// import React and Fluent shows the check can fail. Figures: `npm run bench -- bundle`.
import { describe, expect, it } from 'vitest';
import { EDITOR_STACK, measureApp } from '../../bench/bundle/measure.js';

describe('bundle: the editor costs nothing until opened', () => {
  it('an app importing babylon-mmcp has no React, Fluent or Inspector input at all', async () => {
    const core = await measureApp('core');
    expect(core.allInputs.length).toBeGreaterThan(50);
    expect(core.allInputs.some((i) => i.startsWith('src/'))).toBe(true);
    expect(core.allInputs.filter((i) => EDITOR_STACK.test(i))).toEqual([]);
    expect(core.allInputs.filter((i) => /node_modules\/(react|react-dom|@fluentui|@babylonjs\/inspector)\//.test(i))).toEqual([]);
  }, 60_000);

  it('the detector flags an app that imports React and Fluent', async () => {
    const control = await measureApp('control');
    const flagged = control.eagerInputs.filter((i) => EDITOR_STACK.test(i));
    expect(flagged.some((i) => i.includes('node_modules/react/'))).toBe(true);
    expect(flagged.some((i) => i.includes('node_modules/@fluentui/'))).toBe(true);
  }, 90_000);
});
