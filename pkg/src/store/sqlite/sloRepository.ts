import type { Database } from 'better-sqlite3';
import type { SloSpec } from '../../../../src/engine/types';
import type { SloRepository, StoredSlo } from '../slos';

interface SloRow {
  id: string;
  spec: string;
  created_at: string;
  updated_at: string;
}

const toStored = (row: SloRow): StoredSlo => ({
  spec: JSON.parse(row.spec) as SloSpec,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function sqliteSloRepository(db: Database): SloRepository {
  const selectAll = db.prepare('SELECT * FROM slos ORDER BY id');
  const selectOne = db.prepare('SELECT * FROM slos WHERE id = ?');
  const insert = db.prepare(
    'INSERT OR IGNORE INTO slos (id, spec, created_at, updated_at) VALUES (@id, @spec, @now, @now)'
  );
  const updateOne = db.prepare('UPDATE slos SET spec = @spec, updated_at = @now WHERE id = @id');
  const deleteOne = db.prepare('DELETE FROM slos WHERE id = ?');
  const insertAll = db.transaction((specs: readonly SloSpec[], now: string) => {
    for (const spec of specs) {
      if (insert.run({ id: spec.id, spec: JSON.stringify(spec), now }).changes === 0) {
        throw new Error(`slo ${spec.id} exists`);
      }
    }
  });

  return {
    async list() {
      return (selectAll.all() as SloRow[]).map(toStored);
    },
    async get(id) {
      const row = selectOne.get(id) as SloRow | undefined;
      return row ? toStored(row) : null;
    },
    async create(spec) {
      return insert.run({ id: spec.id, spec: JSON.stringify(spec), now: new Date().toISOString() }).changes > 0;
    },
    async update(spec) {
      return updateOne.run({ id: spec.id, spec: JSON.stringify(spec), now: new Date().toISOString() }).changes > 0;
    },
    async remove(id) {
      return deleteOne.run(id).changes > 0;
    },
    async createAll(specs) {
      try {
        insertAll(specs, new Date().toISOString());
        return true;
      } catch (err) {
        if (err instanceof Error && / exists$/.test(err.message)) {
          return false;
        }
        throw err;
      }
    },
  };
}
