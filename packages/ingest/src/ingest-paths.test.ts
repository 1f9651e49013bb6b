import { execFileSync } from 'node:child_process';
import { statSync, symlinkSync, utimesSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LEVEL2_REQUIREMENTS } from '@cmmc/catalog';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from './ingest-paths.js';
import { count, withFiles } from './test-utils.js';

const allMet = (overrides: Record<string, string> = {}) =>
  LEVEL2_REQUIREMENTS.map((r) => `${r.nistId},${overrides[r.nistId] ?? 'Met'}`).join('\n');

const assessmentCsv = (company: string, date: string, overrides: Record<string, string> = {}) =>
  `Company,${company}\nAssessment Date,${date}\n\nRequirement,Status\n${allMet(overrides)}\n`;

const poamCsv = (scheduled: string) =>
  `Requirement,Weakness,Remediation Plan,Scheduled Completion,Status\n3.1.9,No banner,Add banner,${scheduled},Open\n`;

describe('ingestPaths', () => {
  it('loads a CSV, fills unmentioned requirements as NOT_ASSESSED and keeps rejected rows with locations', async () => {
    await withFiles(
      {
        'acme.csv':
          'Company:,Acme Inc\nAssessment Date:,2026-03-01\n\nRequirement,Status,Comments\n3.1.1,Met,ok\n3.1.2,Not Met,\n3.1.3,Bogus,\n9.9.9,Met,\n',
      },
      async (store, dir) => {
        const report = await ingestPaths(store, [join(dir, 'acme.csv')]);
        const [file] = report.files;
        expect(file).toMatchObject({ status: 'loaded', organization: 'Acme Inc', rowsLoaded: 2 });
        expect(file?.rejected.map((r) => [r.reason, r.column, r.row])).toEqual([
          ['UNKNOWN_STATUS', 'B', 7],
          ['UNKNOWN_REQUIREMENT', 'A', 8],
        ]);
        expect(file?.rejected[0]?.message).toMatch(/acme\.csv › B7 \(Status\): expected a status/);
        expect(await count(store, 'requirement_results')).toBe(110);
        expect(
          await count(
            store,
            'requirement_results',
            "finding = 'NOT_ASSESSED' and raw_value is null",
          ),
        ).toBe(108);
        const [raw] = await store.all<{ raw_values: string }>(
          'select raw_values from rejected_rows limit 1',
        );
        expect(JSON.parse(raw?.raw_values ?? '{}')).toEqual({
          Requirement: '3.1.3',
          Status: 'Bogus',
        });
      },
    );
  });

  it('replaces a changed file and keeps the first scheduled date of its POA&M items', async () => {
    await withFiles(
      {
        'acme/assessment.csv': assessmentCsv('Acme', '2026-03-01', { '3.1.9': 'Not Met' }),
        'acme/poam.csv': poamCsv('2026-06-30'),
      },
      async (store, dir) => {
        await ingestPaths(store, [dir]);
        await writeFile(join(dir, 'acme/poam.csv'), poamCsv('2026-09-30'));
        const report = await ingestPaths(store, [dir]);
        expect(report.files.map((f) => f.status)).toEqual(['unchanged', 'loaded']);
        const items = await store.all(
          'select scheduled_completion_date, original_scheduled_date, assessment_id from poam_items',
        );
        expect(items).toEqual([
          {
            scheduled_completion_date: '2026-09-30',
            original_scheduled_date: '2026-06-30',
            assessment_id: 1,
          },
        ]);
        expect(await count(store, 'source_files')).toBe(2);
      },
    );
  });

  it('does not read a file untouched since it was loaded; reads one touched, rewritten or replaced', async () => {
    await withFiles(
      { 'acme/assessment.csv': assessmentCsv('Acme', '2026-03-01', { '3.1.9': 'Not Met' }) },
      async (store, dir) => {
        const path = join(dir, 'acme/assessment.csv');
        await ingestPaths(store, [dir]);
        const stampNow = async () =>
          (await store.all<{ file_stamp: string }>('select file_stamp from source_files'))[0]
            ?.file_stamp;
        const first = await stampNow();
        expect(first).toMatch(/^\d+(:\d+){4}$/);
        // A recorded hash that is not the file's: a run that reads the file sees a new file and loads it again.
        await store.run(`update source_files set sha256 = repeat('0', 64)`);
        const untouched = await ingestPaths(store, [dir]);
        expect(untouched.files.map((f) => f.status)).toEqual(['unchanged']);

        // Rewritten with other bytes of the same length, its modification time set back: read, and loaded again.
        const { atime, mtime } = statSync(path);
        await new Promise((resolve) => setTimeout(resolve, 20));
        await writeFile(path, assessmentCsv('Acme', '2026-03-02', { '3.1.9': 'Not Met' }));
        utimesSync(path, atime, mtime);
        const rewritten = await ingestPaths(store, [dir]);
        expect(rewritten.files.map((f) => f.status)).toEqual(['loaded']);
        expect(await count(store, 'assessments', "assessment_date = '2026-03-02'")).toBe(1);

        // The same bytes written again: read, found unchanged, and its new stamp recorded, so the next run skips it.
        const before = await stampNow();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await writeFile(path, assessmentCsv('Acme', '2026-03-02', { '3.1.9': 'Not Met' }));
        const same = await ingestPaths(store, [dir]);
        expect(same.files.map((f) => f.status)).toEqual(['unchanged']);
        const restamped = await stampNow();
        expect(restamped).not.toBe(before);
        await store.run(`update source_files set sha256 = repeat('0', 64)`);
        expect((await ingestPaths(store, [dir])).files.map((f) => f.status)).toEqual(['unchanged']);
      },
    );
  });

  it('attaches POA&M items loaded before their assessment, and joins suppliers by CAGE or folded name', async () => {
    await withFiles(
      {
        'poam.csv': `Supplier,"ACME INC"\nCAGE,1abc2\n\n${poamCsv('2026-06-30')}`,
        'assessment.csv': assessmentCsv('"Acme, Inc."', '2026-03-01'),
        'again.csv': `CAGE Code,1ABC2\n${assessmentCsv('Acme Holdings', '2026-04-01', { '3.1.1': 'N/A' })}`,
      },
      async (store, dir) => {
        await ingestPaths(store, [join(dir, 'poam.csv')]);
        expect(await count(store, 'poam_items', 'assessment_id is null')).toBe(1);
        await ingestPaths(store, [join(dir, 'assessment.csv'), join(dir, 'again.csv')]);
        expect(await store.all('select id, name, cage from organizations')).toEqual([
          { id: 1, name: 'ACME INC', cage: '1ABC2' },
        ]);
        expect(await count(store, 'poam_items', 'assessment_id = 1')).toBe(1);
      },
    );
  });

  it('records a failed file once, writes nothing else for it, and forgets the failure once it loads', async () => {
    await withFiles({ 'broken.csv': 'Requirement,Status\n' }, async (store, dir) => {
      const first = await ingestPaths(store, [dir]);
      expect(first.files[0]).toMatchObject({ status: 'failed', layout: null });
      expect(first.files[0]?.error).toMatch(
        /broken\.csv: the requirement-status table has headers but no rows/,
      );
      await ingestPaths(store, [dir]);
      expect(
        await store.all('select reason_code, row_number, source_file_id from rejected_rows'),
      ).toEqual([{ reason_code: 'NO_ROWS', row_number: null, source_file_id: null }]);
      expect(await count(store, 'organizations')).toBe(0);
      await writeFile(join(dir, 'broken.csv'), assessmentCsv('Fixed Co', '2026-01-05'));
      const fixed = await ingestPaths(store, [dir]);
      expect(fixed.files[0]?.status).toBe('loaded');
      expect(await count(store, 'rejected_rows')).toBe(0);
    });
  });

  it('fails files it cannot use with one clear error and goes on', async () => {
    await withFiles(
      {
        'a-no-date.csv': 'Company,Nodate Co\nRequirement,Status\n3.1.1,Met\n',
        'b-notes.docx': 'not a spreadsheet',
        'c-good.csv': assessmentCsv('Good Co', '2026-02-01'),
        '.hidden.csv': 'x',
        '~$lock.xlsx': 'x',
        'README.md': '# notes',
      },
      async (store, dir) => {
        const events: string[] = [];
        const report = await ingestPaths(store, [dir, join(dir, 'missing.csv')], {
          onProgress: (e) => events.push(`${e.done}/${e.total}`),
        });
        expect(report.files.map((f) => [f.path.split('/').at(-1), f.status])).toEqual([
          ['a-no-date.csv', 'loaded'],
          ['b-notes.docx', 'failed'],
          ['c-good.csv', 'loaded'],
          ['missing.csv', 'failed'],
        ]);
        // A missing date never refuses a file (issue 13): it loads undated, with a warning saying how to add one.
        expect(report.files[0]?.warnings.join('\n')).toContain('--assessment-date');
        expect(report.files[1]?.error).toContain('".docx" files are not read');
        expect(report.files[3]?.error).toContain('no such file');
        expect(events).toEqual(['1/4', '2/4', '3/4', '4/4']);
      },
    );
  });

  it('refuses a pipe, or a link to one, named as a file, without waiting for a writer', async () => {
    await withFiles(
      { 'c-good.csv': assessmentCsv('Good Co', '2026-02-01') },
      async (store, dir) => {
        execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
        symlinkSync(join(dir, 'pipe.csv'), join(dir, 'link-to-pipe.csv'));
        const report = await ingestPaths(store, [
          join(dir, 'pipe.csv'),
          join(dir, 'link-to-pipe.csv'),
          join(dir, 'c-good.csv'),
        ]);
        expect(report.files.map((f) => [f.path.split('/').at(-1), f.status])).toEqual([
          ['pipe.csv', 'failed'],
          ['link-to-pipe.csv', 'failed'],
          ['c-good.csv', 'loaded'],
        ]);
        expect(report.files[0]?.error).toContain('is not a regular file');
        expect(report.files[1]?.error).toContain('is not a regular file');
      },
    );
  });

  it('takes the supplier from suppliers.csv, with level and type', async () => {
    await withFiles(
      {
        'suppliers.csv':
          'name,CAGE,folder,level,assessment type,UEI,assessment date\nBeta Works,2BETA,beta,1,self,,2026-05-01\n',
        'beta/l1.csv': 'Requirement,Status\n3.1.1,Met\n3.1.2,Met\n3.1.3,Met\n',
      },
      async (store, dir) => {
        const report = await ingestPaths(store, [dir]);
        expect(report.files[0]).toMatchObject({ organization: 'Beta Works', rowsLoaded: 2 });
        expect(report.files[0]?.rejected.map((r) => r.reason)).toEqual(['NOT_IN_LEVEL']);
        expect(
          await store.all('select level, assessment_date, assessment_type from assessments'),
        ).toEqual([{ level: 1, assessment_date: '2026-05-01', assessment_type: 'self' }]);
        expect(await count(store, 'requirement_results')).toBe(17);
      },
    );
  });

  it("reads a file's ambiguous dates in the order its other dates prove, and refuses them where it proves nothing", async () => {
    const poam = (dates: string[]) =>
      `Requirement,Weakness,Remediation Plan,Scheduled Completion,Status\n${dates
        .map((d, i) => `3.1.${i + 9},Gap ${i},Fix it,${d},Open`)
        .join('\n')}\n`;
    await withFiles(
      {
        'suppliers.csv':
          'name,folder,assessment date\nUS Co,us,03/04/2026\nUS Co 2,us2,12/15/2026\nEU Co,eu,2026-03-01\nMixed Co,mixed,2026-03-01\n',
        // no date in these two: suppliers.csv gives it
        'us/assessment.csv': `Company,US Co\n\nRequirement,Status\n${allMet()}\n`,
        'us/poam.csv': poam(['03/04/2026', '9/15/2026']),
        'us2/assessment.csv': `Company,US Co 2\n\nRequirement,Status\n${allMet()}\n`,
        'eu/assessment.csv': assessmentCsv('EU Co', '2026-03-01'),
        'eu/poam.csv': poam(['03/04/2026', '15/09/2026']),
        'mixed/assessment.csv': assessmentCsv('Mixed Co', '2026-03-01'),
        'mixed/poam.csv': poam(['03/04/2026', '9/15/2026', '15/09/2026']),
      },
      async (store, dir) => {
        const report = await ingestPaths(store, [dir]);
        const outcome = (path: string) => report.files.find((f) => f.path.endsWith(path));
        expect(outcome('us/poam.csv')?.warnings).toEqual([
          expect.stringMatching(
            /^dates such as 03\/04\/2026 read as month\/day, .* 9\/15\/2026 .*poam\.csv › D3;/,
          ),
        ]);
        expect(outcome('eu/poam.csv')?.warnings).toEqual([
          expect.stringContaining('read as day/month'),
        ]);
        expect(
          outcome('mixed/poam.csv')?.rejected.map((r) => [r.reason, `${r.column}${r.row}`]),
        ).toEqual([['AMBIGUOUS_DATE', 'D2']]);
        expect(
          await store.all(
            `select o.name, p.nist_id, p.scheduled_completion_date as d from poam_items p
             join organizations o on o.id = p.organization_id order by o.name, p.nist_id`,
          ),
        ).toEqual([
          { name: 'EU Co', nist_id: '3.1.10', d: '2026-09-15' },
          { name: 'EU Co', nist_id: '3.1.9', d: '2026-04-03' },
          { name: 'Mixed Co', nist_id: '3.1.10', d: '2026-09-15' },
          { name: 'Mixed Co', nist_id: '3.1.11', d: '2026-09-15' },
          { name: 'US Co', nist_id: '3.1.10', d: '2026-09-15' },
          { name: 'US Co', nist_id: '3.1.9', d: '2026-03-04' },
        ]);
        // suppliers.csv is read the same way: its 12/15/2026 makes 03/04/2026 March 4th
        expect(
          await store.all(
            `select o.name, a.assessment_date from assessments a join organizations o on o.id = a.organization_id
             where o.name like 'US Co%' order by o.name`,
          ),
        ).toEqual([
          { name: 'US Co', assessment_date: '2026-03-04' },
          { name: 'US Co 2', assessment_date: '2026-12-15' },
        ]);
      },
    );
  });

  it('records the annual affirmation date from the file or suppliers.csv, and leaves out one that is not a date', async () => {
    await withFiles(
      {
        'suppliers.csv': 'name,folder,affirmation date\nManifest Co,manifest,2026-04-02\n',
        'manifest/a.csv': assessmentCsv('Manifest Co', '2026-03-01'),
        'own.csv': `Company,Own Co\nAssessment Date,2026-03-01\nSPRS Affirmation Date,2026-05-06\n\nRequirement,Status\n${allMet()}\n`,
        'words.csv': `Company,Words Co\nAssessment Date,2026-03-01\nAnnual Affirmation,Yes\n\nRequirement,Status\n${allMet()}\n`,
      },
      async (store, dir) => {
        const report = await ingestPaths(store, [dir]);
        expect(report.files.map((f) => f.status)).toEqual(['loaded', 'loaded', 'loaded']);
        expect(report.files.find((f) => f.path.endsWith('words.csv'))?.warnings).toEqual([
          expect.stringMatching(
            /words\.csv › B3 \(Affirmation Date\): "Yes" is not a date.*left out$/,
          ),
        ]);
        expect(
          await store.all(
            `select o.name, a.affirmation_date from assessments a
             join organizations o on o.id = a.organization_id order by o.name`,
          ),
        ).toEqual([
          { name: 'Manifest Co', affirmation_date: '2026-04-02' },
          { name: 'Own Co', affirmation_date: '2026-05-06' },
          { name: 'Words Co', affirmation_date: null },
        ]);
      },
    );
  });

  it('when a file cannot be written, replays its batch file by file: that file fails alone, the rest load', async () => {
    await withFiles(
      {
        'a.csv': assessmentCsv('Alpha Co', '2026-01-10'),
        // No date in the file, so the assessmentDate option is used; DuckDB refuses 30 February when appending.
        'b.csv': 'Company,Beta Co\n\nRequirement,Status\n3.1.1,Met\n',
        'c.csv': assessmentCsv('Gamma Co', '2026-01-12'),
      },
      async (store, dir) => {
        const first = await ingestPaths(store, [dir], { assessmentDate: '2026-02-30' });
        expect(first.stopped).toBeUndefined();
        expect(first.files.map((f) => f.status)).toEqual(['loaded', 'failed', 'loaded']);
        expect(first.files[1]?.error).toMatch(
          /^.*b\.csv: the database refused the file's rows, so none of it was loaded \(.*2026-02-30/,
        );
        expect(await store.all('select name from organizations order by id')).toEqual([
          { name: 'Alpha Co' },
          { name: 'Gamma Co' },
        ]);
        expect(await count(store, 'source_files')).toBe(2);
        expect(await count(store, 'assessments')).toBe(2);
        expect(await count(store, 'requirement_results')).toBe(220);
        expect(await count(store, 'rejected_rows', "reason_code = 'LOAD_FAILED'")).toBe(1);
        // The run's state was read again after the rollback: a rerun without the bad date loads the rest.
        const report = await ingestPaths(store, [dir], { assessmentDate: '2026-02-28' });
        expect(report.files.map((f) => f.status)).toEqual(['unchanged', 'loaded', 'unchanged']);
        expect(await count(store, 'rejected_rows')).toBe(0);
        expect(await store.all('select id, name from organizations order by id')).toEqual([
          { id: 1, name: 'Alpha Co' },
          { id: 2, name: 'Gamma Co' },
          { id: 3, name: 'Beta Co' },
        ]);
      },
    );
  });

  it('loads a batch of 200 suppliers', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) {
      files[`supplier-${String(i).padStart(3, '0')}/assessment.csv`] = assessmentCsv(
        `Supplier ${i}`,
        '2026-06-01',
        i % 2 === 0 ? { '3.1.9': 'Not Met' } : {},
      );
    }
    await withFiles(files, async (store, dir) => {
      const report = await ingestPaths(store, [dir]);
      expect(report.files.every((f) => f.status === 'loaded')).toBe(true);
      expect(await count(store, 'organizations')).toBe(200);
      expect(await count(store, 'requirement_results')).toBe(22_000);
      expect(await count(store, 'requirement_results', "finding = 'NOT_MET'")).toBe(100);
    });
  }, 60_000);
});
