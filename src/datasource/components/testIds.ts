/** Data-test ids shared by Jest and Playwright tests of the overlay datasource (never CSS selectors). */
export const testIds = {
  queryEditor: {
    container: 'data-testid foresight-overlay-query-editor',
    innerEditor: 'data-testid foresight-overlay-inner-editor',
    detector: 'foresight-overlay-detector',
    sensitivity: 'foresight-overlay-sensitivity',
    mode: 'data-testid foresight-overlay-query-mode',
    incidents: 'data-testid foresight-overlay-incidents',
  },
};
