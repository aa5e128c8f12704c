import type { Database } from 'better-sqlite3';
import { checkMigrationList, migrationId, type CapabilityMigrations } from '../migration';

export interface MigrationResult {
  applied: string[];
  schemaVersion: number;
}

function ensureMigrationTable(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      id         TEXT    PRIMARY KEY,
      capability TEXT    NOT NULL,
      version    INTEGER NOT NULL,
      name       TEXT    NOT NULL,
      applied_at TEXT    NOT NULL
    ) STRICT;
  `);
}

export function sqliteSchemaVersion(db: Database): number {
  const row = db.prepare('SELECT COUNT(*) AS applied FROM schema_migrations').get() as { applied: number };
  return row.applied;
}

/**
 * Applies every pending migration, each in its own transaction together with its schema_migrations row,
 * so a crash mid-migration leaves the database at the previous version.
 */
export function migrateSqlite(
  db: Database,
  list: ReadonlyArray<CapabilityMigrations<Database>>,
  now: () => Date = () => new Date()
): MigrationResult {
  checkMigrationList(list);
  ensureMigrationTable(db);
  const appliedIds = new Set(
    (db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: string }>).map((row) => row.id)
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (id, capability, version, name, applied_at) VALUES (?, ?, ?, ?, ?)'
  );
  const applied: string[] = [];
  for (const group of list) {
    for (const migration of group.migrations) {
      const id = migrationId(group.capability, migration.version);
      if (appliedIds.has(id)) {
        continue;
      }
      db.transaction(() => {
        migration.up(db);
        record.run(id, group.capability, migration.version, migration.name, now().toISOString());
      })();
      applied.push(id);
    }
  }
  return { applied, schemaVersion: sqliteSchemaVersion(db) };
}
