/**
 * Backend: the local model or a remote MMCP server (URL + token), the models it serves with
 * their capabilities, and the model's licence (the default model is non-commercial).
 * @packageDocumentation
 */
import { Badge, Button, Caption1, Field, Input, Radio, RadioGroup, Select, Spinner, Text } from '@fluentui/react-components';
import type { ModelSpec } from '../../src/protocol/types.js';
import { isNonCommercial } from '../state/editor-store.js';
import { useEditorState, useStore } from './hooks.js';
import { Row, Section } from './section.js';

function Capabilities(props: { spec: ModelSpec }) {
  const m = props.spec;
  const segs = (m.supported_segments ?? ['text']).join(', ');
  const cons = (m.supported_constraints ?? []).join(', ') || 'none';
  return (
    <Caption1 data-testid="mmcp-capabilities">
      {m.fps} fps · segments: {segs} · constraints: {cons} · loop: {m.supports_loop ? 'yes' : 'no'} · up to {m.limits.max_duration_seconds} s,
      {' '}{m.limits.max_num_samples} samples{typeof m.version === 'string' ? ` · v${m.version}` : ''}
    </Caption1>
  );
}

function Licence(props: { spec: ModelSpec }) {
  const lic = typeof props.spec.license === 'string' ? props.spec.license : 'not stated';
  const nc = isNonCommercial(lic);
  return (
    <Row>
      <Text>Licence:</Text>
      <Badge data-testid="mmcp-licence" color={nc ? 'warning' : 'informative'} appearance="tint">{lic}</Badge>
      {nc && <Caption1 data-testid="mmcp-licence-note">Non-commercial use only: motion made with this model may not be used commercially.</Caption1>}
    </Row>
  );
}

/** The Backend section. */
export function BackendSection() {
  const store = useStore();
  const { backend, connection } = useEditorState();
  const models = connection.capabilities?.models ?? [];
  const spec = models.find((m) => m.id === connection.modelId);
  return (
    <Section title="Backend" testId="mmcp-backend">
      <RadioGroup layout="horizontal" value={backend.kind} onChange={(_, d) => store.setBackendConfig({ kind: d.value as 'local' | 'remote' | 'custom' })} aria-label="Backend kind">
        <Radio value="local" label="Local model" data-testid="mmcp-backend-local" />
        <Radio value="remote" label="Server" data-testid="mmcp-backend-remote" />
      </RadioGroup>
      {backend.kind === 'local' && (
        <Field label="Model package URL">
          <Input data-testid="mmcp-local-model" value={backend.localModel} onChange={(_, d) => store.setBackendConfig({ localModel: d.value })} />
        </Field>
      )}
      {backend.kind === 'remote' && (
        <>
          <Field label="Server URL">
            <Input data-testid="mmcp-remote-url" placeholder="https://motion.example.com/mmcp" value={backend.remoteUrl} onChange={(_, d) => store.setBackendConfig({ remoteUrl: d.value })} />
          </Field>
          <Field label="Token">
            <Input data-testid="mmcp-remote-token" type="password" value={backend.remoteToken} onChange={(_, d) => store.setBackendConfig({ remoteToken: d.value })} />
          </Field>
        </>
      )}
      <Row>
        <Button data-testid="mmcp-connect" appearance="primary" disabled={connection.status === 'connecting'} onClick={() => void store.connect()}>
          {connection.status === 'ready' ? 'Reconnect' : 'Connect'}
        </Button>
        {connection.status === 'connecting' && <Spinner size="tiny" label="Connecting…" />}
        <Caption1 data-testid="mmcp-connection-status" data-status={connection.status}>
          {connection.status === 'ready' ? `Connected: ${connection.backendId}` : connection.status === 'error' ? 'Not connected (see the error above)' : connection.status === 'idle' ? 'Not connected' : ''}
        </Caption1>
      </Row>
      {models.length > 0 && (
        <Field label="Model">
          <Select data-testid="mmcp-model-select" value={connection.modelId ?? ''} onChange={(_, d) => void store.selectModel(d.value)}>
            {models.map((m) => <option key={m.id} value={m.id}>{m.id}</option>)}
          </Select>
        </Field>
      )}
      {spec && <Capabilities spec={spec} />}
      {spec && <Licence spec={spec} />}
    </Section>
  );
}
