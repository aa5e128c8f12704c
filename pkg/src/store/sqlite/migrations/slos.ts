import type { Database } from 'better-sqlite3';
import type { CapabilityMigrations } from '../../migration';

export const sloMigrations: CapabilityMigrations<Database> = {
  capability: 'slos',
  migrations: [
    {
      version: 1,
      name: 'create slos',
      up(db) {
        // The spec is stored as JSON: it is always read and written whole, and validated by the engine.
        db.exec(`
          CREATE TABLE slos (
            id         TEXT PRIMARY KEY,
            spec       TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
          ) STRICT;
        `);
      },
    },
  ],
};
