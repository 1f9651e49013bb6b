import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

/**
 * exceljs, loaded the first time a workbook is written. Every `cmmc` command that writes a file imports this package
 * (`writeOutputFile`), and loading exceljs costs about 0.4 s of CPU that only the xlsx exports need.
 */
export function loadExcelJs(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((module) => module.default);
  return loading;
}
