import type { Database } from 'better-sqlite3';
import type { CapabilityMigrations } from '../../migration';
import { catalogueMigrations } from './catalogue';
import { sloMigrations } from './slos';
import { incidentMigrations } from './incidents';

/**
 * Every capability's SQLite migrations, applied in this order at start-up.
 * A new capability adds a module beside this file and ONE line at the end of this list.
 */
export const SQLITE_MIGRATIONS: ReadonlyArray<CapabilityMigrations<Database>> = [
  catalogueMigrations,
  sloMigrations,
  incidentMigrations,
  // One capability per line, so parallel additions merge cleanly.
];
