import { describe, expect, it } from 'vitest';
import { normalizeRequirementId } from './requirement-ids.js';

describe('normalizeRequirementId', () => {
  it.each([
    ['3.1.1', '3.1.1', null],
    ['AC.L2-3.1.1', '3.1.1', null],
    ['ac.l2-3.1.1', '3.1.1', null],
    ['  AC.L2-3.1.1  ', '3.1.1', null],
    ['IA-L2-3.5.1', '3.5.1', null],
    ['AC.L2- 3.1.19', '3.1.19', null],
    ['AC.L2 – 3.1.19', '3.1.19', null],
    ['AC.3.1.1', '3.1.1', null],
    ['AC.L1-3.1.1', '3.1.1', null],
    ['3.1.1[a]', '3.1.1', 'a'],
    ['AC.L2-3.1.1[B]', '3.1.1', 'b'],
    ['3.4.7[o]', '3.4.7', 'o'],
    ['3.13.11', '3.13.11', null],
    ['SC.L2-3.13.11 CUI Encryption', '3.13.11', null],
    ['AC.L2-3.1.1: Authorized Access Control', '3.1.1', null],
    ['NIST SP 800-171 Rev 2 3.1.1', '3.1.1', null],
    ['3.1.1.', '3.1.1', null],
  ])('reads %j as Level 2 %s', (raw, nistId, objective) => {
    expect(normalizeRequirementId(raw)).toMatchObject({ kind: 'level2', nistId, objective });
  });

  it('reads Level 1 FAR-based ids and their NIST mapping', () => {
    expect(normalizeRequirementId('AC.L1-b.1.i')).toMatchObject({
      kind: 'level1',
      cmmcId: 'AC.L1-b.1.i',
      nistIds: ['3.1.1'],
    });
    expect(normalizeRequirementId('PE.L1-b.1.ix')).toMatchObject({
      kind: 'level1',
      nistIds: ['3.10.3', '3.10.4', '3.10.5'],
    });
    expect(normalizeRequirementId('FAR Clause 52.204-21 b.1.xv')).toMatchObject({
      kind: 'level1',
      cmmcId: 'SI.L1-b.1.xv',
    });
  });

  it('reads Level 3 ids with either case of e', () => {
    expect(normalizeRequirementId('IR.L3-3.6.1e')).toMatchObject({
      kind: 'level3',
      nistId: '3.6.1e',
    });
    expect(normalizeRequirementId('IR.L3-3.6.1E')).toMatchObject({
      kind: 'level3',
      nistId: '3.6.1e',
    });
    expect(normalizeRequirementId('3.14.3e')).toMatchObject({
      kind: 'level3',
      cmmcId: 'SI.L3-3.14.3e',
    });
  });

  it('recognises Rev 3 ids and says so instead of guessing', () => {
    for (const raw of ['03.01.01', 'SP_800_171_03.01.01', '3.01.01']) {
      const result = normalizeRequirementId(raw);
      expect(result.kind, raw).toBe('rev3');
      expect(result).toHaveProperty('message', expect.stringContaining('Rev 3'));
    }
  });

  it('recognises CMMC 1.0 ids and refuses to map them without a table', () => {
    const result = normalizeRequirementId('AC.1.001');
    expect(result.kind).toBe('cmmc1');
    expect(result).toHaveProperty('message', expect.stringContaining('CMMC 1.0'));
  });

  it.each([
    ['3.1.23', '110 NIST'],
    ['IA.L2-3.1.1', 'names family IA'],
    ['3.6.3e', '24 CMMC Level 3'],
    ['AC.L1-b.1.xvi', '15 CMMC Level 1'],
    ['Yes', 'not a requirement id'],
    ['', 'no requirement id'],
  ])('answers %j as unknown (%s)', (raw, text) => {
    const result = normalizeRequirementId(raw);
    expect(result.kind).toBe('unknown');
    expect(result).toHaveProperty('message', expect.stringContaining(text));
  });
});
