/**
 * A titled block of the pane.
 * @packageDocumentation
 */
import type { ReactNode } from 'react';
import { makeStyles, tokens, Subtitle2 } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** A section with a title; `testId` goes on the root. */
export function Section(props: { title: string; testId: string; children: ReactNode }) {
  const s = useStyles();
  return (
    <section className={s.root} data-testid={props.testId} aria-label={props.title}>
      <Subtitle2>{props.title}</Subtitle2>
      {props.children}
    </section>
  );
}

/** A horizontal row of controls. */
export function Row(props: { children: ReactNode }) {
  const s = useStyles();
  return <div className={s.row}>{props.children}</div>;
}
