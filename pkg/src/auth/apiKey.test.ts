import { apiKeyMatches, presentedApiKey } from './apiKey';

describe('apiKeyMatches', () => {
  it.each([
    ['same key', 'correct-horse-battery', 'correct-horse-battery', true],
    ['different key of equal length', 'correct-horse-battery', 'correct-horse-batterx', false],
    ['prefix of the key', 'correct-horse-battery', 'correct-horse', false],
    ['key with a suffix', 'correct-horse-battery', 'correct-horse-battery!', false],
    ['empty presented key', 'correct-horse-battery', '', false],
    ['missing presented key', 'correct-horse-battery', undefined, false],
    ['case differs', 'Secret-Key-123', 'secret-key-123', false],
    ['unicode key', 'clé-secrète-✓', 'clé-secrète-✓', true],
  ])('%s', (_name, expected, presented, matches) => {
    expect(apiKeyMatches(expected, presented)).toBe(matches);
  });
});

describe('presentedApiKey', () => {
  it.each([
    ['X-Foresight-Key header', { 'x-foresight-key': 'k1' }, 'k1'],
    ['Bearer authorization', { authorization: 'Bearer k2' }, 'k2'],
    ['bearer in lower case with spaces', { authorization: 'bearer   k3  ' }, 'k3'],
    ['X-Foresight-Key wins over Authorization', { 'x-foresight-key': 'k1', authorization: 'Bearer k2' }, 'k1'],
    ['Basic authorization is not a key', { authorization: 'Basic dXNlcjpwYXNz' }, undefined],
    ['Bearer without a token', { authorization: 'Bearer ' }, undefined],
    ['Bearer with two tokens', { authorization: 'Bearer a b' }, undefined],
    ['repeated key header', { 'x-foresight-key': ['a', 'b'] }, undefined],
    ['no headers', {}, undefined],
  ])('%s', (_name, headers, key) => {
    expect(presentedApiKey(headers)).toBe(key);
  });
});
