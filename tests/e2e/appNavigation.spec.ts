import { testIds } from '../../src/components/testIds';
import { ROUTES } from '../../src/constants';
import { expect, test } from './fixtures';

const pages: Array<[string, ROUTES, string]> = [
  ['Incidents', ROUTES.Incidents, testIds.pages.incidents],
  ['Root cause', ROUTES.Rca, testIds.pages.rca],
  ['SLOs', ROUTES.Slos, testIds.pages.slos],
  ['Executive', ROUTES.Executive, testIds.pages.executive],
  ['Log patterns', ROUTES.LogPatterns, testIds.pages.logPatterns],
];

test.describe('navigating the app in Grafana', () => {
  for (const [name, route, testId] of pages) {
    test(`${name} renders`, async ({ gotoPage, page }) => {
      await gotoPage(`/${route}`);
      await expect(page.getByTestId(testId)).toBeVisible();
    });
  }
});
