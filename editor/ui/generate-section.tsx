/**
 * Generate: the button, progress (model steps, download, queue) and cancel.
 * @packageDocumentation
 */
import { Button, Caption1, ProgressBar } from '@fluentui/react-components';
import type { GenerateProgress } from '../../src/backend.js';
import { useEditorState, useStore } from './hooks.js';
import { Row, Section } from './section.js';

function describe(p: GenerateProgress | null): { text: string; value?: number } {
  if (!p) return { text: 'Starting…' };
  switch (p.stage) {
    case 'step': return { text: `Model step ${p.step} of ${p.steps}`, value: p.steps ? p.step / p.steps : 0 };
    case 'loading': return { text: `Loading the model (${Math.round(p.loaded / 1024)} KiB)`, ...(p.total ? { value: p.loaded / p.total } : {}) };
    case 'downloading': return { text: `Downloading (${Math.round(p.loaded / 1024)} KiB)`, ...(p.total ? { value: p.loaded / p.total } : {}) };
    case 'queued': return { text: 'Queued on the server' };
    case 'polling': return { text: `Waiting for the server (poll ${p.attempt})` };
    case 'sent': return { text: `Request sent (${Math.round(p.bytes / 1024)} KiB)` };
    case 'parsed': return { text: `Parsed ${p.samples} sample(s)`, value: 1 };
    case 'cache': return { text: p.hit ? 'Answered from the cache' : 'Not cached: generating' };
  }
}

/** The Generate section. */
export function GenerateSection() {
  const store = useStore();
  const { running, connection, character } = useEditorState();
  const ready = connection.status === 'ready' && character.bound;
  const d = running ? describe(running.progress) : null;
  return (
    <Section title="Generate" testId="mmcp-generate-section">
      <Row>
        <Button appearance="primary" data-testid="mmcp-generate" disabled={!!running || !ready} onClick={() => void store.generate()}>Generate</Button>
        <Button data-testid="mmcp-cancel" disabled={!running} onClick={() => store.cancel()}>Cancel</Button>
        {!ready && !running && <Caption1>{connection.status !== 'ready' ? 'Connect to a backend first.' : 'Pick a character the model can drive.'}</Caption1>}
      </Row>
      {d && (
        <div data-testid="mmcp-progress">
          <ProgressBar {...(d.value !== undefined ? { value: d.value } : {})} />
          <Caption1>{d.text}</Caption1>
        </div>
      )}
    </Section>
  );
}
