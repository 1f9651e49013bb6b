import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { exportPoamOscal, OSCAL_VERSION } from './poam-oscal.js';
import { AS_OF, INJECTION, openPortfolio } from './test-support/portfolio.js';

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
function compile(schema: object) {
  return addFormats(new Ajv({ allErrors: true, strict: false, unicodeRegExp: true })).compile(
    schema,
  );
}
const validate = compile(
  JSON.parse(
    readFileSync(new URL('../schemas/oscal-poam-structure.schema.json', import.meta.url), 'utf8'),
  ),
);
// NIST's own schema, when a maintainer points OSCAL_POAM_SCHEMA at it (see schemas/README.md): no registry this
// project installs from ships it, so it cannot be a dependency, and it is not copied into this repository.
const officialSchemaPath = process.env.OSCAL_POAM_SCHEMA || undefined;

describe('exportPoamOscal', () => {
  it('writes a document that validates against the OSCAL POA&M structure schema and matches the database', async () => {
    const store = await openPortfolio();
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'export-')), 'acme.json');
      const result = await exportPoamOscal(store, {
        organization: 'Acme Defense, Inc.',
        asOf: AS_OF,
        outPath: out,
      });
      expect(result).toEqual({ files: [out], records: 2 });
      const document = JSON.parse(readFileSync(out, 'utf8'));
      expect(validate(document), JSON.stringify(validate.errors, null, 1)).toBe(true);

      const poam = document['plan-of-action-and-milestones'];
      expect(poam.metadata).toMatchObject({
        'last-modified': '2026-06-01T00:00:00Z',
        'oscal-version': OSCAL_VERSION,
      });
      expect(poam['poam-items']).toHaveLength(2);
      const [item, closedItem] = poam['poam-items'];
      expect(item.title).toBe(INJECTION); // JSON is data, not a spreadsheet: no apostrophe here
      expect(item.props).toEqual([
        { name: 'POAM-ID', ns: 'https://fedramp.gov/ns/oscal', value: 'V-1' },
      ]);
      const risk = poam.risks.find(
        (r: { uuid: string }) => r.uuid === item['related-risks'][0]['risk-uuid'],
      );
      expect(risk).toMatchObject({
        status: 'open',
        statement: 'Deploy a DLP gateway',
        deadline: '2026-05-01T00:00:00Z',
      });
      expect(
        risk.remediations[0].tasks.map((t: { description: string; timing: unknown }) => [
          t.description,
          t.timing,
        ]),
      ).toEqual([
        ['Draft the data-flow procedure', { 'on-date': { date: '2026-04-01T00:00:00Z' } }],
        ['Deploy and verify the gateway', { 'on-date': { date: '2026-05-01T00:00:00Z' } }],
      ]);
      const finding = poam.findings.find(
        (f: { uuid: string }) => f.uuid === item['related-findings'][0]['finding-uuid'],
      );
      expect(finding.target).toEqual({
        type: 'statement-id',
        'target-id': 'AC.L2-3.1.3',
        status: { state: 'not-satisfied', reason: 'fail' },
      });
      const observation = poam.observations.find(
        (o: { uuid: string }) => o.uuid === item['related-observations'][0]['observation-uuid'],
      );
      expect(observation.collected).toBe('2026-03-01T00:00:00Z');
      const closedRisk = poam.risks.find(
        (r: { uuid: string }) => r.uuid === closedItem['related-risks'][0]['risk-uuid'],
      );
      expect(closedRisk.status).toBe('closed');
    } finally {
      store.close();
    }
  });

  it('is byte-stable: two exports of the same data are identical, UUIDs included', async () => {
    const store = await openPortfolio();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'export-'));
      await exportPoamOscal(store, {
        organization: '1ABC2',
        asOf: AS_OF,
        outPath: join(dir, 'a.json'),
      });
      await exportPoamOscal(store, {
        organization: '1ABC2',
        asOf: AS_OF,
        outPath: join(dir, 'b.json'),
      });
      expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(
        readFileSync(join(dir, 'b.json'), 'utf8'),
      );
    } finally {
      store.close();
    }
  });

  it('skips suppliers without POA&M items for all, and refuses a single one without items', async () => {
    const store = await openPortfolio();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'export-'));
      await exportPoamOscal(store, { asOf: AS_OF, outPath: dir });
      expect(readdirSync(dir)).toEqual(['acme-defense-inc-1abc2-poam.json']);
      await expect(
        exportPoamOscal(store, {
          organization: '9ZZ99',
          asOf: AS_OF,
          outPath: join(dir, 'beta.json'),
        }),
      ).rejects.toMatchObject({ code: 'NOTHING_TO_EXPORT' });
    } finally {
      store.close();
    }
  });

  it('has a structure schema that refuses what OSCAL refuses', async () => {
    const store = await openPortfolio();
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'export-')), 'acme.json');
      await exportPoamOscal(store, {
        organization: 'Acme Defense, Inc.',
        asOf: AS_OF,
        outPath: out,
      });
      const good = JSON.parse(readFileSync(out, 'utf8'));
      // biome-ignore lint/suspicious/noExplicitAny: the test breaks arbitrary parts of a parsed JSON document
      const broken = (change: (poam: Record<string, any>) => void) => {
        const copy = structuredClone(good);
        change(copy['plan-of-action-and-milestones']);
        return validate(copy);
      };
      expect(validate(good)).toBe(true);
      expect(broken((p) => delete p.risks[0].statement)).toBe(false);
      expect(broken((p) => (p.risks[0].status = 'done'))).toBe(false);
      expect(broken((p) => (p['poam-items'] = []))).toBe(false);
      expect(broken((p) => (p.observations[0].methods = ['GUESS']))).toBe(false);
      expect(broken((p) => (p.uuid = 'not-a-uuid'))).toBe(false);
      expect(broken((p) => (p.metadata['last-modified'] = '2026-06-01'))).toBe(false);
      expect(broken((p) => (p.findings[0].target.status.state = 'met'))).toBe(false);
      expect(broken((p) => (p['poam-items'][0].unexpected = true))).toBe(false);
    } finally {
      store.close();
    }
  });

  it.runIf(officialSchemaPath !== undefined)(
    "validates against NIST's schema (set OSCAL_POAM_SCHEMA to run)",
    async () => {
      const official = compile(JSON.parse(readFileSync(officialSchemaPath ?? '', 'utf8')));
      const store = await openPortfolio();
      try {
        const dir = mkdtempSync(join(tmpdir(), 'export-'));
        await exportPoamOscal(store, { asOf: AS_OF, outPath: dir });
        for (const file of readdirSync(dir)) {
          const document = JSON.parse(readFileSync(join(dir, file), 'utf8'));
          expect(official(document), `${file}: ${JSON.stringify(official.errors, null, 1)}`).toBe(
            true,
          );
        }
      } finally {
        store.close();
      }
    },
  );
});
