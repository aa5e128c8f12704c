/** Reading a NAB corpus from disk: either `<dir>/data/<category>/*.csv` or the flat `<dir>/<category>/*.csv`. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface NabFile {
  /** "<category>/<file>.csv", the key used by the label files. */
  key: string;
  path: string;
  timestamps: string[];
  /** Epoch milliseconds (UTC) of each row. */
  times: number[];
  values: number[];
  windows: Array<[string, string]>;
}

export interface NabCorpus {
  root: string;
  files: NabFile[];
  windowCount: number;
}

/** Parses "YYYY-MM-DD HH:MM:SS[.ffffff]" as UTC milliseconds. */
export function parseNabTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(text.trim());
  if (!m) {
    throw new RangeError(`not a NAB timestamp: ${JSON.stringify(text)}`);
  }
  const frac = m[7] ? Math.round(parseFloat(m[7]) * 1000) : 0;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + frac;
}

/** CSV with a header; returns header names and rows of cells (NAB files have no quoting). */
export function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

export function dataRoot(dir: string): string {
  const nested = path.join(dir, 'data');
  return fs.existsSync(nested) && fs.statSync(nested).isDirectory() ? nested : dir;
}

export function loadCorpus(dir: string): NabCorpus {
  const labelsFile = path.join(dir, 'labels', 'combined_windows.json');
  if (!fs.existsSync(labelsFile)) {
    throw new Error(`no labels/combined_windows.json under ${dir}`);
  }
  const labels = JSON.parse(fs.readFileSync(labelsFile, 'utf8')) as Record<string, Array<[string, string]>>;
  const root = dataRoot(dir);
  const files: NabFile[] = [];
  let windowCount = 0;
  const categories = fs
    .readdirSync(root)
    .filter((c) => !['labels', 'published', 'results'].includes(c) && fs.statSync(path.join(root, c)).isDirectory())
    .sort();
  for (const category of categories) {
    for (const name of fs
      .readdirSync(path.join(root, category))
      .filter((f) => f.endsWith('.csv'))
      .sort()) {
      const key = `${category}/${name}`;
      const windows = labels[key];
      if (windows === undefined) {
        continue;
      }
      const file = path.join(root, category, name);
      const { header, rows } = readCsv(file);
      const ti = header.indexOf('timestamp');
      const vi = header.indexOf('value');
      if (ti < 0 || vi < 0) {
        throw new Error(`${file}: header must contain timestamp and value, got ${header.join(',')}`);
      }
      const timestamps = rows.map((r) => r[ti]);
      files.push({
        key,
        path: file,
        timestamps,
        times: timestamps.map(parseNabTime),
        values: rows.map((r) => parseFloat(r[vi])),
        windows,
      });
      windowCount += windows.length;
    }
  }
  if (files.length === 0) {
    throw new Error(`no labelled NAB csv files found under ${root}`);
  }
  return { root, files, windowCount };
}
