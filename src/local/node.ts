/**
 * Node conveniences: load a package from a folder on disk (or a URL, or bytes) and create a
 * runtime on onnxruntime-node in one call. Used by the CLI/server and the Node tests. `node:fs`
 * is imported lazily so browser bundles of `babylon-mmcp/local` never see it.
 */
import { MmcpError } from '../protocol/errors.js';
import { createNodeOrt, type NodeOrtOptions } from './ort-node.js';
import { loadModelPackage, type LoadPackageOptions, type ModelPackage, type ModelSource } from './package.js';
import { LocalRuntime } from './runtime.js';

const isUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s);

/** Reads a package folder (`manifest.json` and every file it lists) and verifies it. */
export async function loadModelPackageFromDir(dir: string): Promise<ModelPackage> {
  const fsName = ['node', 'fs/promises'].join(':');
  const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(path: string): Promise<Uint8Array> };
  const join = (name: string) => `${dir.replace(/[\\/]+$/, '')}/${name}`;
  const read = async (name: string) => {
    try {
      return new Uint8Array(await fs.readFile(join(name)));
    } catch (err) {
      throw new MmcpError('model_load_failed', `Cannot read ${join(name)}: ${err instanceof Error ? err.message : String(err)}`, {
        phase: 'load',
        details: { file: name, reason: 'missing' },
        cause: err,
      });
    }
  };
  const manifestBytes = await read('manifest.json');
  let listed: string[];
  try {
    listed = Object.keys((JSON.parse(new TextDecoder().decode(manifestBytes)) as { files?: Record<string, unknown> }).files ?? {});
  } catch (err) {
    throw new MmcpError('model_load_failed', `${join('manifest.json')} is not valid JSON.`, { phase: 'load', details: { reason: 'manifest_json' }, cause: err });
  }
  const files: Record<string, Uint8Array> = { 'manifest.json': manifestBytes };
  for (const name of listed) files[name] = await read(name);
  return loadModelPackage({ files });
}

/**
 * Loads a package and starts a {@link LocalRuntime} on onnxruntime-node. `source` may be a
 * folder path, an http(s) URL or the files' bytes.
 */
export async function createNodeRuntime(source: ModelSource, options: LoadPackageOptions & NodeOrtOptions = {}): Promise<LocalRuntime> {
  const pkg = typeof source === 'string' && !isUrl(source) ? await loadModelPackageFromDir(source) : await loadModelPackage(source, options);
  return LocalRuntime.create(pkg, await createNodeOrt(options));
}
