import { describe, expect, test } from 'vitest';
import { csvLine, encodeUtf8, encodeWindows1252 } from './csv.js';

describe('csvLine', () => {
  test('quotes only fields holding the delimiter, a quote or a line break', () => {
    expect(csvLine(['3.1.1', 'a;b', 'say "hi"', null, 5], ';')).toBe('3.1.1;"a;b";"say ""hi""";;5');
    expect(csvLine(['a;b'], ',')).toBe('a;b');
  });
});

describe('encodeWindows1252', () => {
  test('Latin-1 letters keep their code, typographic characters use 0x80–0x9F', () => {
    // é = 0xE9 (as Latin-1); € = 0x80, ’ = 0x92, – = 0x96 exist only in cp1252
    expect([...encodeWindows1252('é€’–')]).toEqual([0xe9, 0x80, 0x92, 0x96]);
  });

  test('a character cp1252 cannot hold becomes ?', () => {
    expect(encodeWindows1252('ř').toString('latin1')).toBe('?');
  });
});

test('encodeUtf8 adds a byte-order mark on request', () => {
  expect([...encodeUtf8('a', true)]).toEqual([0xef, 0xbb, 0xbf, 0x61]);
  expect([...encodeUtf8('a', false)]).toEqual([0x61]);
});
