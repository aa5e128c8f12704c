/** The runner reads both NAB layouts: `<dir>/data/<category>/*.csv` (upstream NAB) and the flat `<dir>/<category>/`. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus, parseNabTime } from './corpus';

function writeCorpus(root: string, nested: boolean): void {
  const dataDir = nested ? path.join(root, 'data') : root;
  fs.mkdirSync(path.join(dataDir, 'catA'), { recursive: true });
  fs.mkdirSync(path.join(root, 'labels'), { recursive: true });
  const rows = [
    'timestamp,value',
    '2014-01-01 00:00:00,1',
    '2014-01-01 00:05:00,2',
    '2014-01-01 00:05:00,2',
    '2014-01-01 00:10:00,3',
  ];
  fs.writeFileSync(path.join(dataDir, 'catA', 'f.csv'), rows.join('\n')); // no trailing newline, duplicated row
  fs.writeFileSync(path.join(dataDir, 'catA', 'unlabelled.csv'), rows.join('\n'));
  fs.writeFileSync(
    path.join(root, 'labels', 'combined_windows.json'),
    JSON.stringify({
      'catA/f.csv': [['2014-01-01 00:05:00.000000', '2014-01-01 00:10:00.000000']],
      'catB/absent.csv': [],
    })
  );
}

describe('loadCorpus', () => {
  it.each([true, false])('reads labelled files (nested data/ layout: %s)', (nested) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nab-'));
    try {
      writeCorpus(root, nested);
      const corpus = loadCorpus(root);
      expect(corpus.files.map((f) => f.key)).toEqual(['catA/f.csv']);
      expect(corpus.windowCount).toBe(1);
      expect(corpus.files[0].values).toEqual([1, 2, 2, 3]);
      expect(corpus.files[0].times[1]).toBe(Date.UTC(2014, 0, 1, 0, 5));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('says what is missing', () => {
    expect(() => loadCorpus(path.join(os.tmpdir(), 'no-such-nab-dir'))).toThrow(/combined_windows\.json/);
    expect(() => parseNabTime('yesterday')).toThrow(/not a NAB timestamp: "yesterday"/);
  });
});
