/**
 * Options: seed, samples, loop, transition frames, diffusion steps (only for models that use them).
 * @packageDocumentation
 */
import { Caption1, Field, Input, Switch, makeStyles } from '@fluentui/react-components';
import { useEditorState, useStore } from './hooks.js';
import { Row, Section } from './section.js';

const useStyles = makeStyles({ num: { width: '90px' } });

function parseOptional(v: string): number | null {
  return v.trim() === '' ? null : Number(v);
}

/** The Options section. */
export function OptionsSection() {
  const store = useStore();
  const s = useStyles();
  const { options, connection } = useEditorState();
  const f = store.features();
  const spec = connection.capabilities?.models.find((m) => m.id === connection.modelId);
  // Decoder-only packages (the local runtime) have no diffusion steps; servers say so by advertising guidance types.
  const diffusion = !!spec && !(spec.supported_guidance_types?.length === 1 && spec.supported_guidance_types[0] === 'nocfg');
  return (
    <Section title="Options" testId="mmcp-options">
      <Row>
        <Field label="Seed (empty: random)"><Input className={s.num} type="number" data-testid="mmcp-seed" value={options.seed === null ? '' : String(options.seed)} onChange={(_, d) => store.setOptions({ seed: parseOptional(d.value) })} /></Field>
        <Field label={`Samples (≤ ${f.maxSamples})`}><Input className={s.num} type="number" min={1} max={f.maxSamples} data-testid="mmcp-samples" value={String(options.samples)} onChange={(_, d) => store.setOptions({ samples: Number(d.value) })} /></Field>
      </Row>
      <Row>
        <Field label="Transition frames"><Input className={s.num} type="number" min={0} max={60} placeholder="default" data-testid="mmcp-transition" value={options.transitionFrames === null ? '' : String(options.transitionFrames)} onChange={(_, d) => store.setOptions({ transitionFrames: parseOptional(d.value) })} /></Field>
        {diffusion && <Field label="Diffusion steps"><Input className={s.num} type="number" min={1} max={500} placeholder="default" data-testid="mmcp-diffusion" value={options.diffusionSteps === null ? '' : String(options.diffusionSteps)} onChange={(_, d) => store.setOptions({ diffusionSteps: parseOptional(d.value) })} /></Field>}
      </Row>
      <Row>
        <Switch data-testid="mmcp-loop" checked={options.loop} disabled={!f.loop} label={f.loop ? 'Seamless loop' : 'Seamless loop (this model cannot)'} onChange={(_, d) => store.setOptions({ loop: d.checked })} />
      </Row>
      {!diffusion && spec && <Caption1>This model has no diffusion steps.</Caption1>}
    </Section>
  );
}
