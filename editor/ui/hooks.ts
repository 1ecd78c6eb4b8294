/**
 * React glue for the editor store.
 * @packageDocumentation
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { MotionEditorStore } from '../state/editor-store.js';
import type { EditorState } from '../state/types.js';

/** The store of the pane being rendered. */
export const StoreContext = createContext<MotionEditorStore | null>(null);

/** The pane's store (throws outside the pane). */
export function useStore(): MotionEditorStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('useStore() outside the motion pane');
  return s;
}

/** The store's state, re-rendering on change. */
export function useEditorState(): EditorState {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}
