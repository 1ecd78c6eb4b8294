/**
 * The motion pane: every section, in authoring order, over one store.
 * @packageDocumentation
 */
import { useEffect } from 'react';
import { makeStyles } from '@fluentui/react-components';
import type { MotionEditorStore } from '../state/editor-store.js';
import { BackendSection } from './backend-section.js';
import { CharacterSection } from './character-section.js';
import { ErrorBar } from './error-bar.js';
import { GenerateSection } from './generate-section.js';
import { StoreContext } from './hooks.js';
import { LibrarySection } from './library-section.js';
import { OptionsSection } from './options-section.js';
import { PathSection } from './path-section.js';
import { SamplesSection } from './samples-section.js';
import { TimelineSection } from './timeline-section.js';

const useStyles = makeStyles({ root: { display: 'flex', flexDirection: 'column', overflowY: 'auto', height: '100%' } });

/** Renders the pane for `store`. */
export function MotionPane(props: { store: MotionEditorStore }) {
  const s = useStyles();
  useEffect(() => () => props.store.setDrawingPath(false), [props.store]);
  return (
    <StoreContext.Provider value={props.store}>
      <div className={s.root} data-testid="mmcp-pane">
        <ErrorBar />
        <BackendSection />
        <CharacterSection />
        <TimelineSection />
        <OptionsSection />
        <PathSection />
        <GenerateSection />
        <SamplesSection />
        <LibrarySection />
      </div>
    </StoreContext.Provider>
  );
}
