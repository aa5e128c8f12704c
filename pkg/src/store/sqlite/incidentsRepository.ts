import type { Database } from 'better-sqlite3';
import type { CorrelationChange } from '../../../../src/engine/incidents/correlator';
import type { Incident, TimelineEntry } from '../../../../src/engine/incidents/types';
import { maxSeverity, severityRank, type Severity } from '../../../../src/engine/severity';
import {
  IncidentActionError,
  type IncidentAction,
  type IncidentListQuery,
  type IncidentRepository,
  type StoredAlert,
  type StoredIncident,
} from '../incidents';

interface AlertRow {
  key: string;
  fingerprint: string;
  source: string;
  name: string;
  service: string | null;
  severity: string;
  status: string;
  labels: string;
  annotations: string;
  annotations_received_at: number;
  starts_at: number;
  ends_at: number | null;
  first_received_at: number;
  last_received_at: number;
  deliveries: number;
  generator_url: string | null;
  runbook_url: string | null;
  incident_id: string | null;
}

type IncidentState = Pick<
  IncidentRow,
  | 'alert_count'
  | 'firing_count'
  | 'manual_status'
  | 'merged_into'
  | 'absorbed_manually'
  | 'acknowledged_at'
  | 'acknowledged_by'
  | 'feedback'
>;

interface IncidentRow {
  id: string;
  title: string;
  engine_status: 'open' | 'resolved';
  manual_status: 'resolved' | 'reopened' | null;
  status: StoredIncident['status'];
  severity: string;
  priority: number;
  priority_reasons: string;
  services: string;
  root_causes: string;
  fingerprints: string;
  alert_count: number;
  firing_count: number;
  onset_at: number;
  detected_at: number;
  resolved_at: number | null;
  last_event_at: number;
  runbook_urls: string;
  engine_timeline: string;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  manual_resolved_at: number | null;
  feedback: StoredIncident['feedback'] | null;
  merged_into: string | null;
  absorbed_manually: number;
  closed: number;
  updated_at: number;
}

function rowToAlert(row: AlertRow): StoredAlert {
  const alert: StoredAlert = {
    key: row.key,
    fingerprint: row.fingerprint,
    source: row.source as StoredAlert['source'],
    name: row.name,
    severity: row.severity as Severity,
    status: row.status as StoredAlert['status'],
    labels: JSON.parse(row.labels),
    annotations: JSON.parse(row.annotations),
    annotationsReceivedAt: row.annotations_received_at,
    startsAt: row.starts_at,
    firstReceivedAt: row.first_received_at,
    lastReceivedAt: row.last_received_at,
    deliveries: row.deliveries,
  };
  if (row.service !== null) {
    alert.service = row.service;
  }
  if (row.ends_at !== null) {
    alert.endsAt = row.ends_at;
  }
  if (row.generator_url !== null) {
    alert.generatorUrl = row.generator_url;
  }
  if (row.runbook_url !== null) {
    alert.runbookUrl = row.runbook_url;
  }
  if (row.incident_id !== null) {
    alert.incidentId = row.incident_id;
  }
  return alert;
}

function rowToIncident(row: IncidentRow): StoredIncident {
  const incident: StoredIncident = {
    id: row.id,
    title: row.title,
    status: row.status,
    engineStatus: row.engine_status,
    severity: row.severity as Severity,
    priority: row.priority,
    priorityReasons: JSON.parse(row.priority_reasons),
    services: JSON.parse(row.services),
    rootCauseCandidates: JSON.parse(row.root_causes),
    alertFingerprints: JSON.parse(row.fingerprints),
    alertCount: row.alert_count,
    firingCount: row.firing_count,
    onsetAt: row.onset_at,
    detectedAt: row.detected_at,
    lastEventAt: row.last_event_at,
    runbookUrls: JSON.parse(row.runbook_urls),
    timeline: JSON.parse(row.engine_timeline),
    closed: row.closed === 1,
    updatedAt: row.updated_at,
  };
  if (row.acknowledged_at !== null) {
    incident.acknowledgedAt = row.acknowledged_at;
  }
  if (row.acknowledged_by !== null) {
    incident.acknowledgedBy = row.acknowledged_by;
  }
  const resolvedAt =
    row.status === 'resolved'
      ? row.manual_status === 'resolved'
        ? (row.manual_resolved_at ?? undefined)
        : (row.resolved_at ?? undefined)
      : undefined;
  if (resolvedAt !== undefined) {
    incident.resolvedAt = resolvedAt;
  }
  if (row.feedback !== null) {
    incident.feedback = row.feedback;
  }
  if (row.merged_into !== null) {
    incident.mergedInto = row.merged_into;
  }
  return incident;
}

const SORT_COLUMNS: Record<IncidentListQuery['sort'], string> = {
  priority: 'priority',
  onsetAt: 'onset_at',
  lastEventAt: 'last_event_at',
  alertCount: 'alert_count',
  severity: 'severity_rank',
};

/** Longest merge chain followed when redirecting alerts of a merged incident (guards against cycles). */
const MAX_MERGE_DEPTH = 16;

export function sqliteIncidentRepository(db: Database): IncidentRepository {
  const insertPayload = db.prepare(
    `INSERT INTO alert_payloads (source, received_at, body_sha256, body, alert_count)
     VALUES (@source, @receivedAt, @bodySha256, @body, @alertCount)
     ON CONFLICT(body_sha256) DO NOTHING`
  );
  // Folds a notification into its occurrence with the same order-independent rules as the correlator.
  const upsertAlert = db.prepare(`
    INSERT INTO alerts (key, fingerprint, source, name, service, severity, severity_rank, status, labels, annotations,
      annotations_received_at, starts_at, ends_at, first_received_at, last_received_at, deliveries, generator_url,
      runbook_url, first_payload_id)
    VALUES (@key, @fingerprint, @source, @name, @service, @severity, @severityRank, @status, @labels, @annotations,
      @receivedAt, @startsAt, @endsAt, @receivedAt, @receivedAt, 1, @generatorUrl, @runbookUrl, @payloadId)
    ON CONFLICT(key) DO UPDATE SET
      severity = CASE WHEN excluded.severity_rank > severity_rank THEN excluded.severity ELSE severity END,
      severity_rank = max(severity_rank, excluded.severity_rank),
      ends_at = CASE
        WHEN excluded.status <> 'resolved' THEN ends_at
        WHEN status = 'resolved' THEN max(coalesce(ends_at, excluded.ends_at), excluded.ends_at)
        ELSE excluded.ends_at END,
      status = CASE WHEN excluded.status = 'resolved' OR status = 'resolved' THEN 'resolved' ELSE 'firing' END,
      first_received_at = min(first_received_at, excluded.first_received_at),
      last_received_at = max(last_received_at, excluded.last_received_at),
      deliveries = deliveries + 1,
      annotations = CASE WHEN excluded.annotations_received_at >= annotations_received_at
        THEN excluded.annotations ELSE annotations END,
      runbook_url = CASE WHEN excluded.annotations_received_at >= annotations_received_at
        THEN coalesce(excluded.runbook_url, runbook_url) ELSE runbook_url END,
      annotations_received_at = max(annotations_received_at, excluded.annotations_received_at),
      generator_url = coalesce(excluded.generator_url, generator_url)
  `);
  const selectLiveAlerts = db.prepare(`
    SELECT a.* FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE i.closed = 0
    UNION ALL
    SELECT * FROM alerts WHERE incident_id IS NULL AND last_received_at >= ?
  `);
  const selectIncident = db.prepare('SELECT * FROM incidents WHERE id = ?');
  const selectSettled = db.prepare(
    'SELECT 1 AS settled FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE a.key = ? AND i.closed = 1'
  );
  const selectAlertsOf = db.prepare('SELECT * FROM alerts WHERE incident_id = ? ORDER BY starts_at, key');
  const selectEvents = db.prepare(
    'SELECT at, actor, event, detail FROM incident_events WHERE incident_id = ? ORDER BY at, id'
  );
  const insertEvent = db.prepare(
    'INSERT INTO incident_events (incident_id, at, actor, event, detail) VALUES (?, ?, ?, ?, ?)'
  );
  const upsertIncident = db.prepare(`
    INSERT INTO incidents (id, title, engine_status, severity, severity_rank, priority, priority_reasons, services,
      services_text, root_causes, fingerprints, alert_count, firing_count, onset_at, detected_at, resolved_at,
      last_event_at, runbook_urls, engine_timeline, closed, updated_at)
    VALUES (@id, @title, @engineStatus, @severity, @severityRank, @priority, @priorityReasons, @services,
      @servicesText, @rootCauses, @fingerprints, @alertCount, @firingCount, @onsetAt, @detectedAt, @resolvedAt,
      @lastEventAt, @runbookUrls, @timeline, @closed, @at)
    ON CONFLICT(id) DO UPDATE SET
      title = excluded.title, engine_status = excluded.engine_status, severity = excluded.severity,
      severity_rank = excluded.severity_rank, priority = excluded.priority,
      priority_reasons = excluded.priority_reasons, services = excluded.services,
      services_text = excluded.services_text, root_causes = excluded.root_causes,
      fingerprints = excluded.fingerprints, alert_count = excluded.alert_count,
      firing_count = excluded.firing_count, onset_at = excluded.onset_at, detected_at = min(detected_at, excluded.detected_at),
      resolved_at = excluded.resolved_at, last_event_at = excluded.last_event_at,
      runbook_urls = excluded.runbook_urls, engine_timeline = excluded.engine_timeline,
      closed = max(closed, excluded.closed), updated_at = excluded.updated_at
  `);
  const updateIncident = db.prepare(`
    UPDATE incidents SET
      title = @title, engine_status = @engineStatus, severity = @severity, severity_rank = @severityRank,
      priority = @priority, priority_reasons = @priorityReasons, services = @services, services_text = @servicesText,
      root_causes = @rootCauses, fingerprints = coalesce(@fingerprints, fingerprints), alert_count = @alertCount,
      firing_count = @firingCount, onset_at = @onsetAt, detected_at = min(detected_at, @detectedAt),
      resolved_at = @resolvedAt, last_event_at = @lastEventAt, runbook_urls = @runbookUrls,
      engine_timeline = coalesce(@timeline, engine_timeline), closed = max(closed, @closed), updated_at = @at
    WHERE id = @id
  `);
  const setManualStatus = db.prepare(
    'UPDATE incidents SET manual_status = ?, manual_resolved_at = ?, updated_at = ? WHERE id = ?'
  );
  const setAck = db.prepare(
    'UPDATE incidents SET acknowledged_at = ?, acknowledged_by = ?, updated_at = ? WHERE id = ?'
  );
  const setFeedback = db.prepare('UPDATE incidents SET feedback = ?, updated_at = ? WHERE id = ?');
  const setMergedInto = db.prepare('UPDATE incidents SET merged_into = ?, updated_at = ? WHERE id = ?');
  const markAbsorbed = db.prepare('UPDATE incidents SET absorbed_manually = 1, updated_at = ? WHERE id = ?');
  const moveAlerts = db.prepare('UPDATE alerts SET incident_id = ? WHERE incident_id = ?');
  const moveEvents = db.prepare('UPDATE incident_events SET incident_id = ? WHERE incident_id = ?');
  const assignAlert = db.prepare('UPDATE alerts SET incident_id = ? WHERE key = ?');
  const aggregateAlerts = db.prepare(`
    SELECT count(*) AS alerts, sum(status = 'firing') AS firing, min(starts_at) AS onset, max(severity_rank) AS rank,
      json_group_array(DISTINCT service) AS services, json_group_array(DISTINCT fingerprint) AS fingerprints
    FROM alerts WHERE incident_id = ?
  `);
  const setAggregates = db.prepare(`
    UPDATE incidents SET alert_count = @alerts, firing_count = @firing, onset_at = min(onset_at, @onset),
      severity = @severity, severity_rank = @rank, services = @services, services_text = @servicesText,
      fingerprints = @fingerprints, engine_status = CASE WHEN @firing > 0 THEN 'open' ELSE engine_status END
    WHERE id = @id
  `);
  const countAll = db.prepare(
    'SELECT (SELECT count(*) FROM alert_payloads) AS payloads, (SELECT count(*) FROM alerts) AS alerts, (SELECT count(*) FROM incidents) AS incidents'
  );
  const kpiIncidents = db.prepare(
    'SELECT * FROM incidents WHERE merged_into IS NULL AND onset_at >= ? AND onset_at <= ?'
  );
  const kpiAlerts = db.prepare('SELECT count(*) AS n FROM alerts WHERE starts_at >= ? AND starts_at <= ?');

  const getRow = (id: string) => selectIncident.get(id) as IncidentRow | undefined;
  /** The few columns correlation writes need, without the large JSON ones. */
  const selectState = db.prepare(
    'SELECT alert_count, firing_count, manual_status, merged_into, absorbed_manually, acknowledged_at, acknowledged_by, feedback FROM incidents WHERE id = ?'
  );
  const selectMergedInto = db.prepare('SELECT merged_into FROM incidents WHERE id = ?');

  /** Where an incident's alerts live now: itself, or the incident a person merged it into (followed to the end). */
  const mergeRoot = (id: string): string => {
    let current = id;
    for (let depth = 0; depth < MAX_MERGE_DEPTH; depth++) {
      const row = selectMergedInto.get(current) as { merged_into: string | null } | undefined;
      if (!row || row.merged_into === null) {
        return current;
      }
      current = row.merged_into;
    }
    return current;
  };

  /** After a manual merge the engine's numbers for the survivor miss the absorbed alerts: recount from the table. */
  const recomputeAggregates = (id: string, at: number) => {
    const agg = aggregateAlerts.get(id) as {
      alerts: number;
      firing: number | null;
      onset: number | null;
      rank: number | null;
      services: string;
      fingerprints: string;
    };
    if (agg.alerts === 0) {
      return;
    }
    const services = (JSON.parse(agg.services) as Array<string | null>).filter((s): s is string => !!s).sort();
    const rank = agg.rank ?? 0;
    const severity = (['info', 'low', 'medium', 'high', 'critical'] as const)[rank];
    setAggregates.run({
      id,
      alerts: agg.alerts,
      firing: agg.firing ?? 0,
      onset: agg.onset,
      severity,
      rank,
      services: JSON.stringify(services),
      servicesText: `,${services.join(',')},`,
      fingerprints: JSON.stringify((JSON.parse(agg.fingerprints) as string[]).sort()),
    });
    markAbsorbed.run(at, id);
  };

  const ingest = db.transaction(
    (
      input: Parameters<IncidentRepository['ingestAlerts']>[0]
    ): { payloadId: number | null; duplicate: boolean; settledKeys: string[] } => {
      const inserted = insertPayload.run({
        source: input.source,
        receivedAt: input.receivedAt,
        bodySha256: input.bodySha256,
        body: input.body,
        alertCount: input.alerts.length,
      });
      if (inserted.changes === 0) {
        return { payloadId: null, duplicate: true, settledKeys: [] };
      }
      const payloadId = Number(inserted.lastInsertRowid);
      const settledKeys: string[] = [];
      for (const alert of input.alerts) {
        const key = `${alert.fingerprint}@${alert.startsAt}`;
        if (alert.startsAt <= (input.settledCheckBefore ?? Infinity) && selectSettled.get(key)) {
          settledKeys.push(key);
        }
        upsertAlert.run({
          key,
          fingerprint: alert.fingerprint,
          source: alert.source,
          name: alert.name,
          service: alert.service ?? null,
          severity: alert.severity,
          severityRank: severityRank(alert.severity),
          status: alert.status,
          labels: JSON.stringify(alert.labels),
          annotations: JSON.stringify(alert.annotations),
          receivedAt: alert.receivedAt,
          startsAt: alert.startsAt,
          endsAt: alert.status === 'resolved' ? (alert.endsAt ?? alert.receivedAt) : null,
          generatorUrl: alert.generatorUrl ?? null,
          runbookUrl: alert.runbookUrl ?? null,
          payloadId,
        });
      }
      return { payloadId, duplicate: false, settledKeys };
    }
  );

  const apply = db.transaction(
    (changes: readonly CorrelationChange[], assignments: ReadonlyArray<[string, string]>, at: number) => {
      const touchedRoots = new Set<string>();
      // One batch can report the same incident several times (opened, then resolved and closed): write it once,
      // with its last state and every lifecycle kind it went through.
      const latest = new Map<
        string,
        { incident: Incident; kinds: Set<CorrelationChange['kind']>; absorbed: string[] }
      >();
      for (const change of changes) {
        const entry = latest.get(change.incident.id) ?? { incident: change.incident, kinds: new Set(), absorbed: [] };
        entry.incident = change.incident;
        entry.kinds.add(change.kind);
        if (change.kind === 'merged') {
          entry.absorbed.push(change.from);
        }
        latest.set(change.incident.id, entry);
      }
      for (const { incident, kinds, absorbed } of latest.values()) {
        const before = selectState.get(incident.id) as IncidentState | undefined;
        for (const fromId of absorbed) {
          // The engine joined `from` into this incident: keep the people's history and state with the survivor.
          const from = selectState.get(fromId) as IncidentState | undefined;
          if (from && from.merged_into === null) {
            setMergedInto.run(incident.id, at, fromId);
            moveEvents.run(incident.id, fromId);
          }
        }
        // The timeline and member list only change when members join or the lifecycle moves; most updates are
        // firing counts and priority, so the large JSON columns are rewritten only when they changed.
        const membersChanged =
          before === undefined ||
          before.alert_count !== incident.alertCount ||
          kinds.has('opened') ||
          kinds.has('resolved') ||
          kinds.has('reopened') ||
          kinds.has('merged');
        (before === undefined ? upsertIncident : updateIncident).run({
          id: incident.id,
          title: incident.title,
          engineStatus: incident.status === 'resolved' ? 'resolved' : 'open',
          severity: incident.severity,
          severityRank: severityRank(incident.severity),
          priority: incident.priority,
          priorityReasons: JSON.stringify(incident.priorityReasons),
          services: JSON.stringify(incident.services),
          servicesText: `,${incident.services.join(',')},`,
          rootCauses: JSON.stringify(incident.rootCauseCandidates),
          fingerprints: membersChanged ? JSON.stringify(incident.alertFingerprints) : null,
          alertCount: incident.alertCount,
          firingCount: incident.firingCount,
          onsetAt: incident.onsetAt,
          detectedAt: incident.detectedAt,
          resolvedAt: incident.resolvedAt ?? null,
          lastEventAt: incident.lastEventAt,
          runbookUrls: JSON.stringify(incident.runbookUrls),
          timeline: membersChanged ? JSON.stringify(incident.timeline) : null,
          closed: kinds.has('closed') ? 1 : 0,
          at,
        });
        for (const fromId of absorbed) {
          const from = selectState.get(fromId) as IncidentState | undefined;
          const survivor = selectState.get(incident.id) as IncidentState;
          if (from && survivor.acknowledged_at === null && from.acknowledged_at !== null) {
            setAck.run(from.acknowledged_at, from.acknowledged_by, at, incident.id);
          }
          if (from && survivor.feedback === null && from.feedback !== null) {
            setFeedback.run(from.feedback, at, incident.id);
          }
        }
        // New alerts after a manual resolve reopen the incident; the engine resolving ends a manual reopen.
        const grew =
          before !== undefined &&
          (incident.alertCount > before.alert_count || incident.firingCount > before.firing_count);
        if (before?.manual_status === 'resolved' && (kinds.has('reopened') || grew)) {
          setManualStatus.run(null, null, at, incident.id);
          insertEvent.run(incident.id, at, 'foresight', 'reopened', 'a new alert joined after it was resolved by hand');
        } else if (before?.manual_status === 'reopened' && kinds.has('resolved')) {
          setManualStatus.run(null, null, at, incident.id);
        }
        if (before && (before.merged_into !== null || before.absorbed_manually === 1)) {
          touchedRoots.add(mergeRoot(incident.id));
        }
      }
      const roots = new Map<string, string>();
      for (const [key, incidentId] of assignments) {
        let root = roots.get(incidentId);
        if (root === undefined) {
          root = mergeRoot(incidentId);
          roots.set(incidentId, root);
        }
        assignAlert.run(root, key);
        if (root !== incidentId) {
          touchedRoots.add(root);
        }
      }
      for (const root of touchedRoots) {
        recomputeAggregates(root, at);
      }
    }
  );

  const actTransaction = db.transaction(
    (id: string, action: IncidentAction, actor: string, at: number): StoredIncident => {
      const row = getRow(id);
      if (!row) {
        throw new IncidentActionError(404, `incident ${id} does not exist`);
      }
      if (row.merged_into !== null && action.kind !== 'note') {
        throw new IncidentActionError(409, `incident ${id} was merged into ${row.merged_into}; act on that one`);
      }
      switch (action.kind) {
        case 'acknowledge':
          if (row.status === 'resolved') {
            throw new IncidentActionError(409, `incident ${id} is resolved; reopen it before acknowledging`);
          }
          if (row.acknowledged_at === null) {
            setAck.run(at, actor, at, id);
            insertEvent.run(id, at, actor, 'acknowledged', null);
          }
          break;
        case 'resolve':
          if (row.status === 'resolved') {
            throw new IncidentActionError(409, `incident ${id} is already resolved`);
          }
          setManualStatus.run('resolved', at, at, id);
          insertEvent.run(
            id,
            at,
            actor,
            'resolved',
            row.firing_count > 0
              ? `resolved by hand with ${row.firing_count} alert(s) still firing`
              : 'resolved by hand'
          );
          break;
        case 'reopen':
          if (row.status !== 'resolved') {
            throw new IncidentActionError(409, `incident ${id} is not resolved (status ${row.status})`);
          }
          setManualStatus.run('reopened', null, at, id);
          insertEvent.run(id, at, actor, 'reopened', 'reopened by hand');
          break;
        case 'note':
          insertEvent.run(id, at, actor, 'note', action.text);
          break;
        case 'feedback':
          setFeedback.run(action.label, at, id);
          insertEvent.run(id, at, actor, 'feedback', `labelled ${action.label}`);
          break;
        case 'merge': {
          if (action.into === id) {
            throw new IncidentActionError(409, 'an incident cannot be merged into itself', 'into');
          }
          const target = getRow(action.into);
          if (!target) {
            throw new IncidentActionError(404, `incident ${action.into} (into) does not exist`, 'into');
          }
          if (target.merged_into !== null) {
            throw new IncidentActionError(
              409,
              `incident ${action.into} was itself merged into ${target.merged_into}`,
              'into'
            );
          }
          setMergedInto.run(action.into, at, id);
          moveAlerts.run(action.into, id);
          insertEvent.run(id, at, actor, 'merged', `merged into ${action.into}`);
          insertEvent.run(action.into, at, actor, 'merged', `absorbed ${id} (${row.alert_count} alerts: ${row.title})`);
          recomputeAggregates(action.into, at);
          const survivor = getRow(action.into)!;
          const severity = maxSeverity(survivor.severity as Severity, row.severity as Severity);
          if (severity !== survivor.severity) {
            db.prepare('UPDATE incidents SET severity = ?, severity_rank = ? WHERE id = ?').run(
              severity,
              severityRank(severity),
              action.into
            );
          }
          return rowToIncident(getRow(action.into)!);
        }
      }
      return rowToIncident(getRow(id)!);
    }
  );

  return {
    async ingestAlerts(input) {
      const result = ingest(input);
      return { ...result, alerts: input.alerts.length };
    },
    async liveAlerts(unassignedSince) {
      return (selectLiveAlerts.all(unassignedSince) as AlertRow[]).map(rowToAlert);
    },
    async applyCorrelation(changes, assignments, at) {
      if (changes.length > 0 || assignments.length > 0) {
        apply(changes, assignments, at);
      }
    },
    async list(query) {
      const where: string[] = ['merged_into IS NULL'];
      const params: Array<string | number> = [];
      if (query.status && query.status.length > 0) {
        where.push(`status IN (${query.status.map(() => '?').join(',')})`);
        params.push(...query.status);
      }
      if (query.severity && query.severity.length > 0) {
        where.push(`severity IN (${query.severity.map(() => '?').join(',')})`);
        params.push(...query.severity);
      }
      if (query.service) {
        // services_text is ",a,b,": an exact service match without JSON functions; LIKE wildcards are escaped.
        where.push(`services_text LIKE ? ESCAPE '\\'`);
        params.push(`%,${query.service.replace(/[\\%_]/g, (c) => `\\${c}`)},%`);
      }
      if (query.to !== undefined) {
        where.push('onset_at <= ?');
        params.push(query.to);
      }
      if (query.from !== undefined) {
        where.push(`(status <> 'resolved' OR coalesce(resolved_at, manual_resolved_at, last_event_at) >= ?)`);
        params.push(query.from);
      }
      const clause = where.join(' AND ');
      const total = (db.prepare(`SELECT count(*) AS n FROM incidents WHERE ${clause}`).get(...params) as { n: number })
        .n;
      const order = query.order === 'asc' ? 'ASC' : 'DESC';
      const rows = db
        .prepare(
          `SELECT * FROM incidents WHERE ${clause} ORDER BY ${SORT_COLUMNS[query.sort]} ${order}, onset_at DESC, id LIMIT ? OFFSET ?`
        )
        .all(...params, query.limit, query.offset) as IncidentRow[];
      return { items: rows.map(rowToIncident), total };
    },
    async get(id) {
      const row = getRow(id);
      return row ? rowToIncident(row) : undefined;
    },
    async alertsOf(id) {
      return (selectAlertsOf.all(id) as AlertRow[]).map(rowToAlert);
    },
    async events(id) {
      return (selectEvents.all(id) as Array<{ at: number; actor: string; event: string; detail: string | null }>).map(
        (row): TimelineEntry =>
          row.detail === null ? { at: row.at, actor: row.actor, event: row.event } : { ...row, detail: row.detail }
      );
    },
    async act(id, action, actor, at) {
      return actTransaction(id, action, actor, at);
    },
    async kpiInput(from, to) {
      const incidents = (kpiIncidents.all(from, to) as IncidentRow[]).map(rowToIncident);
      const distinctAlerts = (kpiAlerts.get(from, to) as { n: number }).n;
      return { incidents, distinctAlerts };
    },
    async counts() {
      return countAll.get() as { payloads: number; alerts: number; incidents: number };
    },
  };
}
