import { ConfigError, loadConfig } from './load';

const KEY = 'a-long-enough-key';

function filesOf(files: Record<string, string>) {
  return (path: string) => {
    if (!(path in files)) {
      throw new Error(`ENOENT: no such file '${path}'`);
    }
    return files[path];
  };
}

describe('loadConfig', () => {
  it('applies defaults when only the key is set', () => {
    expect(loadConfig({ FORESIGHT_API_KEY: KEY })).toEqual({
      host: '127.0.0.1',
      port: 8070,
      apiKey: KEY,
      allowNoKey: false,
      db: './.data/foresight.db',
      bodyLimitBytes: 1048576,
      logLevel: 'info',
      sloEvaluation: 'recorded',
      shutdownTimeoutMs: 10000,
    });
  });

  it('reads the SLO evaluation mode and rejects unknown ones naming the field', () => {
    expect(loadConfig({ FORESIGHT_API_KEY: KEY, FORESIGHT_SLO_EVALUATION: 'raw' }).sloEvaluation).toBe('raw');
    expect(() => loadConfig({ FORESIGHT_API_KEY: KEY, FORESIGHT_SLO_EVALUATION: 'live' })).toThrow(
      /sloEvaluation \(FORESIGHT_SLO_EVALUATION\)/
    );
  });

  it('reads a YAML file and lets the environment override it', () => {
    const read = filesOf({ '/etc/f.yaml': 'host: 0.0.0.0\nport: 9000\napiKey: file-key-123\nlogLevel: debug\n' });
    const config = loadConfig({ FORESIGHT_CONFIG: '/etc/f.yaml', FORESIGHT_PORT: '9100' }, read);
    expect(config).toMatchObject({ host: '0.0.0.0', port: 9100, apiKey: 'file-key-123', logLevel: 'debug' });
  });

  it('reads a JSON file', () => {
    const read = filesOf({ '/etc/f.json': '{"apiKey":"json-key-123","bodyLimitBytes":2048}' });
    expect(loadConfig({ FORESIGHT_CONFIG: '/etc/f.json' }, read)).toMatchObject({ bodyLimitBytes: 2048 });
    expect(
      loadConfig({ FORESIGHT_API_KEY: KEY, FORESIGHT_PROMETHEUS_URL: 'http://prometheus:9090' }).prometheusUrl
    ).toBe('http://prometheus:9090');
  });

  it('runs without a key only when explicitly allowed', () => {
    const open = loadConfig({ FORESIGHT_ALLOW_NO_KEY: '1' });
    expect(open.allowNoKey).toBe(true);
    expect(open.apiKey).toBeUndefined();
    expect(() => loadConfig({})).toThrow(/apiKey \(FORESIGHT_API_KEY\): is required/);
  });

  it.each([
    [
      { FORESIGHT_API_KEY: KEY, FORESIGHT_PORT: 'eighty' },
      /port \(FORESIGHT_PORT\): must be a port number 0–65535 \(got "eighty"\)/,
    ],
    [{ FORESIGHT_API_KEY: KEY, FORESIGHT_PORT: '70000' }, /port \(FORESIGHT_PORT\)/],
    [{ FORESIGHT_API_KEY: KEY, FORESIGHT_PORT: '80.5' }, /port \(FORESIGHT_PORT\): must be an integer/],
    [{ FORESIGHT_API_KEY: 'short' }, /apiKey \(FORESIGHT_API_KEY\): must be at least 8 characters/],
    [{ FORESIGHT_API_KEY: KEY, FORESIGHT_LOG_LEVEL: 'loud' }, /logLevel \(FORESIGHT_LOG_LEVEL\)/],
    [
      { FORESIGHT_API_KEY: KEY, FORESIGHT_BODY_LIMIT: '10' },
      /bodyLimitBytes \(FORESIGHT_BODY_LIMIT\): must be at least 1024/,
    ],
    [
      { FORESIGHT_API_KEY: KEY, FORESIGHT_PROMETHEUS_URL: 'prometheus:9090' },
      /prometheusUrl \(FORESIGHT_PROMETHEUS_URL\): must be an/,
    ],
    [{ FORESIGHT_ALLOW_NO_KEY: 'maybe' }, /FORESIGHT_ALLOW_NO_KEY: expected 1\/0\/true\/false, got "maybe"/],
  ])('rejects %j naming the field', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never puts the key value in an error message', () => {
    let message = '';
    try {
      loadConfig({ FORESIGHT_API_KEY: 'sekrit', FORESIGHT_PORT: 'x' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/port/);
    expect(() => loadConfig({ FORESIGHT_API_KEY: 'sekrit' })).not.toThrow(/sekrit/);
    expect(message).not.toContain('sekrit');
  });

  it('names unknown settings in the file, a missing file and a non-mapping file', () => {
    const read = filesOf({ '/a.yaml': 'apiKey: file-key-123\nprot: 80\n', '/b.yaml': '- 1\n- 2\n', '/c.yaml': 'a: [' });
    expect(() => loadConfig({ FORESIGHT_CONFIG: '/a.yaml' }, read)).toThrow(/unknown setting\(s\) "prot"/);
    expect(() => loadConfig({ FORESIGHT_CONFIG: '/b.yaml' }, read)).toThrow(
      /must contain a mapping of settings, got a list/
    );
    expect(() => loadConfig({ FORESIGHT_CONFIG: '/c.yaml' }, read)).toThrow(
      /FORESIGHT_CONFIG: \/c.yaml is not valid JSON\/YAML/
    );
    expect(() => loadConfig({ FORESIGHT_CONFIG: '/missing.yaml' }, read)).toThrow(
      /FORESIGHT_CONFIG: cannot read \/missing.yaml/
    );
  });

  it('reads the key from FORESIGHT_API_KEY_FILE (a compose secret), trimmed; the env var wins', () => {
    const read = filesOf({ '/run/secrets/key': 'secret-from-file-1\n' });
    expect(loadConfig({ FORESIGHT_API_KEY_FILE: '/run/secrets/key' }, read).apiKey).toBe('secret-from-file-1');
    expect(
      loadConfig({ FORESIGHT_API_KEY_FILE: '/run/secrets/key', FORESIGHT_API_KEY: 'env-key-wins' }, read).apiKey
    ).toBe('env-key-wins');
    expect(() => loadConfig({ FORESIGHT_API_KEY_FILE: '/nope' }, read)).toThrow(
      /FORESIGHT_API_KEY_FILE: cannot read \/nope/
    );
  });
});
