/**
 * The Inspector v2 extension: a `ServiceDefinition` that adds the "Motion" side pane. Loaded
 * lazily by `showMotionInspector` / `createMotionPaneService` (it imports React, Fluent and the
 * Inspector).
 * @packageDocumentation
 */
import {
  SceneContextIdentity, SelectionServiceIdentity, ShellServiceIdentity,
  type ISceneContext, type ISelectionService, type IShellService, type ServiceDefinition,
} from '@babylonjs/inspector';
import { PersonRunningRegular } from '@fluentui/react-icons';
import type { Scene } from '@babylonjs/core/scene.js';
import { storeForScene } from './state/editor-store.js';
import type { MotionEditorOptions } from './state/types.js';
import { MotionPane } from './ui/motion-pane.js';

/** The side pane's key (for `shell.sidePanes.find(p => p.key === MOTION_PANE_KEY)?.select()`). */
export const MOTION_PANE_KEY = 'MotionGenerator';

/**
 * What {@link makeMotionPaneService} builds: an Inspector v2 `ServiceDefinition` (consumes the
 * shell, scene context and selection services). Declared structurally so that apps need no
 * typings for the Inspector's unpublished `@babylonjs/shared-ui-components` modules.
 */
export interface MotionPaneServiceDefinition {
  readonly friendlyName: string;
  readonly consumes: readonly symbol[];
  readonly factory: (...services: never[]) => { dispose(): void };
}

/**
 * Builds the pane's service definition. `select` makes the pane the visible one when the
 * Inspector opens.
 */
export function makeMotionPaneService(options: MotionEditorOptions = {}, select = false): MotionPaneServiceDefinition {
  const definition: ServiceDefinition<[], [IShellService, ISceneContext, ISelectionService]> = {
    friendlyName: 'Motion Generator (babylon-mmcp)',
    consumes: [ShellServiceIdentity, SceneContextIdentity, SelectionServiceIdentity],
    factory: (shell, sceneContext, selection) => {
      const content = () => {
        const scene = sceneContext.currentScene as Scene | null;
        if (!scene) return null;
        return <MotionPane store={storeForScene(scene, options)} />;
      };
      const registration = shell.addSidePane({
        key: MOTION_PANE_KEY,
        title: 'Motion',
        icon: PersonRunningRegular,
        horizontalLocation: 'right',
        verticalLocation: 'top',
        order: 450,
        teachingMoment: false,
        keepMounted: true,
        content,
      });
      const scene = sceneContext.currentScene as Scene | null;
      const store = scene ? storeForScene(scene, options) : null;
      if (store && options.autoConnect !== false && store.getState().connection.status === 'idle') void store.connect();
      const showPane = () => shell.sidePanes.find((p) => p.key === MOTION_PANE_KEY)?.select();
      // Following the selection: the Inspector switches to Properties on select; come back once bound.
      const observer = selection.onSelectedEntityChanged.add(() => {
        void store?.onSelection(selection.selectedEntity).then((followed) => { if (followed) showPane(); });
      });
      if (select) showPane();
      return {
        dispose: () => {
          observer.remove();
          store?.setDrawingPath(false);
          registration.dispose();
        },
      };
    },
  };
  return definition as unknown as MotionPaneServiceDefinition;
}

/** The pane with default options (local model at `/models/bn-motion-small/`, IndexedDB cache). */
export const MotionPaneService: MotionPaneServiceDefinition = makeMotionPaneService();

export { storeForScene, MotionEditorStore } from './state/editor-store.js';
