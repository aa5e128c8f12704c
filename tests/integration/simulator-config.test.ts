// The demo's Prometheus and Alertmanager configuration checked with the real Debian tools (promtool, amtool), the
// alert rules unit-tested with `promtool test rules`, and the webhook authentication proven against a real
// Alertmanager 0.25: it must send `Authorization: Bearer <key>` to the Foresight webhook route.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/freePort';

const ROOT = resolve(__dirname, '..', '..');
const demo = (...parts: string[]): string => join(ROOT, 'demo', ...parts);

function requireTool(name: string, aptPackage: string): void {
  if (spawnSync('which', [name]).status !== 0) {
    throw new Error(`${name} not found: apt-get install ${aptPackage}`);
  }
}

function run(cmd: string, args: string[]): string {
  const res = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  const output = `${res.stdout}${res.stderr}`;
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status}):\n${output}`);
  }
  return output;
}

describe('demo Prometheus configuration', () => {
  beforeAll(() => requireTool('promtool', 'prometheus'));

  it.each([['prometheus.yml'], ['prometheus.docker.yml']])('promtool check config %s', (file) => {
    expect(run('promtool', ['check', 'config', demo('prometheus', file)])).toMatch(
      /SUCCESS: .* is valid prometheus config file syntax/
    );
  });

  it('promtool check rules finds every alert rule', () => {
    expect(run('promtool', ['check', 'rules', demo('prometheus', 'rules', 'demo-alerts.yml')])).toMatch(
      /SUCCESS: 11 rules found/
    );
  });

  it('promtool test rules: the error-ratio, latency, memory and availability alerts fire on synthetic series', () => {
    expect(run('promtool', ['test', 'rules', demo('prometheus', 'rules', 'demo-alerts.test.yml')])).toMatch(/SUCCESS/);
  });

  it('uses ratios of sums and quantiles over rates of _bucket (requirements 6.3)', () => {
    const rules = readFileSync(demo('prometheus', 'rules', 'demo-alerts.yml'), 'utf8');
    expect(rules).toContain(
      'histogram_quantile(0.95,\n            sum by (le, service) (rate(http_request_duration_seconds_bucket'
    );
    expect(rules).toMatch(
      /sum by \(service\) \(rate\(http_requests_total\{job="foresight-demo", status=~"5.."\}\[5m\]\)\)\s*\/\s*sum by \(service\)/
    );
  });
});

describe('demo Alertmanager configuration', () => {
  beforeAll(() => requireTool('amtool', 'prometheus-alertmanager'));

  it.each([['alertmanager.yml'], ['alertmanager.docker.yml']])('amtool check-config %s', (file) => {
    expect(run('amtool', ['check-config', demo('alertmanager', file)])).toMatch(/SUCCESS/);
  });

  it('holds no key, only the placeholder that scripts/start.sh replaces', () => {
    const config = readFileSync(demo('alertmanager', 'alertmanager.yml'), 'utf8');
    expect(config).toContain('url: http://127.0.0.1:8070/api/alerts/alertmanager');
    expect(config).toMatch(/authorization:\s+type: Bearer\s+credentials: __FORESIGHT_API_KEY__/);
  });

  describe('a real Alertmanager 0.25 delivering to the webhook', () => {
    let receiver: Server;
    let alertmanager: ChildProcess | undefined;
    let workDir: string;
    let amLog = '';
    const deliveries: Array<{
      path: string;
      headers: IncomingHttpHeaders;
      body: { alerts: Array<{ labels: Record<string, string> }> };
    }> = [];

    beforeAll(async () => {
      requireTool('prometheus-alertmanager', 'prometheus-alertmanager');
      // A loopback receiver standing at the backend's webhook path: records what Alertmanager sends.
      receiver = createServer((req, res) => {
        let data = '';
        req.on('data', (c) => (data += c));
        req.on('end', () => {
          deliveries.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(data) });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
      workDir = mkdtempSync(join(tmpdir(), 'am-'));
      const rendered = readFileSync(demo('alertmanager', 'alertmanager.yml'), 'utf8')
        .split('__FORESIGHT_API_KEY__')
        .join('test-key-123')
        .replace('url: http://127.0.0.1:8070', `url: ${receiverUrl}`)
        .replace('group_wait: 10s', 'group_wait: 1s');
      writeFileSync(join(workDir, 'alertmanager.yml'), rendered);
      const port = await freePort();
      alertmanager = spawn(
        'prometheus-alertmanager',
        [
          `--config.file=${join(workDir, 'alertmanager.yml')}`,
          `--storage.path=${join(workDir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--cluster.listen-address=',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] }
      );
      alertmanager.stderr?.on('data', (chunk: Buffer) => (amLog += chunk.toString()));
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 100; i++) {
        if (
          await fetch(`${base}/-/ready`).then(
            (r) => r.ok,
            () => false
          )
        ) {
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const posted = await fetch(`${base}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify([
          {
            labels: {
              alertname: 'ServiceLatencyP95High',
              service: 'payment',
              severity: 'warning',
              category: 'latency',
            },
            annotations: { summary: 'test' },
          },
        ]),
      });
      expect(posted.ok).toBe(true);
      for (let i = 0; i < 150 && deliveries.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
    });

    afterAll(async () => {
      alertmanager?.kill('SIGTERM');
      await new Promise((r) => receiver.close(r));
      rmSync(workDir, { recursive: true, force: true });
    });

    it('posts to /api/alerts/alertmanager with Authorization: Bearer <key>', () => {
      if (deliveries.length === 0) {
        throw new Error(`no webhook delivery; Alertmanager log:\n${amLog.slice(-2000)}`);
      }
      expect(deliveries[0].path).toBe('/api/alerts/alertmanager');
      expect(deliveries[0].headers.authorization).toBe('Bearer test-key-123');
      expect(deliveries[0].body.alerts[0].labels).toMatchObject({
        alertname: 'ServiceLatencyP95High',
        service: 'payment',
      });
    });
  });
});
