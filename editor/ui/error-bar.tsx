/**
 * The error bar: the server's (or client's) error code and message, with the HTTP status and
 * request id; and the last success note.
 * @packageDocumentation
 */
import { Button, Caption1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorCircleRegular, CheckmarkCircleRegular } from '@fluentui/react-icons';
import { useEditorState, useStore } from './hooks.js';

const useStyles = makeStyles({
  box: {
    display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start',
    margin: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`, padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium, overflowWrap: 'anywhere',
  },
  error: { backgroundColor: tokens.colorPaletteRedBackground1, border: `1px solid ${tokens.colorPaletteRedBorder1}` },
  ok: { backgroundColor: tokens.colorPaletteGreenBackground1, border: `1px solid ${tokens.colorPaletteGreenBorder1}` },
  text: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0 },
  icon: { flexShrink: 0, fontSize: '20px' },
});

/** Errors and notices at the top of the pane. */
export function ErrorBar() {
  const store = useStore();
  const s = useStyles();
  const { error, notice } = useEditorState();
  if (error) {
    return (
      <div role="alert" className={`${s.box} ${s.error}`} data-testid="mmcp-error" data-code={error.code}>
        <ErrorCircleRegular className={s.icon} />
        <div className={s.text}>
          <Text weight="semibold">{error.code}{error.status ? ` (HTTP ${error.status})` : ''}</Text>
          <Text data-testid="mmcp-error-message">{error.message}</Text>
          {error.requestId && <Caption1>Request {error.requestId}</Caption1>}
        </div>
        <Button size="small" data-testid="mmcp-error-dismiss" onClick={() => store.dismissError()}>Dismiss</Button>
      </div>
    );
  }
  if (!notice) return null;
  return (
    <div role="status" className={`${s.box} ${s.ok}`} data-testid="mmcp-notice">
      <CheckmarkCircleRegular className={s.icon} />
      <div className={s.text}><Text>{notice}</Text></div>
    </div>
  );
}
