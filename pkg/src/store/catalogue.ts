import type { ServiceNode } from '../../../src/engine/types';

/** The service catalogue: ownership and dependencies of every service, replaced as a whole. */
export interface CatalogueRepository {
  /** All services, in the order they were last saved. */
  list(): Promise<ServiceNode[]>;
  /** Replaces the whole catalogue atomically: either every service is stored or nothing changes. */
  replaceAll(services: readonly ServiceNode[]): Promise<void>;
  count(): Promise<number>;
}
