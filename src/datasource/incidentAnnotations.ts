import { DataFrame, FieldType } from '@grafana/data';
import type { IncidentView } from '../components/IncidentShared/incidentApi';
import { annotationFrame, SEVERITY_COLORS } from './frames';

/**
 * Incidents of the Foresight backend as dashboard annotations: one REGION per incident from its onset to its
 * resolution (or the end of the range while it is still open), routed to `panelData.annotations` by `meta.dataTopic`.
 */
export function incidentAnnotationFrame(incidents: IncidentView[], rangeTo: number, refId?: string): DataFrame {
  const time: number[] = [];
  const timeEnd: number[] = [];
  const isRegion: boolean[] = [];
  const title: string[] = [];
  const text: string[] = [];
  const tags: string[][] = [];
  const color: string[] = [];
  const id: string[] = [];
  for (const incident of [...incidents].sort((a, b) => a.onsetAt - b.onsetAt || a.id.localeCompare(b.id))) {
    const status = incident.resolvedAt !== undefined ? 'resolved' : incident.status;
    // Still open: the region runs to the end of the range (the incident is ongoing there).
    const end = incident.resolvedAt ?? Math.max(incident.onsetAt, rangeTo);
    time.push(incident.onsetAt);
    timeEnd.push(end);
    isRegion.push(end > incident.onsetAt);
    title.push(`${incident.severity} incident: ${incident.title}`);
    text.push(
      `${incident.id} · ${status} · priority ${incident.priority} · ${incident.alertCount} alert${incident.alertCount === 1 ? '' : 's'}` +
        ` · services ${incident.services.join(', ') || 'none'}` +
        (incident.rootCauseCandidates.length > 0 ? ` · likely cause ${incident.rootCauseCandidates.join(', ')}` : '')
    );
    tags.push([
      'incident',
      `severity:${incident.severity}`,
      `status:${status}`,
      ...incident.services.map((service) => `service:${service}`),
    ]);
    color.push(SEVERITY_COLORS[incident.severity] ?? SEVERITY_COLORS.medium);
    id.push(incident.id);
  }
  return annotationFrame('incidents', refId, { time, timeEnd, isRegion, title, text, tags, color }, [
    { name: 'id', type: FieldType.string, config: {}, values: id },
  ]);
}
