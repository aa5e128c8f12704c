import { DEFAULT_SHOP, routeKey, routesCallersFirst, serviceEdges, type ShopTopology } from './topology';

describe('the demo shop topology', () => {
  it('has the documented service edges', () => {
    const edges = serviceEdges(DEFAULT_SHOP).map((e) => `${e.client}->${e.server}`);
    expect(edges.sort()).toEqual(
      [
        'api->cache',
        'api->catalog',
        'api->checkout',
        'catalog->db',
        'checkout->payment',
        'frontend->api',
        'payment->payment-gateway',
      ].sort()
    );
  });

  it('orders routes callers first', () => {
    const order = routesCallersFirst(DEFAULT_SHOP).map((r) => routeKey(r.service, r.route));
    const position = (k: string): number => order.indexOf(k);
    for (const r of DEFAULT_SHOP.routes) {
      for (const c of r.calls) {
        expect(position(routeKey(r.service, r.route))).toBeLessThan(position(routeKey(c.service, c.route)));
      }
    }
    expect(order).toHaveLength(DEFAULT_SHOP.routes.length);
  });

  it('rejects cycles and unknown callees', () => {
    const cyclic: ShopTopology = {
      ...DEFAULT_SHOP,
      routes: DEFAULT_SHOP.routes.map((r) =>
        r.service === 'db'
          ? {
              ...r,
              calls: [
                {
                  service: 'catalog',
                  route: 'GET /products',
                  callsPerRequest: 1,
                  errorPropagation: 1,
                  timeoutMs: 1000,
                },
              ],
            }
          : r
      ),
    };
    expect(() => routesCallersFirst(cyclic)).toThrow(/call cycle/);
    const dangling: ShopTopology = {
      ...DEFAULT_SHOP,
      routes: DEFAULT_SHOP.routes.map((r) =>
        r.service === 'db'
          ? {
              ...r,
              calls: [{ service: 'nope', route: 'GET /', callsPerRequest: 1, errorPropagation: 1, timeoutMs: 1000 }],
            }
          : r
      ),
    };
    expect(() => routesCallersFirst(dangling)).toThrow(/unknown route "nope GET \/"/);
  });
});
