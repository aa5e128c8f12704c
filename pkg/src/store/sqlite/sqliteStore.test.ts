import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceNode } from '../../../../src/engine/types';
import { migrateSqlite } from './migrate';
import { SQLITE_MIGRATIONS } from './migrations';
import { openSqliteStore } from './sqliteStore';

const CATALOGUE: ServiceNode[] = [
  {
    name: 'checkout',
    team: 'payments',
    tier: 1,
    dependsOn: ['payments', 'cart'],
    revenuePerHour: 12500.5,
    runbookUrl: 'https://runbooks.example/checkout',
  },
  { name: 'payments', dependsOn: [], description: 'card and wallet payments' },
  { name: 'cart', tier: 2, dependsOn: [] },
];

describe('openSqliteStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'foresight-store-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the file in a missing directory, in WAL mode, and applies every migration once', async () => {
    const path = join(dir, 'nested', 'f.db');
    const first = openSqliteStore({ path });
    const expectedVersion = SQLITE_MIGRATIONS.reduce((n, group) => n + group.migrations.length, 0);
    expect(first.migration.applied).toContain('catalogue/1');
    expect(await first.store.schemaVersion()).toBe(expectedVersion);
    await first.store.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const second = openSqliteStore({ path });
    expect(second.migration.applied).toEqual([]);
    expect(await second.store.schemaVersion()).toBe(expectedVersion);
    await second.store.close();
  });

  it('keeps the catalogue across a reopen, in order and with optional fields omitted', async () => {
    const path = join(dir, 'f.db');
    const first = openSqliteStore({ path });
    await first.store.catalogue.replaceAll(CATALOGUE);
    await first.store.close();

    const second = openSqliteStore({ path });
    expect(await second.store.catalogue.list()).toEqual(CATALOGUE);
    expect(await second.store.catalogue.count()).toBe(3);
    await second.store.catalogue.replaceAll([{ name: 'solo', dependsOn: [] }]);
    expect(await second.store.catalogue.list()).toEqual([{ name: 'solo', dependsOn: [] }]);
    await second.store.close();
  });

  it('leaves the stored catalogue unchanged when a replacement fails half-way', async () => {
    const { store } = openSqliteStore({ path: join(dir, 'f.db') });
    await store.catalogue.replaceAll(CATALOGUE);
    // Duplicate names violate the primary key on the second insert: the transaction must roll back.
    // better-sqlite3's native addon keeps the SqliteError class of the first jest module registry that loaded it,
    // so match the message rather than `instanceof Error` (toThrow) across test files.
    const failure = await store.catalogue
      .replaceAll([
        { name: 'a', dependsOn: [] },
        { name: 'a', dependsOn: [] },
      ])
      .then(
        () => 'resolved',
        (err: { message?: string }) => String(err.message)
      );
    expect(failure).toMatch(/UNIQUE constraint failed: catalogue_services.name/);
    expect(await store.catalogue.list()).toEqual(CATALOGUE);
    await store.close();
  });

  it('ping answers while open and rejects once closed', async () => {
    const { store } = openSqliteStore({ path: ':memory:' });
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toThrow(/closed/);
  });
});

describe('migrateSqlite', () => {
  it('applies only migrations added since the last run, recording each id', () => {
    const db = new Database(':memory:');
    const created: string[] = [];
    const v1 = { version: 1, name: 'one', up: () => created.push('one') };
    const v2 = { version: 2, name: 'two', up: () => created.push('two') };
    expect(migrateSqlite(db, [{ capability: 'demo', migrations: [v1] }]).applied).toEqual(['demo/1']);
    const result = migrateSqlite(db, [{ capability: 'demo', migrations: [v1, v2] }]);
    expect(result).toEqual({ applied: ['demo/2'], schemaVersion: 2 });
    expect(created).toEqual(['one', 'two']);
    db.close();
  });

  it('rolls back a failing migration together with its record', () => {
    const db = new Database(':memory:');
    const broken = {
      version: 1,
      name: 'broken',
      up: (conn: Database.Database) => {
        conn.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrateSqlite(db, [{ capability: 'demo', migrations: [broken] }])).toThrow('boom');
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
    db.close();
  });

  it.each([
    [[{ capability: 'a', migrations: [{ version: 2, name: 'x', up: () => undefined }] }], /versions must be 1, 2, 3/],
    [
      [
        { capability: 'a', migrations: [] },
        { capability: 'a', migrations: [] },
      ],
      /capability 'a' appears twice/,
    ],
    [[{ capability: 'Bad Name', migrations: [] }], /capability name "Bad Name"/],
  ])('rejects a malformed list %#', (list, message) => {
    const db = new Database(':memory:');
    expect(() => migrateSqlite(db, list)).toThrow(message);
    db.close();
  });
});
