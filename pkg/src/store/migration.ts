/**
 * One schema change. Migrations are grouped per capability (one module each, e.g. migrations/catalogue.ts) and
 * identified by `<capability>/<version>`, so capabilities developed in parallel never compete for a number.
 */
export interface Migration<Connection> {
  /** 1, 2, 3… within its capability; never renumber or edit an applied migration, add a new one. */
  version: number;
  /** Short description, stored in schema_migrations. */
  name: string;
  up(connection: Connection): void;
}

export interface CapabilityMigrations<Connection> {
  /** Lower-case capability name, e.g. 'catalogue', 'incidents', 'slos'. */
  capability: string;
  migrations: ReadonlyArray<Migration<Connection>>;
}

export function migrationId(capability: string, version: number): string {
  return `${capability}/${version}`;
}

/** Rejects a malformed migration list at start-up (duplicate capability, versions not 1..n in order). */
export function checkMigrationList<C>(list: ReadonlyArray<CapabilityMigrations<C>>): void {
  const seen = new Set<string>();
  for (const group of list) {
    if (!/^[a-z][a-z0-9-]*$/.test(group.capability)) {
      throw new Error(
        `migration list: capability name ${JSON.stringify(group.capability)} must be lower-case letters, digits or '-'`
      );
    }
    if (seen.has(group.capability)) {
      throw new Error(`migration list: capability '${group.capability}' appears twice`);
    }
    seen.add(group.capability);
    group.migrations.forEach((migration, index) => {
      if (migration.version !== index + 1) {
        throw new Error(
          `migration list: ${group.capability} migration #${index + 1} ('${migration.name}') has version ${migration.version}; versions must be 1, 2, 3… in order`
        );
      }
    });
  }
}
