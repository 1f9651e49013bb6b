import { describe, expect, it } from 'vitest';
import { PROJECT_NAMESPACE, URL_NAMESPACE, uuidV5 } from './uuid-v5.js';

describe('uuidV5', () => {
  it('matches the well-known RFC 4122 v5 vector (www.example.com in the DNS namespace)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('derives the frozen project namespace from the project URL', () => {
    expect(uuidV5('https://github.com/cmmc-portfolio', URL_NAMESPACE)).toBe(PROJECT_NAMESPACE);
  });

  it('sets version 5 and the RFC 4122 variant, and is stable', () => {
    const id = uuidV5('cage:1ABC2/poam');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV5('cage:1ABC2/poam')).toBe(id);
    expect(uuidV5('cage:1ABC2/poaM')).not.toBe(id);
  });

  it('rejects a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(RangeError);
  });
});
