/** data-testid values of the SLO pages (Jest and Playwright select by these). */
export const sloTestIds = {
  list: {
    table: 'data-testid slo-list-table',
    search: 'data-testid slo-list-search',
    row: (id: string) => `data-testid slo-row ${id}`,
    budget: (id: string) => `data-testid slo-row-budget ${id}`,
    burn: (id: string, window: string) => `data-testid slo-row-burn ${id} ${window}`,
    alert: (id: string) => `data-testid slo-row-alert ${id}`,
    create: 'data-testid slo-list-create',
    evaluationWarning: 'data-testid slo-list-evaluation-warning',
  },
  detail: {
    container: 'data-testid slo-detail',
    budget: 'data-testid slo-detail-budget',
    sli: 'data-testid slo-detail-sli',
    timeLeft: 'data-testid slo-detail-time-left',
    burn: (window: string) => `data-testid slo-detail-burn ${window}`,
    alert: (severity: string, longWindow: string) => `data-testid slo-detail-alert ${severity} ${longWindow}`,
    rules: 'data-testid slo-detail-rules',
    history: 'data-testid slo-detail-history',
    download: 'data-testid slo-detail-download',
    edit: 'data-testid slo-detail-edit',
    remove: 'data-testid slo-detail-delete',
  },
  form: {
    yaml: 'data-testid slo-form-yaml',
    errors: 'data-testid slo-form-errors',
    preview: 'data-testid slo-form-preview',
    previewButton: 'data-testid slo-form-preview-button',
    save: 'data-testid slo-form-save',
  },
};
