import { ServiceNode } from '../topology/types';

/** How service `from` relates to service `to` in the catalogue: it calls it (directly or not), or is called by it. */
export interface ServiceRelation {
  direction: 'calls' | 'calledBy';
  hops: number;
}

/**
 * The service catalogue as a directed graph (edges caller → callee, from `dependsOn`), with the two questions the
 * correlator asks: "are these two services connected within k hops?" and "which alerting services are root-cause
 * candidates?" (a failing callee makes its callers alert, so causes are among the descendants of symptoms).
 */
export class ServiceGraph {
  private readonly callees = new Map<string, string[]>();
  private readonly callers = new Map<string, string[]>();
  private readonly nodes = new Map<string, ServiceNode>();
  private readonly nearCache = new Map<string, Map<string, ServiceRelation>>();

  constructor(
    services: readonly ServiceNode[],
    private readonly maxHops: number
  ) {
    for (const service of services) {
      this.nodes.set(service.name, service);
      const callees = this.callees.get(service.name) ?? [];
      for (const callee of service.dependsOn ?? []) {
        if (callee === service.name || callees.includes(callee)) {
          continue;
        }
        callees.push(callee);
        const callers = this.callers.get(callee) ?? [];
        callers.push(service.name);
        this.callers.set(callee, callers);
      }
      this.callees.set(service.name, callees);
    }
  }

  node(name: string): ServiceNode | undefined {
    return this.nodes.get(name);
  }

  /** Services within `maxHops` of `name` in either direction, with the shortest relation (calls wins a tie). */
  near(name: string): ReadonlyMap<string, ServiceRelation> {
    const cached = this.nearCache.get(name);
    if (cached) {
      return cached;
    }
    const result = new Map<string, ServiceRelation>();
    const walk = (adjacency: Map<string, string[]>, direction: ServiceRelation['direction']) => {
      let frontier = [name];
      const seen = new Set([name]);
      for (let hops = 1; hops <= this.maxHops && frontier.length > 0; hops++) {
        const next: string[] = [];
        for (const current of frontier) {
          for (const neighbour of adjacency.get(current) ?? []) {
            if (seen.has(neighbour)) {
              continue;
            }
            seen.add(neighbour);
            next.push(neighbour);
            const existing = result.get(neighbour);
            if (!existing || existing.hops > hops) {
              result.set(neighbour, { direction, hops });
            }
          }
        }
        frontier = next;
      }
    };
    walk(this.callees, 'calls');
    walk(this.callers, 'calledBy');
    this.nearCache.set(name, result);
    return result;
  }

  relation(from: string, to: string): ServiceRelation | undefined {
    return from === to ? undefined : this.near(from).get(to);
  }

  /** True when `to` is reachable from `from` along dependsOn edges (any number of hops). */
  reaches(from: string, to: string): boolean {
    const seen = new Set([from]);
    const stack = [from];
    while (stack.length > 0) {
      const current = stack.pop()!;
      for (const callee of this.callees.get(current) ?? []) {
        if (callee === to) {
          return true;
        }
        if (!seen.has(callee)) {
          seen.add(callee);
          stack.push(callee);
        }
      }
    }
    return false;
  }

  /** Alerting services that call no other alerting service: where the fault most likely started. Sorted. */
  rootCauseCandidates(alerting: readonly string[]): string[] {
    const unique = [...new Set(alerting)].sort();
    const sinks = unique.filter(
      (service) => !unique.some((other) => other !== service && this.reaches(service, other))
    );
    // In a dependency cycle every member reaches another; then all of them are candidates.
    return sinks.length > 0 ? sinks : unique;
  }
}
