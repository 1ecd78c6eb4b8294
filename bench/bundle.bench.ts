// `npm run bench -- bundle`: what an app pays for babylon-mmcp with and without the editor.
// Two tiny apps built with esbuild (minify, ESM, splitting): `core` imports `babylon-mmcp`
// (src/index.ts); `editor` also lazily imports `babylon-mmcp/editor`. Prints eager bytes
// (entry + static imports) and whether any React / Fluent / Inspector code is eager.
import { EDITOR_STACK, measureApp } from './bundle/measure.js';

const kb = (n: number) => (n / 1024).toFixed(1);
const core = await measureApp('core');
const editor = await measureApp('editor');
const coreStack = core.allInputs.filter((i) => EDITOR_STACK.test(i));
const editorEagerStack = editor.eagerInputs.filter((i) => EDITOR_STACK.test(i));
const editorLazyStack = editor.allInputs.filter((i) => EDITOR_STACK.test(i));
console.log(`core_eager_kb=${kb(core.eagerBytes)}`);
console.log(`core_eager_gzip_kb=${kb(core.eagerGzipBytes)}`);
console.log(`core_total_kb=${kb(core.totalBytes)}`);
console.log(`core_editor_stack_inputs=${coreStack.length}`);
console.log(`editor_app_eager_kb=${kb(editor.eagerBytes)}`);
console.log(`editor_app_eager_gzip_kb=${kb(editor.eagerGzipBytes)}`);
console.log(`editor_app_eager_editor_stack_inputs=${editorEagerStack.length}`);
console.log(`editor_app_lazy_kb=${kb(editor.totalBytes - editor.eagerBytes)}`);
console.log(`editor_app_lazy_editor_stack_inputs=${editorLazyStack.length}`);
console.log(`editor_free_app_kb=${kb(core.eagerBytes)}`);
