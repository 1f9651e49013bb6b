import { expect, test } from 'vitest';
import { supplierReportFileName } from './file-names.js';

test('name and CAGE, lowercased, hyphen-separated', () => {
  expect(
    supplierReportFileName({ organizationName: 'Acme Widgets, Inc.', cage: '1ABC2' }, 'pdf'),
  ).toBe('acme-widgets-inc-1abc2.pdf');
});

test('path characters never survive', () => {
  expect(supplierReportFileName({ organizationName: '../../etc/passwd', cage: null }, 'pdf')).toBe(
    'etc-passwd.pdf',
  );
  expect(
    supplierReportFileName({ organizationName: 'C:\\Windows\\..\\evil', cage: '../x' }, 'html'),
  ).toBe('c-windows-evil-x.html');
});

test('letters stay readable: accents fold, ø and ß transliterate, other scripts stay', () => {
  expect(supplierReportFileName({ organizationName: 'Société Générale', cage: null }, 'pdf')).toBe(
    'societe-generale.pdf',
  );
  expect(
    supplierReportFileName({ organizationName: 'Ørsted Mekanik Žilina Straße', cage: null }, 'pdf'),
  ).toBe('orsted-mekanik-zilina-strasse.pdf');
  expect(supplierReportFileName({ organizationName: '株式会社', cage: null }, 'pdf')).toBe(
    '株式会社.pdf',
  );
});

test('a name with nothing usable becomes "supplier"', () => {
  expect(supplierReportFileName({ organizationName: '../..', cage: null }, 'pdf')).toBe(
    'supplier.pdf',
  );
});

test('length is bounded: 80 characters of name, 255 bytes in all', () => {
  const name = supplierReportFileName({ organizationName: 'x'.repeat(500), cage: '1ABC2' }, 'pdf');
  expect(name).toBe(`${'x'.repeat(80)}-1abc2.pdf`);
  const wide = supplierReportFileName({ organizationName: '精'.repeat(500), cage: '1ABC2' }, 'pdf');
  expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(255);
  expect(wide.endsWith('-1abc2.pdf')).toBe(true);
});

test('unique within a batch, case-insensitively', () => {
  const used = new Set<string>();
  const names = ['Acme', 'ACME', 'acme', 'Acme 2'].map((organizationName) =>
    supplierReportFileName({ organizationName, cage: null }, 'pdf', used),
  );
  expect(names).toEqual(['acme.pdf', 'acme-2.pdf', 'acme-3.pdf', 'acme-2-2.pdf']);
});
