/**
 * Node convenience: load a package (URL, folder path or bytes) and create a runtime on
 * onnxruntime-node in one call. Used by the CLI/server and the Node tests.
 */
import { createNodeOrt, type NodeOrtOptions } from './ort-node.js';
import { loadModelPackage, type LoadPackageOptions, type ModelSource } from './package.js';
import { LocalRuntime } from './runtime.js';

/** Loads a package and starts a {@link LocalRuntime} on onnxruntime-node. */
export async function createNodeRuntime(source: ModelSource, options: LoadPackageOptions & NodeOrtOptions = {}): Promise<LocalRuntime> {
  const pkg = await loadModelPackage(source, options);
  return LocalRuntime.create(pkg, await createNodeOrt(options));
}
