export type CliErrorCode = 'USAGE' | 'FAILED';

/**
 * An error the CLI reports in one line. `USAGE` exits 2 and prints the command's usage; anything else exits 1.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: CliErrorCode;
  readonly usage: string | null;

  constructor(code: CliErrorCode, message: string, options?: { usage?: string; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.code = code;
    this.usage = options?.usage ?? null;
  }
}

export function usageError(message: string, usage: string): CliError {
  return new CliError('USAGE', message, { usage });
}
