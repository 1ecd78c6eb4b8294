/** The shared MMCP conformance vectors (`../shared/fixtures/mmcp/`), loaded for tests. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Capabilities, GenerateRequest, Skeleton } from '../../src/protocol/types.js';

const relative = fileURLToPath(new URL('../../../shared/fixtures/mmcp/', import.meta.url));
/** Directory of the fixtures. */
export const FIXTURE_DIR = existsSync(relative) ? relative : '/work/shared/fixtures/mmcp/';

/** Raw bytes of a fixture file. */
export function fixtureBytes(name: string): Uint8Array {
  const b = readFileSync(FIXTURE_DIR + name);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** A fixture file as text. */
export function fixtureText(name: string): string {
  return readFileSync(FIXTURE_DIR + name, 'utf8');
}

/** A fixture file parsed as JSON. */
export function fixtureJson<T>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** Fresh copies of the commonly used vectors. */
export const fixtures = {
  capabilities: (): Capabilities => fixtureJson<Capabilities>('capabilities-null.json'),
  reqNullText: (): GenerateRequest => fixtureJson<GenerateRequest>('req-null-text.json'),
  reqDemo2: (): GenerateRequest => fixtureJson<GenerateRequest>('req-demo-2samples.json'),
  reqDemoLoop: (): GenerateRequest => fixtureJson<GenerateRequest>('req-demo-loop.json'),
  kimodoSkeleton: (): Skeleton => fixtureJson<Skeleton>('kimodo-soma30-canonical.json'),
};
