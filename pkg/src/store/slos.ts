import type { SloSpec } from '../../../src/engine/types';

export interface StoredSlo {
  spec: SloSpec;
  createdAt: string;
  updatedAt: string;
}

/** SLO specs, keyed by spec id. Specs are validated by the engine before they reach the store. */
export interface SloRepository {
  list(): Promise<StoredSlo[]>;
  get(id: string): Promise<StoredSlo | null>;
  /** False (and nothing written) when the id exists. */
  create(spec: SloSpec): Promise<boolean>;
  /** False when the id does not exist. */
  update(spec: SloSpec): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  /** Inserts every spec or none (an import never half-succeeds); false when any id exists. */
  createAll(specs: readonly SloSpec[]): Promise<boolean>;
}
