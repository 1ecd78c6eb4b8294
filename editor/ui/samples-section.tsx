/**
 * Samples: every sample of the last generation, previewable on the character, with timing and
 * cache status; keep one as a named AnimationGroup; the kept groups with their exports.
 * @packageDocumentation
 */
import { useState } from 'react';
import { Badge, Button, Caption1, Input, ToggleButton, makeStyles, tokens } from '@fluentui/react-components';
import type { SampleView } from '../state/types.js';
import { useEditorState, useStore } from './hooks.js';
import { Row, Section } from './section.js';

const useStyles = makeStyles({
  sample: { display: 'flex', flexDirection: 'column', gap: '2px', padding: tokens.spacingVerticalXS, border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  name: { flexGrow: 1, minWidth: '80px' },
});

function Sample(props: { sample: SampleView; playing: boolean }) {
  const store = useStore();
  const s = useStyles();
  const { sample, playing } = props;
  const i = sample.index;
  const [name, setName] = useState(sample.group.name.replace(/ #\d+$/, '') + ` (sample ${i + 1})`);
  return (
    <div className={s.sample} data-testid={`mmcp-sample-${i}`} data-playing={playing ? 'true' : 'false'}>
      <Row>
        <ToggleButton size="small" data-testid={`mmcp-preview-${i}`} checked={playing} onClick={() => store.preview(playing ? null : i)}>{playing ? 'Stop' : `Preview ${i + 1}`}</ToggleButton>
        <Caption1>{sample.frames} frames · {sample.seconds.toFixed(2)} s</Caption1>
      </Row>
      <Row>
        <Input className={s.name} size="small" aria-label={`Name for sample ${i + 1}`} data-testid={`mmcp-keep-name-${i}`} value={name} onChange={(_, d) => setName(d.value)} />
        <Button size="small" data-testid={`mmcp-keep-${i}`} onClick={() => { try { store.keep(i, name); } catch { /* the error is shown at the top of the pane */ } }}>Keep</Button>
      </Row>
    </div>
  );
}

function Kept() {
  const store = useStore();
  const { kept } = useEditorState();
  if (!kept.length) return null;
  return (
    <>
      <Caption1>Kept in the scene:</Caption1>
      {kept.map((k, i) => (
        <Row key={k.name}>
          <span data-testid={`mmcp-kept-${i}`}>{k.name}</span>
          <Button size="small" data-testid={`mmcp-kept-play-${i}`} onClick={() => store.playKept(k.name)}>Play</Button>
          <Button size="small" data-testid={`mmcp-export-${i}`} onClick={() => void store.exportKept(k.name)}>Export .glb</Button>
          <Button size="small" data-testid={`mmcp-export-mmcp-${i}`} disabled={!k.bytes} onClick={() => store.exportKeptMmcp(k.name)}>Export MMCP .glb</Button>
          <Button size="small" data-testid={`mmcp-kept-remove-${i}`} onClick={() => store.removeKept(k.name)}>Remove</Button>
        </Row>
      ))}
    </>
  );
}

/** The Samples section. */
export function SamplesSection() {
  const { generation, preview } = useEditorState();
  return (
    <Section title="Samples" testId="mmcp-samples-section">
      {generation ? (
        <>
          <Row>
            <Badge data-testid="mmcp-cache-status" data-cached={generation.cached ? 'true' : 'false'} color={generation.cached ? 'success' : 'informative'}>{generation.cached ? 'from cache' : 'generated'}</Badge>
            <Caption1 data-testid="mmcp-generation-info">
              {generation.model} · {Math.round(generation.timings.total ?? 0)} ms total{generation.timings.backend !== undefined ? ` (backend ${Math.round(generation.timings.backend)} ms, build ${Math.round(generation.timings.build ?? 0)} ms)` : ''}
              {generation.executionProvider ? ` · ${generation.executionProvider}` : ''}{generation.requestId ? ` · ${generation.requestId}` : ''}
            </Caption1>
          </Row>
          {generation.warnings.map((w) => <Caption1 key={w}>⚠ {w}</Caption1>)}
          {generation.samples.map((s) => <Sample key={s.group.uniqueId} sample={s} playing={preview === s.index} />)}
        </>
      ) : (
        <Caption1>No samples yet.</Caption1>
      )}
      <Kept />
    </Section>
  );
}
