/**
 * Differential test of the direct xlsx reader (worker/read-sheets-direct.mjs) against the exceljs path it replaces
 * for ordinary workbooks (worker/read-file.mjs, `readPartsWithExceljs`): for every workbook below, the direct
 * reader's sheets are exactly exceljs's (values, Dates, formula objects, rich text, merged cells, row numbers), or
 * it deferred and the exceljs path read the file. It must not defer on the ordinary files, or this proves nothing.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, zipEntries } from '../../../../fixtures/scripts/large-bad-files.mjs';
import { generatePortfolio } from '../../../generator/src/index.js';
import {
  type Excel,
  inflateEntries,
  loadExcel,
  type Part,
  partsByName,
  readParts,
  readPartsWithExceljs,
} from '../../worker/read-file.mjs';
import { workbookBytes } from '../test-utils.js';
import { inspectZip } from './zip-directory.js';

const LIMITS = { maxCells: 2_000_000 };
const FIXTURES = new URL('../../../../fixtures/', import.meta.url).pathname;

let excel: Excel;
beforeAll(() => {
  excel = loadExcel();
});

type Outcome = 'direct' | 'deferred' | 'unreadable';

/**
 * Reads `parts` both ways. When the direct reader did not defer, its sheets must deep-equal exceljs's (and exceljs
 * must not have failed); when it deferred, `readParts` gave exceljs's answer, so there is nothing to compare.
 */
async function compareReaders(parts: Part[], label: string): Promise<Outcome> {
  let reason: string | undefined;
  let direct: unknown;
  let directError: unknown;
  try {
    direct = await readParts(excel, parts, LIMITS, (why) => {
      reason = why;
    });
  } catch (error) {
    directError = error;
  }
  if (reason !== undefined) return 'deferred';
  let viaExceljs: unknown;
  let exceljsError: unknown;
  try {
    viaExceljs = await readPartsWithExceljs(excel, partsByName(parts), LIMITS);
  } catch (error) {
    exceljsError = error;
  }
  // Not deferred: the direct reader answered, so both must have answered the same.
  expect(directError, `${label}: the direct reader threw without deferring`).toBeUndefined();
  expect(exceljsError, `${label}: exceljs fails where the direct reader read`).toBeUndefined();
  expect(direct, label).toStrictEqual(viaExceljs);
  return 'direct';
}

async function compareFile(bytes: Buffer, label: string): Promise<Outcome> {
  const zip = inspectZip(bytes);
  if (!zip.ok) return 'unreadable';
  let parts: Part[];
  try {
    parts = inflateEntries(bytes, zip.summary.entries);
  } catch {
    return 'unreadable';
  }
  return compareReaders(parts, label);
}

async function xlsxFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.xlsx'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** A part list as a workbook's zip holds it. */
function partsOf(files: Record<string, string>): Part[] {
  return Object.entries(files).map(([name, text]) => ({
    name,
    content: Buffer.from(text, 'utf8'),
  }));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Cell styles 1-5: built-in 14 (a date), yyyy-mm-dd;@, [$-409]d-mmm-yy;@, 0.00, "Day "0. */
const STYLES = `${DECLARATION}<styleSheet xmlns="${MAIN}"><numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy-mm-dd;@"/><numFmt numFmtId="165" formatCode="[$-409]d-mmm-yy;@"/><numFmt numFmtId="166" formatCode="0.00"/><numFmt numFmtId="167" formatCode="&quot;Day &quot;0"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

interface HandMade {
  /** Each sheet's XML (a whole worksheet part), in part order sheet1.xml, sheet2.xml... */
  sheets: string[];
  /** Workbook order and states; default: one visible sheet per part, in order. */
  order?: { name: string; part: number; state?: string }[];
  sharedStrings?: string;
  date1904?: boolean;
  /** `<definedName>` elements for workbook.xml. */
  definedNames?: string;
  /** More parts, by name (sheet relationships, printer settings...). */
  extraParts?: Record<string, string>;
  /** Elements of workbook.xml before and after <sheets> (what Excel writes besides them). */
  workbookExtras?: { before: string; after: string };
}

/** A workbook written by hand, part by part, the way Excel and other tools lay it out. */
function handMade({
  sheets,
  order,
  sharedStrings,
  date1904,
  definedNames,
  extraParts,
  workbookExtras = { before: '', after: '' },
}: HandMade): Part[] {
  const listed: { name: string; part: number; state?: string }[] =
    order ?? sheets.map((_, i) => ({ name: `Sheet${i + 1}`, part: i + 1 }));
  const files: Record<string, string> = {
    '[Content_Types].xml': `${DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
    '_rels/.rels': `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${REL}">${date1904 ? '<workbookPr date1904="1"/>' : ''}${workbookExtras.before}<sheets>${listed
      .map(
        (s, i) =>
          `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rIdSheet${s.part}"/>`,
      )
      .join(
        '',
      )}</sheets>${definedNames ? `<definedNames>${definedNames}</definedNames>` : ''}${workbookExtras.after}</workbook>`,
    'xl/_rels/workbook.xml.rels': `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map(
        (_, i) =>
          `<Relationship Id="rIdSheet${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join(
        '',
      )}<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rIdStrings" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/styles.xml': STYLES,
  };
  if (sharedStrings !== undefined) {
    files['xl/sharedStrings.xml'] = `${DECLARATION}<sst xmlns="${MAIN}">${sharedStrings}</sst>`;
  }
  sheets.forEach((xml, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = xml;
  });
  return partsOf({ ...files, ...extraParts });
}

function sheet(sheetData: string, after = ''): string {
  return `${DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1"/><sheetData>${sheetData}</sheetData>${after}</worksheet>`;
}

/**
 * A workbook.xml as Excel 365 writes it (file version, an AlternateContent holding the file's last path, the
 * revision pointer, views, calculation settings, an extLst), with a sheet name whose `&` exceljs decodes twice.
 */
function excelLike(): Part[] {
  return handMade({
    sheets: [
      sheet('<row r="1"><c r="A1"><v>3</v></c><c r="B1" s="1"><v>46000</v></c></row>'),
      sheet('<row r="1"><c r="A1"><v>1</v></c></row>'),
    ],
    order: [
      { name: 'Assessment', part: 1 },
      { name: 'Notes &amp;amp; Lists', part: 2 },
    ],
    workbookExtras: {
      before:
        '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/><workbookPr defaultThemeVersion="202300"/>' +
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\jdoe\\Documents\\" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice></mc:AlternateContent>' +
        '<xr:revisionPtr revIDLastSave="0" documentId="8_{6D1F}" xr6:coauthVersionLast="47" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6"/>' +
        '<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15720" activeTab="0"/></bookViews>',
      after:
        '<calcPr calcId="191029"/><extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>',
    },
  });
}

/** The direct reader's sheets for `parts`, checked against exceljs's; fails if it deferred. */
async function readDirectly(parts: Part[], label: string) {
  expect(await compareReaders(parts, label)).toBe('direct');
  return readParts(excel, parts, LIMITS);
}

describe('the direct xlsx reader against exceljs', () => {
  it('reads every fixture workbook as exceljs does, deferring only the few it leaves to exceljs', async () => {
    const outcomes: Record<string, Outcome> = {};
    for (const file of await xlsxFilesUnder(FIXTURES)) {
      outcomes[file.slice(FIXTURES.length)] = await compareFile(await readFile(file), file);
    }
    const deferred = Object.keys(outcomes).filter((f) => outcomes[f] === 'deferred');
    // Each of these makes exceljs fail or needs its exact error: the row or column beyond Excel's, no workbook part,
    // x: prefixes exceljs cannot read (the direct reader then reads it, after exceljs: see the Open XML SDK test), and
    // an Excel table part (the EPPlus-shaped workbook), which the direct reader leaves to exceljs.
    expect(deferred).toEqual([
      'bad/cell-beyond-last-column.xlsx',
      'bad/cell-beyond-last-row.xlsx',
      'bad/not-a-workbook.xlsx',
      'foreign-writers/SummitRidge_SPRS_BasicAssessment_v3.xlsx',
      'foreign-writers/northwind-tooling-800-171-assessment.xlsx',
    ]);
    const direct = Object.keys(outcomes).filter((f) => outcomes[f] === 'direct');
    expect(direct.length).toBeGreaterThan(90);
    for (const folder of ['assessments/', 'foreign/', 'foreign-writers/', 'portfolios/']) {
      expect(direct.some((f) => f.startsWith(folder))).toBe(true);
    }
  }, 120_000);

  describe('on the generator layouts', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cmmc-direct-reader-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads every generated workbook directly and as exceljs does', async () => {
      await generatePortfolio({
        suppliers: 60,
        seed: 'direct-reader',
        outDir: dir,
        asOf: '2026-11-28',
      });
      const files = await xlsxFilesUnder(dir);
      expect(files.length).toBeGreaterThan(30);
      for (const file of files) {
        expect(await compareFile(await readFile(file), file)).toBe('direct');
      }
    }, 120_000);
  });

  describe('on hand-made tricky workbooks', () => {
    it('reads inline strings, entities and line ends as exceljs does', async () => {
      const [first] = await readDirectly(
        handMade({
          sheets: [
            sheet(
              '<row r="1"><c r="A1" t="inlineStr"><is><t>Met</t></is></c><c r="B1" t="inlineStr"><is><t xml:space="preserve"> a &amp; b &#233; </t></is></c>' +
                '<c r="C1" t="inlineStr"><is><t>line1\r\nline2\rline3</t></is></c><c r="D1" t="str"><v>A &amp;amp; B</v></c></row>',
            ),
          ],
        }),
        'inline strings',
      );
      expect(first?.rows[0]).toEqual(['Met', ' a & b é ', 'line1\nline2\nline3', 'A & B']);
    });

    it('reads shared strings, rich text and _xHHHH_ escapes as exceljs does', async () => {
      const [first] = await readDirectly(
        handMade({
          sharedStrings:
            '<si><t>plain &lt;&gt;&quot;&apos;</t></si><si><t>a_x000D_b&#10;c</t></si>' +
            '<si><r><rPr><b/><sz val="11"/><color rgb="FFFF0000"/><rFont val="Calibri"/></rPr><t>Not </t></r><r><t>Met</t></r></si>',
          sheets: [
            sheet(
              '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c></row>',
            ),
          ],
        }),
        'shared strings',
      );
      expect(first?.rowNumbers).toEqual([2]);
      expect(first?.rows[0]?.[0]).toBe('plain <>"\'');
      expect(first?.rows[0]?.[1]).toBe('a\rb\nc');
      expect(first?.rows[0]?.[2]).toMatchObject({ richText: [{ text: 'Not ' }, { text: 'Met' }] });
    });

    it('reads dates by number format, custom ones included, in both date systems', async () => {
      const cells =
        '<row r="1"><c r="A1" s="1"><v>46000</v></c><c r="B1" s="2"><v>46000</v></c><c r="C1" s="3"><v>46000.5</v></c>' +
        '<c r="D1" s="4"><v>46000</v></c><c r="E1" s="5"><v>46000</v></c><c r="F1"><v>46000</v></c></row>';
      const [in1900] = await readDirectly(handMade({ sheets: [sheet(cells)] }), '1900 dates');
      const [in1904] = await readDirectly(
        handMade({ sheets: [sheet(cells)], date1904: true }),
        '1904 dates',
      );
      const day = 86_400_000;
      const from1900 = new Date(Date.UTC(1899, 11, 30) + 46000 * day);
      const from1904 = new Date(Date.UTC(1904, 0, 1) + 46000 * day);
      expect(in1900?.rows[0]).toEqual([
        from1900,
        from1900,
        new Date(from1900.getTime() + day / 2),
        46000,
        46000,
        46000,
      ]);
      expect(in1904?.rows[0]?.slice(0, 2)).toEqual([from1904, from1904]);
    });

    it('reads formulas, shared formulas and their cached results as exceljs does', async () => {
      const [first] = await readDirectly(
        handMade({
          sheets: [
            sheet(
              '<row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1*2</f><v>4</v></c><c r="B1"><v>2</v></c></row>' +
                '<row r="2"><c r="A2"><f t="shared" si="0"/><v>6</v></c></row>' +
                '<row r="3"><c r="A3"><f t="shared" si="0"/><v>0</v></c></row>' +
                '<row r="4"><c r="A4" t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c r="B4" t="b"><f>TRUE()</f><v>1</v></c>' +
                '<c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D4"><f>NOW()</f></c>' +
                '<c r="E4"><f t="array" ref="E4">SUM(B1:B2)</f><v>3</v></c><c r="F4" s="1"><f>DATE(2026,1,1)</f><v>46023</v></c></row>',
            ),
          ],
        }),
        'formulas',
      );
      expect(first?.rows[0]?.[0]).toEqual({
        formula: 'B1*2',
        result: 4,
        ref: 'A1:A3',
        shareType: 'shared',
      });
      expect(first?.rows[1]?.[0]).toEqual({ result: 6, sharedFormula: 'A1' });
      // exceljs keeps only truthy fields: a cached 0 is no result.
      expect(first?.rows[2]?.[0]).toEqual({ sharedFormula: 'A1' });
      expect(first?.rows[3]).toEqual([
        { formula: '"x"&"y"', result: 'xy' },
        { formula: 'TRUE()', result: true },
        { formula: '1/0', result: { error: '#DIV/0!' } },
        { formula: 'NOW()' },
        { formula: 'SUM(B1:B2)', result: 3, ref: 'E4', shareType: 'array' },
        { formula: 'DATE(2026,1,1)', result: new Date(Date.UTC(2026, 0, 1)) },
      ]);
    });

    it('reads booleans, error cells, empty styled cells and merged cells as exceljs does', async () => {
      const [first] = await readDirectly(
        handMade({
          sheets: [
            sheet(
              '<row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="b"><v>0</v></c><c r="F1" t="e"><v>#N/A</v></c></row>' +
                '<row r="4"><c r="B4" s="4"/><c r="C4" t="inlineStr"><is><t>hidden by the merge</t></is></c></row>' +
                '<row r="7"><c r="A7" s="4"/><c r="B7"/></row>',
              '<mergeCells count="2"><mergeCell ref="A1:C2"/><mergeCell ref="B4:C5"/></mergeCells>',
            ),
          ],
        }),
        'merged cells',
      );
      expect(first?.rowNumbers).toEqual([1, 2, 4, 5]);
      expect(first?.rows[0]).toEqual(['Title', 'Title', 'Title', true, false, { error: '#N/A' }]);
      expect(first?.rows[1]).toEqual(['Title', 'Title', 'Title']);
      expect(first?.rows[2]).toEqual([undefined, undefined, null]);
    });

    it('keeps the workbook order and states of the sheets, not the part order', async () => {
      const sheets = await readDirectly(
        handMade({
          sheets: [
            sheet('<row r="1"><c r="A1"><v>1</v></c></row>'),
            sheet('<row r="1"><c r="A1"><v>2</v></c></row>'),
            sheet('<row r="1"><c r="A1"><v>3</v></c></row>'),
          ],
          order: [
            { name: 'Second', part: 2 },
            { name: 'Lists', part: 3, state: 'hidden' },
            { name: 'First', part: 1, state: 'veryHidden' },
          ],
        }),
        'sheet order',
      );
      expect(sheets.map((s) => [s.name, s.state, s.rows])).toEqual([
        ['Second', 'visible', [[2]]],
        ['Lists', 'hidden', []],
        ['First', 'veryHidden', []],
      ]);
    });

    it('reads cells and shared strings in the common shape (one regular expression) as exceljs does', async () => {
      const sheets = await readDirectly(
        handMade({
          sharedStrings:
            '<si><t>Met</t></si><si><t>Not Met</t></si><si><t xml:space="preserve"> Met </t></si><si><t>x_x0009_y</t></si><si><t></t></si>',
          sheets: [
            sheet(
              '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="0" t="s"><v>1</v></c><c r="C1" s="1"/><c r="D1" s="1"><v>46000</v></c><c r="E1"></c></row>' +
                '<row r="2"><c r="A2" s="4"><v>2.5</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="e"><v>#DIV/0!</v></c><c r="D2" t="str"><v>a > b\nc</v></c><c r="E2" t="n"><v></v></c></row>' +
                '<row r="3"><c r="A3" s="2"><v>45000</v></c><c r="B3" t="s"><v>1</v></c><c r="AB3"><v>-7</v></c></row>' +
                '<row r="4"><c r="A4" t="s"><v>2</v></c><c r="B4" t="s"><v>3</v></c><c r="C4" t="s"><v>4</v></c></row>',
            ),
          ],
        }),
        'plain cells',
      );
      expect(sheets[0]?.rows[1]).toEqual([2.5, false, { error: '#DIV/0!' }, 'a > b\nc']);
      expect(sheets[0]?.rows[3]).toEqual([' Met ', 'x\ty', '']);
    });

    it('reads what Excel writes in workbook.xml and docProps without loading exceljs', async () => {
      const parts = partsOf({
        ...Object.fromEntries(
          excelLike().map((p) => [p.name, p.content.toString('utf8')] as const),
        ),
        'docProps/app.xml': `${DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>Assessment</vt:lpstr></vt:vector></TitlesOfParts><Company>Acme &amp; Sons</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><AppVersion>16.0300</AppVersion></Properties>`,
        'docProps/core.xml': `${DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>J. Doe</dc:creator><cp:lastModifiedBy>J. Doe</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-05T14:02:11Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-03-02T09:40:00Z</dcterms:modified></cp:coreProperties>`,
      });
      const touched = new Set<string | symbol>();
      const watched = new Proxy(excel, {
        get(target, key, receiver) {
          touched.add(key);
          return Reflect.get(target, key, receiver);
        },
      });
      let deferral: string | undefined;
      const sheets = await readParts(watched, parts, LIMITS, (why) => {
        deferral = why;
      });
      expect(deferral).toBeUndefined();
      expect(sheets).toStrictEqual(await readPartsWithExceljs(excel, partsByName(parts), LIMITS));
      expect(sheets.map((s) => s.name)).toEqual(['Assessment', 'Notes & Lists']);
      // Only exceljs's small helpers (dates, formats, entity decoding): no xform, no Workbook.
      expect([...touched].filter((k) => k !== 'utils' && k !== 'defaultFmtCode')).toEqual([]);

      // A part the scanner leaves to exceljs still reads the same, through exceljs's own xform.
      touched.clear();
      const withNames = handMade({
        sheets: [sheet('<row r="1"><c r="A1"><v>1</v></c></row>')],
        definedNames: '<definedName name="Statuses">Sheet1!$A$1:$A$3</definedName>',
      });
      await readDirectly(withNames, 'defined names through exceljs');
      await readParts(watched, withNames, LIMITS);
      expect(touched.has('Workbook')).toBe(true);
    });

    it('reads a workbook whose properties exceljs cannot parse: they change no cell (Apache POI)', async () => {
      const [first] = await readDirectly(
        handMade({
          sheets: [sheet('<row r="1"><c r="A1"><v>1</v></c></row>')],
          extraParts: {
            'docProps/core.xml': `${DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes" xmlns:ct="urn:example:export"><dc:creator>Apache POI</dc:creator><cp:keywords><vt:vector size="2" baseType="lpstr"><vt:lpstr>CMMC</vt:lpstr><vt:lpstr>SPRS</vt:lpstr></vt:vector></cp:keywords><ct:exportProfile>supplier-portal</ct:exportProfile></cp:coreProperties>`,
            'docProps/app.xml': `${DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Apache POI</Application>`,
          },
        }),
        'unparsable docProps',
      );
      expect(first?.rows).toEqual([[1]]);
    });

    it('reads workbooks with defined names and printer settings as exceljs does', async () => {
      const [first] = await readDirectly(
        handMade({
          sheets: [
            sheet(
              '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>',
              '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup orientation="landscape" r:id="rId1"/>',
            ),
          ],
          definedNames:
            '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Sheet1!$A$1:$B$1</definedName>' +
            '<definedName name="_xlnm.Print_Area" localSheetId="0">Sheet1!$A$1:$B$20</definedName>' +
            '<definedName name="_xlnm.Print_Titles" localSheetId="0">Sheet1!$1:$1</definedName>' +
            '<definedName name="Statuses">Sheet1!$A$1:$A$3</definedName>',
          extraParts: {
            'xl/worksheets/_rels/sheet1.xml.rels': `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/printerSettings" Target="../printerSettings/printerSettings1.bin"/></Relationships>`,
            'xl/printerSettings/printerSettings1.bin': 'binary',
          },
        }),
        'defined names',
      );
      expect(first?.rows).toEqual([[1, 2]]);
    });

    it('reads hyperlinks, a byte-order mark, filters, ignored errors and a Mac extLst as exceljs does', async () => {
      const sheetRels = `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/hyperlink" Target="https://example.com/evidence?a=1&amp;b=2" TargetMode="External"/><Relationship Id="rId2" Type="${REL}/printerSettings" Target="../printerSettings/printerSettings1.bin"/></Relationships>`;
      const [first] = await readDirectly(
        handMade({
          sharedStrings: '<si><t>Evidence</t></si>',
          sheets: [
            `\ufeff${sheet(
              '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><f>1+1</f><v>2</v></c><c r="C1" s="4"/><c r="D1"><v>5</v></c></row>',
              '<autoFilter ref="A1:D1"><filterColumn colId="0"><filters><filter val="Met"/></filters></filterColumn></autoFilter>' +
                '<phoneticPr fontId="1" type="noConversion"/><hyperlinks><hyperlink ref="A1" r:id="rId1" tooltip="open"/>' +
                '<hyperlink ref="B1" r:id="rId1"/><hyperlink ref="C1" r:id="rId1"/><hyperlink ref="D1" location="Sheet1!A1"/></hyperlinks>' +
                '<ignoredErrors><ignoredError sqref="D1" numberStoredAsText="1"/></ignoredErrors>' +
                '<extLst><ext uri="{64002731-A6B0-56B0-2670-7721B7C09600}" xmlns:mx="http://schemas.microsoft.com/office/mac/excel/2008/main"><mx:PLV Mode="0" OnePage="0" WScale="0"/></ext></extLst>',
            )}`,
          ],
          extraParts: { 'xl/worksheets/_rels/sheet1.xml.rels': sheetRels },
        }),
        'hyperlinks',
      );
      const link = 'https://example.com/evidence?a=1&b=2';
      // A formula's hyperlink text is its result; an empty styled cell with a link still appears; an internal link
      // (location, no relationship) changes nothing.
      expect(first?.rows[0]).toEqual([
        { text: 'Evidence', hyperlink: link },
        { text: 2, hyperlink: link },
        { text: null, hyperlink: link },
        5,
      ]);
    });

    it('reads a workbook exceljs cannot, with x: prefixes and rows and cells without r (Open XML SDK)', async () => {
      const x = (xml: string) => xml.replaceAll(/<(\/?)(?!x:|\?)/g, '<$1x:');
      const parts = partsOf({
        '_rels/.rels': `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R1" Type="${REL}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
        'xl/workbook.xml': x(
          `<?xml version="1.0" encoding="utf-8"?><workbook xmlns:x="${MAIN}" xmlns:r="${REL}"><workbookPr date1904="1"/><sheets><sheet name="Notes &amp; Lists" sheetId="1" state="hidden" r:id="Ra1"/><sheet name="Assessment" sheetId="2" r:id="Rb2"/></sheets><calcPr fullCalcOnLoad="1"/></workbook>`,
        ),
        'xl/_rels/workbook.xml.rels': `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="Ra1" Type="${REL}/worksheet" Target="/xl/worksheets/notes.xml"/><Relationship Id="Rb2" Type="${REL}/worksheet" Target="/xl/worksheets/assessment.xml"/><Relationship Id="Rc3" Type="${REL}/styles" Target="/xl/styles.xml"/></Relationships>`,
        'xl/styles.xml': x(
          `<?xml version="1.0" encoding="utf-8"?><styleSheet xmlns:x="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14"><alignment wrapText="1"/></xf></cellXfs></styleSheet>`,
        ),
        'xl/worksheets/notes.xml': x(
          `<worksheet xmlns:x="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>lists</t></is></c></row></sheetData></worksheet>`,
        ),
        'xl/worksheets/assessment.xml': x(
          `<?xml version="1.0" encoding="utf-8"?><worksheet xmlns:x="${MAIN}" xmlns:r="${REL}"><sheetData>` +
            '<row r="2"><c r="A2" t="inlineStr"><is><t>Company</t></is></c><c r="B2" t="inlineStr"><is><t>Northwind &amp; Co</t></is></c></row>' +
            '<row><c t="inlineStr"><is><t>Date</t></is></c><c s="1"><v>44000</v></c><c s="2"><v>44001</v></c></row>' +
            '<row r="5"><c t="inlineStr"><is><t>3.1.1</t></is></c><c t="str"><f>IF(1,"MET","")</f><v>MET</v></c><c><v>5</v></c></row>' +
            '<row><c r="A6" t="inlineStr"><is><t >3.1.2</t></is></c><c r="C6" t="b"><v>1</v></c></row>' +
            '</sheetData></worksheet>',
        ),
      });
      await expect(readPartsWithExceljs(excel, partsByName(parts), LIMITS)).rejects.toThrow();
      const reasons: string[] = [];
      const sheets = await readParts(excel, parts, LIMITS, (why) => reasons.push(why));
      expect(reasons).toHaveLength(1); // the strict reader deferred; the prefixed one read it
      const day = 86_400_000;
      const from1904 = (serial: number) => new Date(Date.UTC(1904, 0, 1) + serial * day);
      expect(sheets).toEqual([
        { name: 'Notes & Lists', state: 'hidden', rows: [], rowNumbers: [] },
        {
          name: 'Assessment',
          state: 'visible',
          rowNumbers: [2, 3, 5, 6],
          rows: [
            ['Company', 'Northwind & Co'],
            ['Date', from1904(44000), from1904(44001)],
            ['3.1.1', { formula: 'IF(1,"MET","")', result: 'MET' }, 5],
            ['3.1.2', undefined, true],
          ],
        },
      ]);
    });

    it('defers what it does not read: x: prefixes, cells without r, rich inline strings, comments', async () => {
      const cases = {
        'x: prefix (OpenXML SDK)': `${DECLARATION}<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Met</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
        'cells without r': sheet(
          '<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row>',
        ),
        'rows without r': sheet('<row><c r="A1"><v>1</v></c></row>'),
        'rich inline string': sheet(
          '<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t>M</t></r><r><t>et</t></r></is></c></row>',
        ),
        'a hyperlink without its relationship': sheet(
          '<row r="1"><c r="A1"><v>1</v></c></row>',
          '<hyperlinks><hyperlink ref="A1" r:id="rId9"/></hyperlinks>',
        ),
        'conditional formats in an extLst': sheet(
          '<row r="1"><c r="A1"><v>1</v></c></row>',
          '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings><x14:conditionalFormatting/></x14:conditionalFormattings></ext></extLst>',
        ),
        'a comment in the XML': sheet('<row r="1"><!-- note --><c r="A1"><v>1</v></c></row>'),
        'an unknown entity': sheet('<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>'),
        'overlapping merges': sheet(
          '<row r="1"><c r="A1"><v>1</v></c></row>',
          '<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>',
        ),
        'over 2,000 merged ranges (checked pairwise)': sheet(
          '<row r="1"><c r="A1"><v>1</v></c></row>',
          `<mergeCells>${Array.from({ length: 2001 }, (_, i) => `<mergeCell ref="A${i + 2}:B${i + 2}"/>`).join('')}</mergeCells>`,
        ),
        'a truncated sheet': sheet('<row r="1"><c r="A1"><v>1</v></c></row>').slice(0, -20),
      };
      for (const [label, xml] of Object.entries(cases)) {
        expect(await compareReaders(handMade({ sheets: [xml] }), label), label).toBe('deferred');
      }
      const withComments = handMade({
        sheets: [sheet('<row r="1"><c r="A1"><v>1</v></c></row>')],
        extraParts: {
          'xl/worksheets/_rels/sheet1.xml.rels': `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/comments" Target="../comments1.xml"/></Relationships>`,
        },
      });
      expect(await compareReaders(withComments, 'comment relationship')).toBe('deferred');
    });
  });

  describe('on damaged and hostile workbooks', () => {
    let base: Part[];
    beforeAll(async () => {
      const bytes = await workbookBytes((wb: ExcelJS.Workbook) => {
        const ws = wb.addWorksheet('Assessment');
        ws.getRow(1).values = ['Company', 'Mutant Workbook Inc'];
        ws.getRow(2).values = ['Assessment Date', new Date(Date.UTC(2026, 5, 1))];
        ws.getCell('B2').numFmt = 'yyyy-mm-dd';
        ws.getRow(3).values = ['Requirement', 'Status', 'Points', 'Comments'];
        for (let i = 1; i <= 20; i++) {
          ws.addRow([
            `3.1.${i}`,
            i % 3 === 0 ? 'Not Met' : 'Met',
            { formula: `${i}*1`, result: i },
            'a & b',
          ]);
        }
        ws.mergeCells('D1:F1');
        wb.addWorksheet('Lists', { state: 'hidden' }).addRow(['Met', 'Not Met', true]);
      });
      base = zipEntries(bytes).map((e) => ({ name: e.name, content: e.data }));
    });

    const snippets = fc.constantFrom(
      '',
      '<',
      '>',
      '&',
      '"',
      '/',
      'x:',
      '&amp;',
      '&#10;',
      '&#0;',
      '\r\n',
      '\u0001',
      '\ud800',
      ' t="s"',
      ' t="b"',
      ' t="e"',
      ' t="str"',
      ' t="inlineStr"',
      ' s="1"',
      ' r="A1"',
      '<v>7</v>',
      '<f>1+1</f>',
      '<f t="shared" si="0"/>',
      '_x000D_',
      '<c r="Z9"><v>1</v></c>',
      '</row><row r="99">',
      '<mergeCell ref="A1:B1"/>',
      '<hyperlink ref="B1" r:id="rId2"/>',
      ' r:id="rId2"',
      '<x14:conditionalFormattings/>',
      '<ext/>',
      '\ufeff',
      '<sheets>',
      '</sheets>',
      '<definedNames/>',
      '<workbookPr date1904="1"/>',
      ' date1904="true"',
      '&amp;amp;',
      '<dc:title>x</dc:title>',
      '<cp:keywords><b/></cp:keywords>',
      '<Company>a</Company>',
      '<foo/>',
    );
    const edits = fc.array(
      fc.record({
        at: fc.nat(),
        remove: fc.nat({ max: 12 }),
        insert: fc.oneof(snippets, fc.string({ maxLength: 6 })),
      }),
      { minLength: 1, maxLength: 3 },
    );
    const targets = fc.constantFrom(
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet1.xml',
      'xl/sharedStrings.xml',
      'xl/worksheets/sheet2.xml',
      'xl/workbook.xml',
      'xl/styles.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/_rels/sheet1.xml.rels',
      'xl/workbook.xml',
      'docProps/app.xml',
      'docProps/core.xml',
    );

    /** docProps as exceljs writes them, to mutate: the direct reader reads them only to fail as exceljs fails. */
    const withDocProps = () => [
      ...excelLike(),
      ...base.filter((p) => p.name.startsWith('docProps/')),
    ];

    /** A hand-made workbook with what exceljs writes rarely: inline and rich strings, shared formulas, merges. */
    const tricky = () =>
      handMade({
        sharedStrings:
          '<si><t>Met</t></si><si><r><rPr><b/></rPr><t>Not </t></r><r><t>Met</t></r></si><si><t>a_x000D_b</t></si>',
        sheets: [
          sheet(
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>x &amp; y</t></is></c></row>' +
              '<row r="2"><c r="A2"><f t="shared" ref="A2:A3" si="0">B2+1</f><v>2</v></c><c r="B2" s="2"><v>46000</v></c><c r="C2" t="b"><v>1</v></c></row>' +
              '<row r="3"><c r="A3"><f t="shared" si="0"/><v>3</v></c><c r="B3" t="e"><v>#N/A</v></c><c r="C3" t="str"><f>"a"</f><v>a</v></c></row>',
            '<mergeCells><mergeCell ref="D1:E2"/></mergeCells><hyperlinks><hyperlink ref="A2" r:id="rId2"/><hyperlink ref="D1" r:id="rId2"/></hyperlinks><pageSetup r:id="rId1"/>' +
              '<extLst><ext uri="{64002731-A6B0-56B0-2670-7721B7C09600}" xmlns:mx="http://schemas.microsoft.com/office/mac/excel/2008/main"><mx:PLV Mode="0"/></ext></extLst>',
          ),
        ],
        definedNames:
          '<definedName name="_xlnm.Print_Area" localSheetId="0">Sheet1!$A$1:$C$3</definedName><definedName name="List">Sheet1!$A$1:$A$3</definedName>',
        extraParts: {
          'xl/worksheets/_rels/sheet1.xml.rels': `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/printerSettings" Target="../printerSettings/printerSettings1.bin"/><Relationship Id="rId2" Type="${REL}/hyperlink" Target="https://example.com/a&amp;b" TargetMode="External"/></Relationships>`,
        },
      });

    it('reads mutated XML as exceljs does, or defers', async () => {
      const outcomes: Outcome[] = [];
      await fc.assert(
        fc.asyncProperty(fc.nat(2), targets, edits, async (variant, target, changes) => {
          const parts = [base, tricky(), withDocProps()][variant]?.map((part) => {
            if (part.name !== target) return part;
            let text = part.content.toString('utf8');
            for (const { at, remove, insert } of changes) {
              const i = at % (text.length + 1);
              text = text.slice(0, i) + insert + text.slice(i + remove);
            }
            return { name: part.name, content: Buffer.from(text, 'utf8') };
          });
          outcomes.push(
            await compareReaders(parts ?? [], `${variant} ${target} ${JSON.stringify(changes)}`),
          );
        }),
        { numRuns: 400 },
      );
      // Both kinds happen: some mutants stay readable (and must read the same), others defer.
      expect(outcomes.filter((o) => o === 'direct').length).toBeGreaterThan(20);
      expect(outcomes.filter((o) => o === 'deferred').length).toBeGreaterThan(20);
    }, 300_000);

    it('reads shuffled, flipped and truncated zips as exceljs does, or defers', async () => {
      const bytes = buildZip(base.map((p) => ({ name: p.name, data: p.content })));
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.nat().map((seed) =>
              buildZip(
                base
                  .map((p, i) => ({ p, key: (Math.imul(i + 1, 2654435761) ^ seed) >>> 0 }))
                  .sort((a, b) => a.key - b.key)
                  .map(({ p }) => ({ name: p.name, data: p.content })),
              ),
            ),
            fc
              .array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), {
                minLength: 1,
                maxLength: 20,
              })
              .map((flips) => {
                const out = Buffer.from(bytes);
                for (const { at, xor } of flips) {
                  const i = at % out.length;
                  out[i] = (out[i] ?? 0) ^ xor;
                }
                return out;
              }),
            fc.nat().map((n) => bytes.subarray(0, n % bytes.length)),
          ),
          async (mutant) => {
            await compareFile(mutant, 'zip mutant');
          },
        ),
        { numRuns: 100 },
      );
    }, 300_000);
  });
});
