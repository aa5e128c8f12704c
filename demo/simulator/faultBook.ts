// The record of injected faults: what is scheduled, active and past, in simulated time.
import type { FaultKind, FaultSpec } from './faults';

export type FaultSource = 'schedule' | 'api';
export type FaultStatus = 'pending' | 'active' | 'ended' | 'cancelled';

export interface FaultRecord {
  id: string;
  kind: FaultKind;
  service: string;
  magnitude: number;
  version?: string;
  source: FaultSource;
  startSimMs: number;
  /** Exclusive end; moved earlier when the fault is cancelled. */
  endSimMs: number;
  cancelledAtSimMs?: number;
}

export class FaultBook {
  private readonly records: FaultRecord[] = [];
  private nextId = 1;

  /** Adds a fault starting `spec.startOffsetMs` after `anchorSimMs`. */
  add(spec: FaultSpec, anchorSimMs: number, source: FaultSource): FaultRecord {
    const startSimMs = anchorSimMs + spec.startOffsetMs;
    const record: FaultRecord = {
      id: `f${this.nextId++}`,
      kind: spec.kind,
      service: spec.service,
      magnitude: spec.magnitude,
      ...(spec.version !== undefined ? { version: spec.version } : {}),
      source,
      startSimMs,
      endSimMs: startSimMs + spec.durationMs,
    };
    this.records.push(record);
    return record;
  }

  /** Ends a fault at `nowSimMs` (or drops it if it has not started). Returns undefined for an unknown id. */
  cancel(id: string, nowSimMs: number): FaultRecord | undefined {
    const record = this.records.find((r) => r.id === id);
    if (!record) {
      return undefined;
    }
    if (record.cancelledAtSimMs === undefined && nowSimMs < record.endSimMs) {
      record.cancelledAtSimMs = nowSimMs;
      record.endSimMs = Math.max(record.startSimMs, nowSimMs);
    }
    return record;
  }

  /** Faults in effect at simulated time t (start inclusive, end exclusive). */
  activeAt(simMs: number): FaultRecord[] {
    return this.records.filter((r) => r.startSimMs <= simMs && simMs < r.endSimMs);
  }

  list(): readonly FaultRecord[] {
    return this.records;
  }

  static statusAt(record: FaultRecord, simMs: number): FaultStatus {
    if (record.cancelledAtSimMs !== undefined && record.cancelledAtSimMs <= simMs) {
      return 'cancelled';
    }
    if (simMs < record.startSimMs) {
      return 'pending';
    }
    return simMs < record.endSimMs ? 'active' : 'ended';
  }
}
