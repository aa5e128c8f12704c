import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, IconName } from '@grafana/data';
import type { PluginPageProps } from '@grafana/runtime';
import { Icon, Stack, useStyles2 } from '@grafana/ui';
import { useLocation } from 'react-router-dom';
import { activeNavPage, type AppNavPage } from './navigation';

let navPages: AppNavPage[] = [];

/** The app's nav pages, known once its settings are loaded (the title of a PluginPage comes from them). */
export function setHostNavPages(pages: AppNavPage[]): void {
  navPages = pages;
}

/**
 * What <PluginPage> renders inside Grafana: the page header (title from the nav item of the current URL, or
 * pageNav), subtitle, info and actions, then the page body. Installed with setPluginPage, as Grafana does.
 */
export function HostPluginPage({ children, pageNav, subTitle, actions, info, renderTitle }: PluginPageProps) {
  const styles = useStyles2(getStyles);
  const location = useLocation();
  const navPage = activeNavPage(navPages, location.pathname);
  const title = pageNav?.text ?? navPage?.name ?? '';
  const icon = (pageNav?.icon ?? navPage?.icon) as IconName | undefined;
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <Stack direction="row" alignItems="center" gap={1}>
          {icon && <Icon name={icon} size="xl" />}
          {renderTitle ? renderTitle(title) : <h1 className={styles.title}>{title}</h1>}
          {actions && <div className={styles.actions}>{actions}</div>}
        </Stack>
        {subTitle && <div className={styles.subTitle}>{subTitle}</div>}
        {info && info.length > 0 && (
          <Stack direction="row" gap={3}>
            {info.map((item) => (
              <div key={item.label}>
                <span className={styles.infoLabel}>{item.label}</span> {item.value}
              </div>
            ))}
          </Stack>
        )}
      </header>
      <div className={styles.body}>{children}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), padding: theme.spacing(2, 3), flex: 1 }),
  header: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  title: css({ margin: 0, fontSize: theme.typography.h2.fontSize, fontWeight: theme.typography.h2.fontWeight }),
  actions: css({ marginLeft: 'auto' }),
  subTitle: css({ color: theme.colors.text.secondary }),
  infoLabel: css({ color: theme.colors.text.secondary }),
  body: css({ flex: 1 }),
});
