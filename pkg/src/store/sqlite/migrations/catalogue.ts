import type { Database } from 'better-sqlite3';
import type { CapabilityMigrations } from '../../migration';

export const catalogueMigrations: CapabilityMigrations<Database> = {
  capability: 'catalogue',
  migrations: [
    {
      version: 1,
      name: 'create catalogue_services',
      up(db) {
        // dependsOn is stored as a JSON array: the catalogue is always read and replaced as a whole.
        db.exec(`
          CREATE TABLE catalogue_services (
            name             TEXT    PRIMARY KEY,
            position         INTEGER NOT NULL,
            team             TEXT,
            tier             INTEGER CHECK (tier IS NULL OR tier BETWEEN 1 AND 4),
            depends_on       TEXT    NOT NULL DEFAULT '[]',
            runbook_url      TEXT,
            revenue_per_hour REAL,
            description      TEXT
          ) STRICT;
        `);
      },
    },
  ],
};
