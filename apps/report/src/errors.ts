/** Why rendering a report failed. The CLI maps these to exit statuses. */
export type ReportErrorCode =
  | 'CHROMIUM_NOT_FOUND'
  | 'BROWSER_LAUNCH_FAILED'
  | 'BROWSER_CRASHED'
  | 'RENDER_TIMEOUT'
  | 'RENDER_FAILED'
  | 'TEMPLATE_ERROR'
  | 'CHART_ERROR'
  | 'INVALID_SHARD';

/** Every failure of this package; `message` is complete enough to print as is. */
export class ReportError extends Error {
  override readonly name: string = 'ReportError';
  readonly code: ReportErrorCode;

  constructor(code: ReportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A Handlebars template failed to compile or render; `template` names its file. */
export class TemplateError extends ReportError {
  override readonly name: string = 'TemplateError';
  readonly template: string;

  constructor(template: string, message: string, options?: { cause?: unknown }) {
    super('TEMPLATE_ERROR', `Template "${template}": ${message}`, options);
    this.template = template;
  }
}

/** The Chromium executable is not where we looked. */
export class ChromiumNotFoundError extends ReportError {
  override readonly name: string = 'ChromiumNotFoundError';
  readonly executablePath: string;

  constructor(executablePath: string) {
    super(
      'CHROMIUM_NOT_FOUND',
      `Chromium was not found at ${executablePath}. PDF output needs Debian's Chromium and the Liberation fonts: ` +
        'install them with `apt-get install -y chromium fonts-liberation`, or set CHROMIUM_PATH to a ' +
        'Chromium binary, or use --format html.',
    );
    this.executablePath = executablePath;
  }
}
