import type { Database } from 'better-sqlite3';
import type { CapabilityMigrations } from '../../migration';

/** Alerts (raw payloads + folded occurrences) and incidents (engine fields + human state + events). */
export const incidentMigrations: CapabilityMigrations<Database> = {
  capability: 'incidents',
  migrations: [
    {
      version: 1,
      name: 'create alert_payloads, alerts, incidents, incident_events',
      up(db) {
        db.exec(`
          CREATE TABLE alert_payloads (
            id           INTEGER PRIMARY KEY,
            source       TEXT    NOT NULL,
            received_at  INTEGER NOT NULL,
            body_sha256  TEXT    NOT NULL UNIQUE,
            body         TEXT    NOT NULL,
            alert_count  INTEGER NOT NULL
          ) STRICT;

          CREATE TABLE alerts (
            key                     TEXT    PRIMARY KEY,
            fingerprint             TEXT    NOT NULL,
            source                  TEXT    NOT NULL,
            name                    TEXT    NOT NULL,
            service                 TEXT,
            severity                TEXT    NOT NULL,
            severity_rank           INTEGER NOT NULL,
            status                  TEXT    NOT NULL CHECK (status IN ('firing', 'resolved')),
            labels                  TEXT    NOT NULL,
            annotations             TEXT    NOT NULL,
            annotations_received_at INTEGER NOT NULL,
            starts_at               INTEGER NOT NULL,
            ends_at                 INTEGER,
            first_received_at       INTEGER NOT NULL,
            last_received_at        INTEGER NOT NULL,
            deliveries              INTEGER NOT NULL,
            generator_url           TEXT,
            runbook_url             TEXT,
            first_payload_id        INTEGER NOT NULL REFERENCES alert_payloads(id),
            incident_id             TEXT
          ) STRICT;
          CREATE INDEX alerts_by_incident ON alerts(incident_id);
          CREATE INDEX alerts_by_start ON alerts(starts_at);
          CREATE INDEX alerts_unassigned ON alerts(last_received_at) WHERE incident_id IS NULL;

          -- status: what the API shows; a person's resolve/reopen overrides the engine, an ack shows while open.
          CREATE TABLE incidents (
            id                 TEXT    PRIMARY KEY,
            title              TEXT    NOT NULL,
            engine_status      TEXT    NOT NULL CHECK (engine_status IN ('open', 'resolved')),
            manual_status      TEXT    CHECK (manual_status IS NULL OR manual_status IN ('resolved', 'reopened')),
            status             TEXT    GENERATED ALWAYS AS (
                                 CASE
                                   WHEN manual_status = 'resolved' THEN 'resolved'
                                   WHEN manual_status IS NULL AND engine_status = 'resolved' THEN 'resolved'
                                   WHEN acknowledged_at IS NOT NULL THEN 'acknowledged'
                                   ELSE 'open'
                                 END) VIRTUAL,
            severity           TEXT    NOT NULL,
            severity_rank      INTEGER NOT NULL,
            priority           INTEGER NOT NULL,
            priority_reasons   TEXT    NOT NULL,
            services           TEXT    NOT NULL,
            services_text      TEXT    NOT NULL,
            root_causes        TEXT    NOT NULL,
            fingerprints       TEXT    NOT NULL,
            alert_count        INTEGER NOT NULL,
            firing_count       INTEGER NOT NULL,
            onset_at           INTEGER NOT NULL,
            detected_at        INTEGER NOT NULL,
            resolved_at        INTEGER,
            last_event_at      INTEGER NOT NULL,
            runbook_urls       TEXT    NOT NULL,
            engine_timeline    TEXT    NOT NULL,
            acknowledged_at    INTEGER,
            acknowledged_by    TEXT,
            manual_resolved_at INTEGER,
            feedback           TEXT    CHECK (feedback IS NULL OR feedback IN ('actionable', 'noise', 'wrong-grouping')),
            merged_into        TEXT,
            absorbed_manually  INTEGER NOT NULL DEFAULT 0,
            closed             INTEGER NOT NULL DEFAULT 0,
            updated_at         INTEGER NOT NULL
          ) STRICT;
          CREATE INDEX incidents_by_onset ON incidents(onset_at);
          CREATE INDEX incidents_open ON incidents(closed) WHERE closed = 0;

          CREATE TABLE incident_events (
            id           INTEGER PRIMARY KEY,
            incident_id  TEXT    NOT NULL,
            at           INTEGER NOT NULL,
            actor        TEXT    NOT NULL,
            event        TEXT    NOT NULL,
            detail       TEXT
          ) STRICT;
          CREATE INDEX incident_events_by_incident ON incident_events(incident_id, at);
        `);
      },
    },
  ],
};
