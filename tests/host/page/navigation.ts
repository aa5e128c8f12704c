import type { AppPluginMeta } from '@grafana/data';

/** A page of the app as plugin.json `includes` declares it (what Grafana puts in the nav tree). */
export interface AppNavPage {
  name: string;
  path: string;
  icon?: string;
  isConfig: boolean;
}

export function appNavPages(meta: AppPluginMeta): AppNavPage[] {
  return (meta.includes ?? [])
    .filter((include) => include.type === 'page' && include.addToNav && include.path)
    .map((include) => ({
      name: include.name,
      path: include.path!,
      icon: include.icon,
      isConfig: include.path === `/plugins/${meta.id}`,
    }));
}

/** The nav page whose path is the longest prefix of `pathname`. */
export function activeNavPage(pages: AppNavPage[], pathname: string): AppNavPage | undefined {
  return pages
    .filter((page) => pathname === page.path || pathname.startsWith(`${page.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
