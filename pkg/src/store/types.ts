import type { CatalogueRepository } from './catalogue';
import type { SloRepository } from './slos';
import type { IncidentRepository } from './incidents';

/**
 * The persistence boundary of the backend. Every method is async so a networked implementation (PostgreSQL)
 * can sit behind the same interface as the embedded SQLite default.
 *
 * A capability adds one repository interface file beside this one and ONE line below.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the data lives (file path or connection target without credentials); safe to show and log. */
  readonly location: string;
  /** Runs a real query against the store; rejects when it cannot answer. */
  ping(): Promise<void>;
  /** How many migrations have been applied (monotonic; grows by one per migration added). */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;

  readonly catalogue: CatalogueRepository;
  readonly slos: SloRepository;
  readonly incidents: IncidentRepository;
}
