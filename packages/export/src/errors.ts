export type ExportErrorCode =
  | 'ORGANIZATION_NOT_FOUND'
  | 'NOTHING_TO_EXPORT'
  | 'INVALID_OPTION'
  | 'OUTPUT_EXISTS'
  | 'WRITE_FAILED';

/** A failed export; `message` is complete (it names the supplier, option or file), so the CLI prints it as is. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  readonly code: ExportErrorCode;

  constructor(code: ExportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
