import React, { useEffect, useState } from 'react';
import { css, cx } from '@emotion/css';
import type { AppPlugin, AppPluginMeta, GrafanaTheme2, IconName } from '@grafana/data';
import type { LocationService } from '@grafana/runtime';
import { Alert, Icon, PortalContainer, Tab, TabsBar, TabContent, useStyles2 } from '@grafana/ui';
import { Link, Route, Router, Routes, useLocation } from 'react-router-dom';
import { activeNavPage, appNavPages } from './navigation';
import { hostViews } from './views';

interface Props {
  plugin: AppPlugin;
  meta: AppPluginMeta;
  locationService: LocationService;
}

/** The router Grafana uses: react-router v6 driven by the history object of @grafana/runtime's locationService. */
export function HostApp({ plugin, meta, locationService }: Props) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useEffect(() => history.listen((next: typeof location) => setLocation(next)), [history]);
  return (
    <Router location={location} navigator={history}>
      <Chrome meta={meta}>
        <Routes>
          <Route path={`/a/${meta.id}/*`} element={<AppRoot plugin={plugin} meta={meta} />} />
          <Route path={`/plugins/${meta.id}`} element={<PluginDetails plugin={plugin} meta={meta} />} />
          <Route path="/host-views/:view" element={<HostViewPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Chrome>
      <PortalContainer />
    </Router>
  );
}

/** Grafana's AppRootPage: the plugin's root component with AppRootProps, relative routes under /a/<id>. */
function AppRoot({ plugin, meta }: { plugin: AppPlugin; meta: AppPluginMeta }) {
  const location = useLocation();
  const Root = plugin.root;
  if (!Root) {
    return <Alert title="App has no root page">The plugin does not call setRootPage().</Alert>;
  }
  const basename = `/a/${meta.id}`;
  const query = Object.fromEntries(new URLSearchParams(location.search));
  return <Root meta={meta} basename={basename} path={basename} query={query} onNavChanged={() => {}} />;
}

/** /plugins/<id>: the plugin details page with its config pages as tabs (`?page=<id>`), like Grafana's. */
function PluginDetails({ plugin, meta }: { plugin: AppPlugin; meta: AppPluginMeta }) {
  const styles = useStyles2(getStyles);
  const location = useLocation();
  const pages = plugin.configPages ?? [];
  const requested = new URLSearchParams(location.search).get('page');
  const current = pages.find((page) => page.id === requested) ?? pages[0];
  return (
    <div className={styles.details}>
      <div className={styles.detailsHeader}>
        <img src={`/${meta.info.logos.small}`} alt="" width={40} height={40} />
        <div>
          <h1 className={styles.detailsTitle}>{meta.name}</h1>
          <div className={styles.detailsInfo}>
            Version {meta.info.version} · From {meta.info.author?.name} · {meta.enabled ? 'Enabled' : 'Disabled'}
          </div>
        </div>
      </div>
      <TabsBar>
        {pages.map((page) => (
          <Tab
            key={page.id}
            label={page.title}
            icon={page.icon as IconName}
            active={page === current}
            href={`/plugins/${meta.id}?page=${page.id}`}
          />
        ))}
      </TabsBar>
      <TabContent className={styles.tabContent}>
        {current ? (
          <current.body plugin={plugin} query={Object.fromEntries(new URLSearchParams(location.search))} />
        ) : (
          'This plugin has no configuration page.'
        )}
      </TabContent>
    </div>
  );
}

function HostViewPage() {
  const location = useLocation();
  const name = location.pathname.replace(/^\/host-views\//, '');
  const view = hostViews.find((candidate) => candidate.path === name);
  if (!view) {
    console.error(`no host view named "${name}" (tests/host/page/views/index.ts)`);
    return <NotFound />;
  }
  const View = view.component;
  return <View />;
}

function NotFound() {
  return (
    <Alert severity="error" title="Page not found">
      Nothing is routed here.
    </Alert>
  );
}

/** Grafana's chrome, reduced: top bar with breadcrumb, docked menu with the app's nav pages, the page. */
function Chrome({ meta, children }: { meta: AppPluginMeta; children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  const location = useLocation();
  const pages = appNavPages(meta);
  const active = activeNavPage(pages, location.pathname);
  return (
    <div className={styles.shell}>
      <header className={styles.topBar}>
        <Icon name="grafana" size="lg" />
        <nav className={styles.breadcrumbs} aria-label="Breadcrumbs">
          <span>Home</span>
          <Icon name="angle-right" />
          <span>Apps</span>
          <Icon name="angle-right" />
          <span>{meta.name}</span>
          {active && (
            <>
              <Icon name="angle-right" />
              <span className={styles.current}>{active.name}</span>
            </>
          )}
        </nav>
      </header>
      <div className={styles.main}>
        <nav className={styles.menu} aria-label="App navigation">
          <div className={styles.menuTitle}>
            <img src={`/${meta.info.logos.small}`} alt="" width={16} height={16} /> {meta.name}
          </div>
          {pages.map((page) => (
            <Link
              key={page.path}
              to={page.path}
              className={cx(styles.menuItem, page === active && styles.menuItemActive)}
            >
              {page.icon && <Icon name={page.icon as IconName} />}
              {page.name}
            </Link>
          ))}
        </nav>
        <main className={styles.content}>{children}</main>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  shell: css({
    display: 'flex',
    flexDirection: 'column',
    minHeight: '100vh',
    background: theme.colors.background.canvas,
  }),
  topBar: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    height: 40,
    padding: theme.spacing(0, 2),
    background: theme.colors.background.primary,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  breadcrumbs: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    color: theme.colors.text.secondary,
  }),
  current: css({ color: theme.colors.text.primary }),
  main: css({ display: 'flex', flex: 1 }),
  menu: css({
    width: 240,
    flexShrink: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    padding: theme.spacing(1),
    background: theme.colors.background.primary,
    borderRight: `1px solid ${theme.colors.border.weak}`,
  }),
  menuTitle: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1),
    fontWeight: theme.typography.fontWeightMedium,
  }),
  menuItem: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    padding: theme.spacing(0.75, 2),
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.secondary,
    '&:hover': { background: theme.colors.action.hover, color: theme.colors.text.primary },
  }),
  menuItemActive: css({
    color: theme.colors.text.primary,
    background: theme.colors.action.selected,
    boxShadow: `inset 4px 0 0 ${theme.colors.primary.main}`,
  }),
  content: css({ flex: 1, display: 'flex', flexDirection: 'column', minWidth: 0 }),
  details: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), padding: theme.spacing(2, 3) }),
  detailsHeader: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2) }),
  detailsTitle: css({ margin: 0, fontSize: theme.typography.h2.fontSize }),
  detailsInfo: css({ color: theme.colors.text.secondary }),
  tabContent: css({ background: 'transparent', paddingTop: theme.spacing(2) }),
});
