/**
 * Timeline: text segments (prompt + seconds) and unconditioned gaps, in order.
 * @packageDocumentation
 */
import { Badge, Button, Caption1, Input, makeStyles, tokens } from '@fluentui/react-components';
import type { TimelineItem } from '../state/types.js';
import { useEditorState, useStore } from './hooks.js';
import { Row, Section } from './section.js';

const useStyles = makeStyles({
  item: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalXS, paddingBottom: tokens.spacingVerticalXS, borderBottom: `1px dashed ${tokens.colorNeutralStroke3}` },
  prompt: { flexBasis: '100%', minWidth: '80px' },
  seconds: { width: '64px' },
});

function Item(props: { item: TimelineItem; index: number; count: number }) {
  const store = useStore();
  const s = useStyles();
  const { item, index } = props;
  return (
    <div className={s.item} data-testid={`mmcp-segment-${index}`} data-kind={item.kind}>
      {item.kind === 'text' ? (
        <Input className={s.prompt} size="small" aria-label={`Prompt ${index + 1}`} data-testid={`mmcp-segment-prompt-${index}`} placeholder="e.g. walk forward" value={item.prompt} onChange={(_, d) => store.updateItem(item.id, { prompt: d.value })} />
      ) : (
        <Badge className={s.prompt} appearance="outline">gap (unconditioned)</Badge>
      )}
      <Input className={s.seconds} size="small" type="number" min={0.1} step={0.1} aria-label={`Seconds ${index + 1}`} data-testid={`mmcp-segment-seconds-${index}`} value={String(item.seconds)}
        onChange={(_, d) => store.updateItem(item.id, { seconds: Number(d.value) })} />
      <Caption1>s</Caption1>
      <Button size="small" aria-label="Move up" disabled={index === 0} onClick={() => store.moveItem(item.id, -1)}>↑</Button>
      <Button size="small" aria-label="Move down" disabled={index === props.count - 1} onClick={() => store.moveItem(item.id, 1)}>↓</Button>
      <Button size="small" aria-label={`Remove ${index + 1}`} data-testid={`mmcp-segment-remove-${index}`} onClick={() => store.removeItem(item.id)}>✕</Button>
    </div>
  );
}

/** The Timeline section. */
export function TimelineSection() {
  const store = useStore();
  const { timeline } = useEditorState();
  const f = store.features();
  const total = timeline.reduce((a, t) => a + (Number.isFinite(t.seconds) ? t.seconds : 0), 0);
  return (
    <Section title="Timeline" testId="mmcp-timeline">
      {timeline.map((item, i) => <Item key={item.id} item={item} index={i} count={timeline.length} />)}
      <Row>
        <Button size="small" data-testid="mmcp-add-text" onClick={() => store.addItem('text')}>+ Text</Button>
        <Button size="small" data-testid="mmcp-add-gap" disabled={!f.gaps} title={f.gaps ? 'An unconditioned stretch between prompts' : 'This model takes no unconditioned segments'} onClick={() => store.addItem('gap')}>+ Gap</Button>
        <Caption1 data-testid="mmcp-timeline-total">{total.toFixed(1)} s of at most {f.maxSeconds} s</Caption1>
      </Row>
    </Section>
  );
}
