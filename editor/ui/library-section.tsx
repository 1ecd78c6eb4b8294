/**
 * Cache library: the clips in the IndexedDB clip cache; replay one on the character, delete one.
 * @packageDocumentation
 */
import { Button, Caption1 } from '@fluentui/react-components';
import { useEditorState, useStore } from './hooks.js';
import { Row, Section } from './section.js';

/** The Library section. */
export function LibrarySection() {
  const store = useStore();
  const { cacheEntries, cacheEnabled } = useEditorState();
  return (
    <Section title="Cache library" testId="mmcp-library">
      {!cacheEnabled ? <Caption1>The clip cache is off.</Caption1> : (
        <>
          <Row>
            <Button size="small" data-testid="mmcp-cache-refresh" onClick={() => void store.refreshCache()}>Refresh</Button>
            <Caption1 data-testid="mmcp-cache-count" data-count={cacheEntries.length}>{cacheEntries.length} cached clip{cacheEntries.length === 1 ? '' : 's'}</Caption1>
          </Row>
          {cacheEntries.map((e, i) => (
            <Row key={e.key}>
              <Caption1 data-testid={`mmcp-cache-entry-${i}`} title={e.key}>{e.summary} · {e.samples} sample{e.samples === 1 ? '' : 's'} · {e.seconds.toFixed(1)} s · {e.model}</Caption1>
              <Button size="small" data-testid={`mmcp-cache-replay-${i}`} onClick={() => void store.replayCached(e.key)}>Replay</Button>
              <Button size="small" data-testid={`mmcp-cache-delete-${i}`} onClick={() => void store.deleteCached(e.key)}>Delete</Button>
            </Row>
          ))}
        </>
      )}
    </Section>
  );
}
