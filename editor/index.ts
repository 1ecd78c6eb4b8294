/**
 * `babylon-mmcp/editor`: author motion inside Babylon's Inspector (v2). Everything heavy (the
 * Inspector, React, Fluent UI, the pane) is loaded with `import()` when the editor opens, so an
 * app pays for it only then. See `docs/editor.md`.
 *
 * ```ts
 * const { showMotionInspector } = await import('babylon-mmcp/editor');
 * const token = await showMotionInspector(scene, { localModel: '/models/bn-motion-small/' });
 * ```
 * @packageDocumentation
 */
import type { Scene } from '@babylonjs/core/scene.js';
import type { MotionEditorOptions } from './state/types.js';
import type { MotionPaneServiceDefinition } from './service.js';

export type { MotionEditorOptions, EditorState, TimelineItem, AuthoredOptions, BackendConfig, SampleView, KeptView, GenerationView } from './state/types.js';
export type { MotionPaneServiceDefinition } from './service.js';
import type { MotionEditorStore } from './state/editor-store.js';
export type { MotionEditorStore };

/** Options of {@link showMotionInspector}: the pane's options plus Inspector ones. */
export interface ShowMotionInspectorOptions extends MotionEditorOptions {
  /** Where the Inspector is mounted (default: over the canvas). */
  containerElement?: HTMLElement;
  /** Inspector layout (default `overlay`). */
  layoutMode?: 'overlay' | 'inline';
  /** Make the Motion pane the visible one (default true). */
  selectPane?: boolean;
  /** Width of the Inspector's right pane in pixels (default 420). */
  rightPaneDefaultWidth?: number;
  /** Hide the Inspector's first-run hints (default false). */
  disableTeachingMoments?: boolean;
}

/** The token `ShowInspector` returns: dispose it to close the Inspector. */
export interface MotionInspectorToken {
  dispose(): Promise<void>;
  readonly isDisposed: boolean;
}

/**
 * Builds the Motion pane's service definition (loads the pane module), for apps that call the
 * Inspector's `ShowInspector(scene, { serviceDefinitions: [...] })` themselves.
 */
export async function createMotionPaneService(options: MotionEditorOptions = {}, select = false): Promise<MotionPaneServiceDefinition> {
  const { makeMotionPaneService } = await import('./service.js');
  return makeMotionPaneService(options, select);
}

/**
 * Opens Babylon's Inspector on `scene` with the Motion pane selected. Loads the Inspector and the
 * pane on first call; returns the Inspector's token.
 */
export async function showMotionInspector(scene: Scene, options: ShowMotionInspectorOptions = {}): Promise<MotionInspectorToken> {
  const { containerElement, layoutMode, selectPane, rightPaneDefaultWidth, disableTeachingMoments, ...paneOptions } = options;
  const [{ ShowInspector }, service] = await Promise.all([import('@babylonjs/inspector'), createMotionPaneService(paneOptions, selectPane ?? true)]);
  return ShowInspector(scene, {
    serviceDefinitions: [service],
    rightPaneDefaultWidth: rightPaneDefaultWidth ?? 420,
    ...(disableTeachingMoments ? { disableTeachingMoments } : {}),
    ...(containerElement ? { containerElement } : {}),
    ...(layoutMode ? { layoutMode } : {}),
  });
}

/** The editor store of a scene (state and actions of the pane, usable without the Inspector, e.g. in tests). */
export async function motionEditorStore(scene: Scene, options: MotionEditorOptions = {}): Promise<MotionEditorStore> {
  const { storeForScene } = await import('./state/editor-store.js');
  return storeForScene(scene, options);
}
