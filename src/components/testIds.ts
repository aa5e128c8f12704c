/** data-testid values shared by Jest and Playwright tests: selectors are ids, never CSS. */
export const testIds = {
  appConfig: {
    backendUrl: 'data-testid ac-backend-url',
    apiKey: 'data-testid ac-api-key',
    submit: 'data-testid ac-submit-form',
    testConnection: 'data-testid ac-test-connection',
    connectionResult: 'data-testid ac-connection-result',
  },
  emptyPage: {
    container: 'data-testid empty-page',
    docsLink: 'data-testid empty-page-docs',
  },
  pages: {
    incidents: 'data-testid page-incidents',
    rca: 'data-testid page-rca',
    slos: 'data-testid page-slos',
    executive: 'data-testid page-executive',
    logPatterns: 'data-testid page-log-patterns',
  },
};
