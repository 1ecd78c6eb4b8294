/**
 * Constraints: a root path drawn by clicking on the ground (when the model supports `root_path`).
 * @packageDocumentation
 */
import { Button, Caption1, ToggleButton } from '@fluentui/react-components';
import { useEditorState, useStore } from './hooks.js';
import { Row, Section } from './section.js';

/** The Constraints section. */
export function PathSection() {
  const store = useStore();
  const { path, drawingPath, connection } = useEditorState();
  const f = store.features();
  const spec = connection.capabilities?.models.find((m) => m.id === connection.modelId);
  return (
    <Section title="Constraints" testId="mmcp-constraints">
      {spec && !f.rootPath ? (
        <Caption1>This model takes no constraints{spec.supported_constraints?.length ? ` the editor can draw (it supports: ${spec.supported_constraints.join(', ')})` : ''}.</Caption1>
      ) : (
        <>
          <Row>
            <ToggleButton size="small" data-testid="mmcp-draw-path" checked={drawingPath} onClick={() => store.setDrawingPath(!drawingPath)}>
              {drawingPath ? 'Stop drawing' : 'Draw root path'}
            </ToggleButton>
            <Button size="small" data-testid="mmcp-path-undo" disabled={!path.length} onClick={() => store.undoPathPoint()}>Undo point</Button>
            <Button size="small" data-testid="mmcp-path-clear" disabled={!path.length} onClick={() => store.clearPath()}>Clear</Button>
          </Row>
          <Caption1 data-testid="mmcp-path-count" data-count={path.length}>
            {path.length ? `${path.length} waypoint${path.length > 1 ? 's' : ''}: ${path.map((p) => `(${p.x.toFixed(1)}, ${p.z.toFixed(1)})`).join(' → ')}` : drawingPath ? 'Click on the ground to add waypoints.' : 'No path: the character moves as the prompt says.'}
          </Caption1>
        </>
      )}
    </Section>
  );
}
