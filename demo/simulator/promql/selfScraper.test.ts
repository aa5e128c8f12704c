import { Gauge, Registry } from 'prom-client';
import { instantQuery } from './engine';
import { SelfScraper } from './selfScraper';

describe('SelfScraper', () => {
  it('records the registry with job, instance and up, stamped with the scrape time', async () => {
    const registry = new Registry();
    const g = new Gauge({ name: 'g', help: 'g', labelNames: ['k'], registers: [registry] });
    let now = 1_000_000;
    let advanced = 0;
    const scraper = new SelfScraper({
      registry,
      advance: () => void advanced++,
      intervalMs: 15_000,
      retentionMs: 3_600_000,
      job: 'demo',
      instance: () => '127.0.0.1:9464',
      now: () => now,
    });
    expect(scraper.store.capacity).toBe(241);
    g.set({ k: 'a' }, 1);
    await scraper.scrapeOnce();
    now += 15_000;
    g.set({ k: 'a' }, 2);
    await scraper.scrapeOnce();
    expect(advanced).toBe(2);
    const data = instantQuery(scraper.store, '{job="demo"}', now);
    expect(data).toEqual({
      resultType: 'vector',
      result: expect.arrayContaining([
        { metric: { __name__: 'g', k: 'a', job: 'demo', instance: '127.0.0.1:9464' }, value: [now / 1000, '2'] },
        { metric: { __name__: 'up', job: 'demo', instance: '127.0.0.1:9464' }, value: [now / 1000, '1'] },
      ]),
    });
    expect(scraper.store.metadata.get('g')).toEqual({ type: 'gauge', help: 'g' });
    // 2 series x 240 scrapes per hour x 9 bytes + 240 timestamps x 8 bytes.
    expect(scraper.bytesPerHour()).toBe(2 * 240 * 9 + 240 * 8);
  });
});
