import { Labels } from '../series';
import { CorrelationConfig } from './config';
import { ServiceGraph } from './serviceGraph';

/** What the link rules look at: only identity-stable parts of an alert, so delivery order cannot change a link. */
export interface LinkSubject {
  name: string;
  service?: string;
  labels: Labels;
  startsAt: number;
}

export interface Link {
  /** 0–1; the strongest matching rule. */
  score: number;
  /** e.g. "same service checkout and 2 min apart". */
  reason: string;
}

/** Transparent rule weights: same service beats a group-by match beats a topology edge, which decays per hop. */
export const LINK_WEIGHTS = {
  sameService: 1,
  causalRule: 0.9,
  sameGroupBy: 0.8,
  topologyOneHop: 0.8,
  topologyPerExtraHop: 0.1,
} as const;

export function formatGap(ms: number): string {
  const abs = Math.abs(ms);
  return abs < 60_000 ? `${Math.round(abs / 1000)} s` : `${Math.round(abs / 60_000)} min`;
}

/** alert name → names it is causally related to (either direction), per config object. */
const causalIndex = new WeakMap<CorrelationConfig, Map<string, Map<string, string>>>();

/** For each alert name, the related names with the rule's wording ("A can cause B"). */
function causalPartners(config: CorrelationConfig): Map<string, Map<string, string>> {
  let index = causalIndex.get(config);
  if (!index) {
    index = new Map();
    for (const { cause, effect } of config.causalRules) {
      const text = `${cause} can cause ${effect}`;
      for (const [from, to] of [
        [cause, effect],
        [effect, cause],
      ]) {
        const partners = index.get(from) ?? new Map<string, string>();
        partners.set(to, text);
        index.set(from, partners);
      }
    }
    causalIndex.set(config, index);
  }
  return index;
}

function groupByValues(labels: Labels, names: readonly string[]): string[] | undefined {
  const values: string[] = [];
  for (const name of names) {
    const value = labels[name];
    if (value === undefined || value === '') {
      return undefined;
    }
    values.push(value);
  }
  return values;
}

/**
 * The strongest link between two alerts, or undefined when they are further apart than the window or no rule
 * scores at least the threshold. Symmetric, so linking does not depend on which alert arrived first.
 */
export function linkBetween(
  a: LinkSubject,
  b: LinkSubject,
  config: CorrelationConfig,
  graph: ServiceGraph
): Link | undefined {
  const gap = Math.abs(a.startsAt - b.startsAt);
  if (gap > config.windowMs) {
    return undefined;
  }
  let score = 0;
  let why = '';
  if (a.service && b.service) {
    if (a.service === b.service) {
      score = LINK_WEIGHTS.sameService;
      why = `same service ${a.service}`;
    } else if (config.topologyMaxHops > 0) {
      // Describe the edge caller → callee whichever alert is `a`, so the text is symmetric too.
      const relation = graph.relation(a.service, b.service);
      if (relation) {
        // Rounded so that 0.8 − 2 × 0.1 is exactly 0.6 and compares with the threshold as written.
        const topologyScore =
          Math.round((LINK_WEIGHTS.topologyOneHop - LINK_WEIGHTS.topologyPerExtraHop * (relation.hops - 1)) * 100) /
          100;
        if (topologyScore > score) {
          score = topologyScore;
          const [caller, callee] = relation.direction === 'calls' ? [a.service, b.service] : [b.service, a.service];
          why = `${caller} depends on ${callee}${relation.hops > 1 ? ` (${relation.hops} hops)` : ''}`;
        }
      }
    }
  }
  if (score < LINK_WEIGHTS.causalRule) {
    const rule = causalPartners(config).get(a.name)?.get(b.name);
    if (rule) {
      score = LINK_WEIGHTS.causalRule;
      why = `causal rule: ${rule}`;
    }
  }
  if (score < LINK_WEIGHTS.sameGroupBy) {
    for (const names of config.groupBy) {
      const valuesA = groupByValues(a.labels, names);
      const valuesB = valuesA && groupByValues(b.labels, names);
      if (valuesA && valuesB && valuesA.every((value, i) => value === valuesB[i])) {
        score = LINK_WEIGHTS.sameGroupBy;
        why = `same ${names.map((name, i) => `${name} ${valuesA[i]}`).join(', ')}`;
        break;
      }
    }
  }
  if (score < config.linkThreshold || score <= 0) {
    return undefined;
  }
  return { score, reason: `${why} and ${formatGap(gap)} apart` };
}

/** Keys under which an alert is indexed, so candidates are found without scanning every live alert. */
export function ownIndexKeys(subject: LinkSubject, config: CorrelationConfig): string[] {
  const keys: string[] = [];
  if (subject.service) {
    keys.push(`s:${subject.service}`);
  }
  config.groupBy.forEach((names, i) => {
    const values = groupByValues(subject.labels, names);
    if (values) {
      keys.push(`g${i}:${JSON.stringify(values)}`);
    }
  });
  if (causalPartners(config).has(subject.name)) {
    keys.push(`n:${subject.name}`);
  }
  return keys;
}

/** Keys to look up for an alert's possible links: its own keys plus its topological neighbours' services. */
export function probeIndexKeys(subject: LinkSubject, config: CorrelationConfig, graph: ServiceGraph): string[] {
  const keys = ownIndexKeys(subject, config);
  for (const partner of causalPartners(config).get(subject.name)?.keys() ?? []) {
    keys.push(`n:${partner}`);
  }
  if (subject.service && config.topologyMaxHops > 0) {
    for (const neighbour of graph.near(subject.service).keys()) {
      keys.push(`s:${neighbour}`);
    }
  }
  return keys;
}
