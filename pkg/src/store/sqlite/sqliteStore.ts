import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Store } from '../types';
import { sqliteCatalogueRepository } from './catalogueRepository';
import { sqliteSloRepository } from './sloRepository';
import { sqliteIncidentRepository } from './incidentsRepository';
import { migrateSqlite, sqliteSchemaVersion, type MigrationResult } from './migrate';
import { SQLITE_MIGRATIONS } from './migrations';

export interface SqliteStoreOptions {
  /** Database file; ':memory:' for a throw-away store. Parent directories are created. */
  path: string;
  /** How long a writer waits for a lock held by another connection before failing (ms). */
  busyTimeoutMs?: number;
}

export interface OpenedSqliteStore {
  store: Store;
  migration: MigrationResult;
}

/** Opens (creating if needed) and migrates the SQLite store. */
export function openSqliteStore(options: SqliteStoreOptions): OpenedSqliteStore {
  const inMemory = options.path === ':memory:';
  const location = inMemory ? ':memory:' : resolve(options.path);
  if (!inMemory) {
    mkdirSync(dirname(location), { recursive: true });
  }
  const db = new Database(location);
  try {
    // WAL: readers never block the writer; NORMAL sync is durable across process crashes in WAL mode.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('foreign_keys = ON');
    const migration = migrateSqlite(db, SQLITE_MIGRATIONS);
    const ping = db.prepare('SELECT 1 AS ok');
    let closed = false;

    const store: Store = {
      kind: 'sqlite',
      location,
      async ping() {
        if (closed) {
          throw new Error('store is closed');
        }
        ping.get();
      },
      async schemaVersion() {
        return sqliteSchemaVersion(db);
      },
      async close() {
        if (!closed) {
          closed = true;
          db.close();
        }
      },
      catalogue: sqliteCatalogueRepository(db),
      slos: sqliteSloRepository(db),
      incidents: sqliteIncidentRepository(db),
    };
    return { store, migration };
  } catch (err) {
    db.close();
    throw err;
  }
}
