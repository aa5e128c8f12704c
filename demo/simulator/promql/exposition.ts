// Parses the Prometheus text exposition format (what GET /metrics serves) into samples and metadata, as a
// Prometheus scrape would read it. Timestamps in the text are not used: prom-client never writes them.

export type Labels = Record<string, string>;

export interface ScrapedSample {
  /** All labels including __name__. */
  labels: Labels;
  value: number;
}

export interface MetricMetadata {
  type: string;
  help: string;
}

export interface Exposition {
  samples: ScrapedSample[];
  /** By metric family name (e.g. http_request_duration_seconds for its _bucket/_sum/_count series). */
  metadata: Map<string, MetricMetadata>;
}

const HELP_ESCAPES: Record<string, string> = { '\\': '\\', n: '\n' };
const LABEL_ESCAPES: Record<string, string> = { '\\': '\\', n: '\n', '"': '"' };

function unescape(text: string, escapes: Record<string, string>): string {
  return text.replace(/\\(.)/g, (whole, c: string) => escapes[c] ?? whole);
}

function parseValue(text: string, line: string): number {
  if (text === '+Inf' || text === 'Inf') {
    return Infinity;
  }
  if (text === '-Inf') {
    return -Infinity;
  }
  if (text === 'NaN') {
    return NaN;
  }
  const v = Number(text);
  if (text === '' || Number.isNaN(v)) {
    throw new Error(`exposition: bad sample value ${JSON.stringify(text)} in line ${JSON.stringify(line)}`);
  }
  return v;
}

function parseLabels(body: string, line: string): Labels {
  const labels: Labels = {};
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m) {
      throw new Error(`exposition: bad label set in line ${JSON.stringify(line)}`);
    }
    labels[m[1]] = unescape(m[2], LABEL_ESCAPES);
    pos = re.lastIndex;
  }
  return labels;
}

export function parseExposition(text: string): Exposition {
  const samples: ScrapedSample[] = [];
  const metadata = new Map<string, MetricMetadata>();
  const meta = (name: string): MetricMetadata => {
    let m = metadata.get(name);
    if (!m) {
      m = { type: 'unknown', help: '' };
      metadata.set(name, m);
    }
    return m;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (m && m[1] === 'HELP') {
        meta(m[2]).help = unescape(m[3] ?? '', HELP_ESCAPES);
      } else if (m) {
        meta(m[2]).type = (m[3] ?? 'unknown').trim();
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/.exec(line);
    if (!m) {
      throw new Error(`exposition: cannot parse line ${JSON.stringify(line)}`);
    }
    const labels = parseLabels(m[2] ?? '', line);
    labels.__name__ = m[1];
    samples.push({ labels, value: parseValue(m[3], line) });
  }
  return { samples, metadata };
}
