import type { Database } from 'better-sqlite3';
import type { ServiceNode } from '../../../../src/engine/types';
import type { CatalogueRepository } from '../catalogue';

interface CatalogueRow {
  name: string;
  team: string | null;
  tier: number | null;
  depends_on: string;
  runbook_url: string | null;
  revenue_per_hour: number | null;
  description: string | null;
}

function rowToService(row: CatalogueRow): ServiceNode {
  const service: ServiceNode = { name: row.name, dependsOn: JSON.parse(row.depends_on) as string[] };
  if (row.team !== null) {
    service.team = row.team;
  }
  if (row.tier !== null) {
    service.tier = row.tier as ServiceNode['tier'];
  }
  if (row.runbook_url !== null) {
    service.runbookUrl = row.runbook_url;
  }
  if (row.revenue_per_hour !== null) {
    service.revenuePerHour = row.revenue_per_hour;
  }
  if (row.description !== null) {
    service.description = row.description;
  }
  return service;
}

export function sqliteCatalogueRepository(db: Database): CatalogueRepository {
  const selectAll = db.prepare('SELECT * FROM catalogue_services ORDER BY position');
  const countAll = db.prepare('SELECT COUNT(*) AS services FROM catalogue_services');
  const deleteAll = db.prepare('DELETE FROM catalogue_services');
  const insert = db.prepare(`
    INSERT INTO catalogue_services (name, position, team, tier, depends_on, runbook_url, revenue_per_hour, description)
    VALUES (@name, @position, @team, @tier, @dependsOn, @runbookUrl, @revenuePerHour, @description)
  `);
  const replace = db.transaction((services: readonly ServiceNode[]) => {
    deleteAll.run();
    services.forEach((service, position) => {
      insert.run({
        name: service.name,
        position,
        team: service.team ?? null,
        tier: service.tier ?? null,
        dependsOn: JSON.stringify(service.dependsOn),
        runbookUrl: service.runbookUrl ?? null,
        revenuePerHour: service.revenuePerHour ?? null,
        description: service.description ?? null,
      });
    });
  });

  return {
    async list() {
      return (selectAll.all() as CatalogueRow[]).map(rowToService);
    },
    async replaceAll(services) {
      replace(services);
    },
    async count() {
      return (countAll.get() as { services: number }).services;
    },
  };
}
