import { describe, expect, it } from 'vitest';
import { normalizeFinding } from './findings.js';

describe('normalizeFinding', () => {
  it.each([
    ['Implemented', 'MET', null],
    ['Fully Implemented', 'MET', null],
    ['Met', 'MET', null],
    ['MET', 'MET', null],
    ['Y', 'MET', null],
    ['compliant', 'MET', null],
    ['Inherited', 'MET', 'inherited'],
    ['Alternative', 'MET', 'alternative'],
    ['A', 'MET', 'alternative'],
    ['Not Met', 'NOT_MET', null],
    ['NOT MET', 'NOT_MET', null],
    ['not_met', 'NOT_MET', null],
    ['N', 'NOT_MET', null],
    ['non_compliant', 'NOT_MET', null],
    ['Planned to be Implemented', 'NOT_MET', 'planned'],
    ['Partially Implemented', 'NOT_MET', 'partial'],
    ['partially_compliant', 'NOT_MET', 'partial'],
    ['Not Applicable', 'NOT_APPLICABLE', null],
    ['N/A', 'NOT_APPLICABLE', null],
    ['NA', 'NOT_APPLICABLE', null],
    ['not_applicable', 'NOT_APPLICABLE', null],
    ['not_assessed', 'NOT_ASSESSED', null],
    ['', 'NOT_ASSESSED', null],
    // A remark in brackets after a known status (an XlsxWriter-built tracker, fixtures/foreign-writers)
    ['Inherited (landlord/MSP)', 'MET', 'inherited'],
    ['Not Met (ticket 4711)', 'NOT_MET', null],
    ['Implemented  ( see SSP §3.1 )', 'MET', null],
  ])('maps %j to %s', (raw, finding, qualifier) => {
    expect(normalizeFinding(raw)).toEqual({ ok: true, raw, finding, qualifier });
  });

  it.each([
    'Yes?',
    'Mostly',
    '50%',
    'TBD',
    // a remark that is itself a status: either reading could be meant
    'Met (partial)',
    'Implemented (N/A for enclave)',
    'Yes (no)',
    'Not Met (see POA&M 12)',
    '(Met)',
    'Sometimes (landlord)',
  ])('refuses %j and keeps the raw value', (raw) => {
    const result = normalizeFinding(raw);
    expect(result.ok).toBe(false);
    expect(result.raw).toBe(raw);
    expect(result).toHaveProperty('message', expect.stringContaining(`got "${raw}"`));
  });
});
