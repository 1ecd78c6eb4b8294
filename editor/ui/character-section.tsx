/**
 * Character: pick a skeleton in the scene (or follow the Inspector's selection), see the joint
 * map with confidences (missing and low-confidence roles and unmapped joints highlighted), and
 * override a role's joint.
 * @packageDocumentation
 */
import { Badge, Caption1, Field, Select, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { CORE_ROLES } from '../../src/babylon/rig/roles.js';
import type { CharacterRig } from '../../src/babylon/bind.js';
import { useEditorState, useStore } from './hooks.js';
import { Row, Section } from './section.js';

const useStyles = makeStyles({
  scroll: { maxHeight: '300px', overflowY: 'auto' },
  table: { borderCollapse: 'collapse', width: '100%', tableLayout: 'fixed', fontSize: tokens.fontSizeBase200 },
  role: { width: '30%' },
  conf: { width: '52px', textAlign: 'right' },
  cell: { padding: '1px 4px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  missing: { backgroundColor: tokens.colorPaletteRedBackground2 },
  low: { backgroundColor: tokens.colorPaletteYellowBackground2 },
  select: { width: '100%', minWidth: 0 },
  joints: { display: 'flex', flexWrap: 'wrap', gap: '2px' },
});

/** Confidence below this is highlighted as uncertain. */
const LOW_CONFIDENCE = 0.7;

function JointMap(props: { rig: CharacterRig; overrides: Record<string, string | null>; missingForModel: string[] }) {
  const store = useStore();
  const s = useStyles();
  const { rig, overrides } = props;
  const unmapped = rig.names.filter((_, j) => rig.humanoid.jointRoles[j] === undefined);
  return (
    <>
      <div className={s.scroll}>
      <table className={s.table} data-testid="mmcp-joint-map">
        <thead><tr><th className={`${s.cell} ${s.role}`}>Role</th><th className={s.cell}>Joint</th><th className={`${s.cell} ${s.conf}`} title="Mapping confidence">Conf.</th></tr></thead>
        <tbody>
          {CORE_ROLES.map((role) => {
            const a = rig.humanoid.roles[role];
            const state = !a ? 'missing' : a.confidence < LOW_CONFIDENCE ? 'low' : 'mapped';
            const value = role in overrides ? (overrides[role] ?? '__none__') : '__auto__';
            return (
              <tr key={role} data-testid={`mmcp-role-${role}`} data-state={state} className={state === 'missing' ? s.missing : state === 'low' ? s.low : undefined}>
                <td className={s.cell}>{role}{props.missingForModel.includes(role) ? ' *' : ''}</td>
                <td className={s.cell}>
                  <Select size="small" className={s.select} aria-label={`Joint for ${role}`} data-testid={`mmcp-override-${role}`} value={value}
                    onChange={(_, d) => void store.setOverride(role, d.value === '__auto__' ? undefined : d.value === '__none__' ? null : d.value)}>
                    <option value="__auto__">{a && !(role in overrides) ? `auto: ${a.name}` : 'auto'}</option>
                    <option value="__none__">(none)</option>
                    {rig.names.map((n) => <option key={n} value={n}>{n}</option>)}
                  </Select>
                </td>
                <td className={`${s.cell} ${s.conf}`} title={a ? `rule: ${a.rule}` : 'no joint has this role'}>{a ? `${Math.round(a.confidence * 100)}%` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
      {props.missingForModel.length > 0 && <Caption1>* the model's skeleton has these roles; the character lacks them.</Caption1>}
      <Caption1>Joints without a role ({unmapped.length}):</Caption1>
      <div className={s.joints} data-testid="mmcp-unmapped-joints">
        {unmapped.map((n) => <Badge key={n} size="small" color="danger" appearance="tint">{n}</Badge>)}
      </div>
    </>
  );
}

/** The Character section. */
export function CharacterSection() {
  const store = useStore();
  const { character } = useEditorState();
  const candidates = store.characters();
  return (
    <Section title="Character" testId="mmcp-character">
      <Field label="Skeleton">
        <Select data-testid="mmcp-character-select" value={character.id ?? ''} onChange={(_, d) => void store.selectCharacter(d.value || null)}>
          <option value="">(choose a character)</option>
          {candidates.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
        </Select>
      </Field>
      <Row>
        <Switch data-testid="mmcp-follow-selection" checked={character.followSelection} label="Follow the Inspector's selection" onChange={(_, d) => store.setFollowSelection(d.checked)} />
      </Row>
      {character.rig && (
        <Row>
          <Badge data-testid="mmcp-bound" color={character.bound ? 'success' : 'danger'}>{character.bound ? 'bound' : 'not bound'}</Badge>
          <Caption1>{character.rig.names.length} joints · {Object.keys(character.rig.humanoid.roles).length} roles mapped{character.rig.humanoid.problems.length ? ` · ${character.rig.humanoid.problems.join('; ')}` : ''}</Caption1>
        </Row>
      )}
      {character.rig && <JointMap rig={character.rig} overrides={character.overrides} missingForModel={character.missingForModel} />}
    </Section>
  );
}
