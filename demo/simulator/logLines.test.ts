import { errorMessage, formatLogLine, oomMessages } from './logLines';
import { createRng } from '../../src/engine/stats/random';

describe('log lines', () => {
  const rng = createRng(1);

  it('produces the recognisable templates per cause', () => {
    expect(errorMessage('timeout', { route: 'POST /orders', callee: 'payment', timeoutMs: 6000 }, rng)).toBe(
      'upstream request timeout after 6000ms calling payment'
    );
    expect(errorMessage('refused', { route: 'GET /products', callee: 'db', calleePort: 5432 }, rng)).toMatch(
      /^dial tcp 10\.0\.1\.\d+:5432: connect: connection refused \(calling db\)$/
    );
    expect(errorMessage('internal', { route: 'GET /' }, rng)).toBe('internal server error in GET /');
    expect(errorMessage('bad_deploy', { route: 'GET /', version: '9.9.9' }, rng)).toMatch(/9\.9\.9/);
    expect(oomMessages('checkout', 530, 512)[1]).toBe(
      'container checkout OOMKilled (memory 530MiB > limit 512MiB), restarting'
    );
  });

  it('keeps the refused address stable per callee', () => {
    const a = errorMessage('refused', { route: 'x', callee: 'payment', calleePort: 1 }, rng);
    const b = errorMessage('refused', { route: 'y', callee: 'payment', calleePort: 1 }, rng);
    expect(a).toBe(b);
  });

  it('formats JSON with real ts, simulated ts and the fields', () => {
    const line = formatLogLine(
      {
        simMs: Date.parse('2026-01-01T10:00:00Z'),
        level: 'error',
        service: 'api',
        msg: 'boom',
        status: 500,
        trace_id: 'ab',
      },
      Date.parse('2026-01-01T09:00:00Z')
    );
    expect(JSON.parse(line)).toEqual({
      ts: '2026-01-01T09:00:00.000Z',
      sim_ts: '2026-01-01T10:00:00.000Z',
      level: 'error',
      service: 'api',
      msg: 'boom',
      status: 500,
      trace_id: 'ab',
    });
  });
});
