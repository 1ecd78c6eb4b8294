/**
 * The dev server (`scripts/serve.mjs`, COOP/COEP headers) on a free loopback port, for browser
 * benchmarks that drive Chromium themselves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the dev server on a free port and resolves once it prints its URL (killed when the process exits). */
export async function startDevServer(extraArgs: string[] = []): Promise<{ port: number; server: ChildProcess }> {
  const port = await freePort();
  const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port), ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  process.on('exit', () => server.kill());
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('dev server did not start in 60 s')), 60_000);
    server.stdout!.on('data', (d: Buffer) => {
      if (String(d).includes('http://')) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  return { port, server };
}

/** Median of a list (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
