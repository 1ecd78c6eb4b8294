#!/usr/bin/env node
// The README's test command: lint, type-check, Node unit tests (vitest) and browser tests
// (Playwright + Debian Chromium). Ends with one plain line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, cmd, args) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  console.log(`=== ${label}: exit ${r.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r.status ?? 1;
}

function step(label, cmd, args) {
  const code = run(label, cmd, args);
  if (code === 0) results.passed++;
  else { results.failed++; failures.push(label); }
}

function countVitest(file) {
  if (!existsSync(file)) return false;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  results.passed += j.numPassedTests ?? 0;
  results.failed += j.numFailedTests ?? 0;
  results.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  for (const f of j.testResults ?? []) for (const a of f.assertionResults ?? []) if (a.status === 'failed') failures.push(a.fullName);
  if ((j.numFailedTestSuites ?? 0) > 0 && (j.numFailedTests ?? 0) === 0) { results.failed += j.numFailedTestSuites; failures.push('vitest suite failed to load'); }
  return true;
}

function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const s = j.stats ?? {};
  results.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  results.failed += s.unexpected ?? 0;
  results.skipped += s.skipped ?? 0;
  const walk = (suite) => {
    for (const sp of suite.specs ?? []) for (const t of sp.tests ?? []) if (t.status === 'unexpected') failures.push(`${sp.file}: ${sp.title}`);
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of j.suites ?? []) walk(suite);
  if ((j.errors ?? []).length > 0) { results.failed += j.errors.length; failures.push('playwright: ' + j.errors.map((e) => e.message?.split('\n')[0]).join('; ')); }
  return true;
}

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

step('lint', 'npx', ['eslint', '.']);
step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
step('build', 'npx', ['rollup', '-c', '--silent']);

run('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json']);
if (!countVitest('test-results/unit.json')) { results.failed++; failures.push('vitest produced no report'); }

if (!existsSync(chromium)) {
  console.error(`\nChromium not found at ${chromium}: install it with "apt-get install -y chromium" (or run bash .ci/run, which does).`);
  results.failed++; failures.push('browser tests: no chromium');
} else {
  run('browser tests', 'npx', ['playwright', 'test']);
  if (!countPlaywright('test-results/browser.json')) { results.failed++; failures.push('playwright produced no report'); }
}

if (failures.length) { console.log('\nFailed:'); for (const f of failures) console.log(`  - ${f}`); }
console.log(`\n${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`);
process.exit(results.failed === 0 ? 0 : 1);
