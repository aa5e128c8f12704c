/** List rows from the API answer: one per SLO and group value, searched and sorted by budget remaining. */
import type { SloAlertState } from '../../engine/slo/types';
import type { SloListItem } from '../SloShared/sloApi';
import { worstAlert } from '../SloShared/format';

export const LIST_WINDOWS = ['5m', '1h', '6h', '1d', '3d'];

export interface SloRow {
  key: string;
  id: string;
  name: string;
  service: string;
  group: string;
  objective: number;
  sliKind: string;
  window: string;
  sli: number | null;
  budgetRemaining: number | null;
  burn: Record<string, number | null>;
  alertLabel: string;
  alertState: SloAlertState;
  searchText: string;
}

export function sloRows(items: SloListItem[]): SloRow[] {
  return items.flatMap((item) => {
    const statuses = item.statuses && item.statuses.length > 0 ? item.statuses : [undefined];
    return statuses.map((status) => {
      const group = status
        ? Object.entries(status.group)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')
        : '';
      const burn: Record<string, number | null> = {};
      for (const w of LIST_WINDOWS) {
        burn[w] = status?.burnRates.find((b) => b.window === w)?.burnRate ?? null;
      }
      const alert = worstAlert(status);
      const spec = item.spec;
      return {
        key: `${spec.id}|${group}`,
        id: spec.id,
        name: spec.name,
        service: spec.service,
        group,
        objective: spec.objective,
        sliKind: spec.sli.kind,
        window: spec.window,
        sli: status?.sli ?? null,
        budgetRemaining: status?.budgetRemaining ?? null,
        burn,
        alertLabel: alert.label,
        alertState: alert.state,
        searchText: [
          spec.id,
          spec.name,
          spec.service,
          group,
          ...Object.entries(spec.labels).map(([k, v]) => `${k}=${v}`),
        ]
          .join(' ')
          .toLowerCase(),
      };
    });
  });
}

/** Every word of the search must appear (name, id, service, group or `label=value`); least budget first, no data last. */
export function filterAndSort(rows: SloRow[], search: string): SloRow[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return rows
    .filter((row) => words.every((w) => row.searchText.includes(w)))
    .sort((a, b) => {
      if (a.budgetRemaining === null || b.budgetRemaining === null) {
        return a.budgetRemaining === null ? (b.budgetRemaining === null ? a.name.localeCompare(b.name) : 1) : -1;
      }
      return a.budgetRemaining - b.budgetRemaining || a.name.localeCompare(b.name);
    });
}
