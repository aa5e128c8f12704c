import type { ServiceNode } from '../../../src/engine/types';

/** A structural problem of a catalogue, with the service it concerns and the body path to show. */
export interface CatalogueProblem {
  service: string;
  field: string;
  message: string;
}

/**
 * Finds the first structural problem of a catalogue: a duplicate name, a dependency on an unknown service,
 * or a dependency cycle (including a self-dependency). Returns null when the catalogue is a valid DAG.
 */
export function findCatalogueProblem(services: readonly ServiceNode[]): CatalogueProblem | null {
  const indexByName = new Map<string, number>();
  for (let i = 0; i < services.length; i++) {
    const name = services[i].name;
    if (indexByName.has(name)) {
      return {
        service: name,
        field: `services[${i}].name`,
        message: `service '${name}' is listed twice (services[${indexByName.get(name)}] and services[${i}])`,
      };
    }
    indexByName.set(name, i);
  }
  for (let i = 0; i < services.length; i++) {
    const deps = services[i].dependsOn;
    for (let d = 0; d < deps.length; d++) {
      if (!indexByName.has(deps[d])) {
        return {
          service: services[i].name,
          field: `services[${i}].dependsOn[${d}]`,
          message: `service '${services[i].name}' depends on unknown service '${deps[d]}'`,
        };
      }
    }
  }
  const cycle = findCycle(services, indexByName);
  if (cycle) {
    const start = indexByName.get(cycle[0]) ?? 0;
    return {
      service: cycle[0],
      field: `services[${start}].dependsOn`,
      message: `dependency cycle: ${cycle.join(' → ')}`,
    };
  }
  return null;
}

const UNSEEN = 0;
const ON_PATH = 1;
const DONE = 2;

/** Iterative depth-first search (no recursion: a 10,000-service chain must not overflow the stack). */
function findCycle(services: readonly ServiceNode[], indexByName: Map<string, number>): string[] | null {
  const state = new Uint8Array(services.length);
  for (let root = 0; root < services.length; root++) {
    if (state[root] !== UNSEEN) {
      continue;
    }
    const path: number[] = [root];
    const nextDep: number[] = [0];
    state[root] = ON_PATH;
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top];
      const deps = services[node].dependsOn;
      if (nextDep[top] >= deps.length) {
        state[node] = DONE;
        path.pop();
        nextDep.pop();
        continue;
      }
      const child = indexByName.get(deps[nextDep[top]++]) as number;
      if (state[child] === ON_PATH) {
        const from = path.indexOf(child);
        return [...path.slice(from), child].map((i) => services[i].name);
      }
      if (state[child] === UNSEEN) {
        state[child] = ON_PATH;
        path.push(child);
        nextDep.push(0);
      }
    }
  }
  return null;
}
