import { DataTopic } from '@grafana/data';
import { testIncident } from '../components/IncidentShared/testIncident';
import { incidentAnnotationFrame } from './incidentAnnotations';
import { annotationEvents } from './datasource';

const T0 = Date.UTC(2026, 10, 22, 21, 0);
const RANGE_END = T0 + 3_600_000;

describe('incidentAnnotationFrame', () => {
  const resolved = testIncident({ id: 'INC-b', onsetAt: T0 + 60_000, resolvedAt: T0 + 900_000, status: 'resolved' });
  const open = testIncident({ id: 'INC-a', onsetAt: T0 });
  const frame = incidentAnnotationFrame([resolved, open], RANGE_END, 'I');
  const column = (name: string) => frame.fields.find((f) => f.name === name)!.values;

  it('is an annotations frame with one region per incident, in onset order', () => {
    expect(frame.meta?.dataTopic).toBe(DataTopic.Annotations);
    expect(frame.refId).toBe('I');
    expect(column('id')).toEqual(['INC-a', 'INC-b']);
    expect(column('time')).toEqual([T0, T0 + 60_000]);
    expect(column('isRegion')).toEqual([true, true]);
  });

  it('ends a resolved incident at its resolution and an open one at the end of the range', () => {
    expect(column('timeEnd')).toEqual([RANGE_END, T0 + 900_000]);
  });

  it('says what, how bad, where and why in title, text and tags', () => {
    expect(column('title')[0]).toBe('critical incident: HighErrorRate on payments (+2 services)');
    expect(column('text')[0]).toBe(
      'INC-a · open · priority 83 · 3 alerts · services checkout, payments, web · likely cause payments'
    );
    expect(column('tags')[1]).toEqual([
      'incident',
      'severity:critical',
      'status:resolved',
      'service:checkout',
      'service:payments',
      'service:web',
    ]);
    expect(column('color')[0]).toBe('#f2495c');
  });

  it('turns into Grafana annotation events', () => {
    const events = annotationEvents([frame]);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ time: T0 + 60_000, timeEnd: T0 + 900_000, isRegion: true });
  });

  it('gives an empty frame for no incidents', () => {
    expect(incidentAnnotationFrame([], RANGE_END).length).toBe(0);
  });
});
