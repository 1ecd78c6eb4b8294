/**
 * The error bar: the server's (or client's) error code and message, with the request id; and
 * the last success note.
 * @packageDocumentation
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useEditorState, useStore } from './hooks.js';

/** Errors and notices at the top of the pane. */
export function ErrorBar() {
  const store = useStore();
  const { error, notice } = useEditorState();
  return (
    <>
      {error && (
        <MessageBar intent="error" data-testid="mmcp-error" data-code={error.code}>
          <MessageBarBody>
            <MessageBarTitle>{error.code}{error.status ? ` (HTTP ${error.status})` : ''}</MessageBarTitle>
            <span data-testid="mmcp-error-message">{error.message}</span>
            {error.requestId ? ` Request ${error.requestId}.` : ''}
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" data-testid="mmcp-error-dismiss" onClick={() => store.dismissError()}>Dismiss</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {notice && !error && (
        <MessageBar intent="success" data-testid="mmcp-notice"><MessageBarBody>{notice}</MessageBarBody></MessageBar>
      )}
    </>
  );
}
