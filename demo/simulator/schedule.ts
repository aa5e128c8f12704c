// The fault schedule file: YAML with a list of faults relative to the simulator's start (in simulated time).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type FaultSpec, parseFaultSpec } from './faults';

/** Parses schedule YAML text; errors name the entry and field ("faults[2].magnitude: ..."). */
export function parseSchedule(text: string, knownServices: readonly string[], source = 'schedule'): FaultSpec[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`${source}: not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) {
    return [];
  }
  if (typeof doc !== 'object' || Array.isArray(doc) || !('faults' in doc)) {
    throw new Error(`${source}: expected a mapping with a "faults" list`);
  }
  const faults = (doc as { faults: unknown }).faults;
  if (faults === null) {
    return [];
  }
  if (!Array.isArray(faults)) {
    throw new Error(`${source}: faults: expected a list, got ${JSON.stringify(faults)}`);
  }
  return faults.map((entry, i) => {
    try {
      return parseFaultSpec(entry, knownServices, `faults[${i}]`);
    } catch (err) {
      throw new Error(`${source}: ${(err as Error).message}`);
    }
  });
}

export function loadScheduleFile(path: string, knownServices: readonly string[]): FaultSpec[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`schedule file ${path}: ${(err as Error).message}`);
  }
  return parseSchedule(text, knownServices, path);
}
