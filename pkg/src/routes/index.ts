import { alertRoutes } from './alerts';
import { catalogueRoutes } from './catalogue';
import { detectRoutes } from './detect';
import type { RoutePlugin } from './context';
import { healthRoutes } from './health';
import { incidentRoutes } from './incidents';
import { sloRoutes } from './slos';
import { statusRoutes } from './status';

/** Unauthenticated routes, mounted at the root. */
export const PUBLIC_ROUTES: readonly RoutePlugin[] = [healthRoutes];

/**
 * Authenticated routes, mounted under /api (paths in these files are relative to /api) behind the API key.
 * A new capability adds pkg/src/routes/<name>.ts and ONE line at the end of this list.
 */
export const API_ROUTES: readonly RoutePlugin[] = [
  statusRoutes,
  catalogueRoutes,
  alertRoutes,
  incidentRoutes,
  sloRoutes,
  detectRoutes,
  // One capability per line, so parallel additions merge cleanly.
];
