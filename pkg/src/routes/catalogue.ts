import { catalogueSchema } from '../catalogue/catalogueSchema';
import { findCatalogueProblem } from '../catalogue/dependencyCheck';
import { badRequest } from '../http/errors';
import { parseOrBadRequest } from '../http/validate';
import type { RoutePlugin } from './context';

/** The service catalogue (ownership, tiers, dependencies), read and replaced as a whole by the Config page. */
export const catalogueRoutes: RoutePlugin = async (app, { store }) => {
  app.get('/catalogue', async () => ({ services: await store.catalogue.list() }));

  app.put('/catalogue', async (request) => {
    const catalogue = parseOrBadRequest(catalogueSchema, request.body);
    const problem = findCatalogueProblem(catalogue.services);
    if (problem) {
      throw badRequest(problem.message, problem.field);
    }
    await store.catalogue.replaceAll(catalogue.services);
    request.log.info({ services: catalogue.services.length }, 'catalogue replaced');
    return { services: await store.catalogue.list() };
  });
};
