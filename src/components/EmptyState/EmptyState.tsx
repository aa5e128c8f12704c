import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { DOCS_URL } from '../../constants';
import { testIds } from '../testIds';

interface Props {
  /** What this page will show once its capability is available, in one or two sentences. */
  description: string;
  /** What the user needs for data to appear (a configured backend, alerts routed to it…). */
  requirement: string;
  /** README section anchor, e.g. `incidents`. */
  docsAnchor: string;
}

/** Shown by a page that has nothing real to show yet: says what will appear and links to the docs. No fake data. */
export function EmptyState({ description, requirement, docsAnchor }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.box} data-testid={testIds.emptyPage.container}>
      <Stack direction="column" gap={2}>
        <Text element="p">{description}</Text>
        <Text element="p" color="secondary">
          {requirement}
        </Text>
        <div>
          <LinkButton
            variant="secondary"
            icon="book"
            href={`${DOCS_URL}#${docsAnchor}`}
            data-testid={testIds.emptyPage.docsLink}
          >
            Read the documentation
          </LinkButton>
        </div>
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    maxWidth: 720,
    padding: theme.spacing(3),
    border: `1px dashed ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
  }),
});
