import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { IngestError } from '../errors.js';
import { DEFAULT_MAX_CELLS, readCsvFile } from './read-csv.js';
import { isOle, isZip, oleError, readWorkbook } from './read-workbook.js';
import type { SourceDocument } from './sheet.js';

export interface ReadSourceOptions {
  maxFileBytes: number;
  timeoutMs: number;
  maxUncompressedBytes: number;
  /** Cells a file may hold, counting each row up to its last cell (default 2,000,000). */
  maxCells?: number;
}

export interface SourceFile {
  /** The file's bytes until it is parsed; empty afterwards (parseSource). */
  bytes: Buffer;
  sha256: string;
  size: number;
  /** `fileStampOf` as stat gave it just before the bytes were read. */
  stamp: string;
}

type BigStats = ReturnType<typeof statSync> & {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
};

function stampOf(info: BigStats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}

/**
 * A regular file's stamp, "dev:ino:size:mtimeNs:ctimeNs", or null when it is not one or cannot be read. The same stamp
 * at the same path means the file has not been touched: any write, and any change of its times, moves the
 * status-change time, which no user can set back, and a replaced file has a new inode (store migration 013).
 */
export async function fileStampOf(absolutePath: string): Promise<string | null> {
  try {
    // A blocking stat: a re-run asks this of every file, and a trip through the thread pool costs more than the call.
    const info = statSync(absolutePath, { bigint: true }) as BigStats;
    return info.isFile() ? stampOf(info) : null;
  } catch {
    return null;
  }
}

/** The file extensions the ingester reads; anything else in a folder is reported as unsupported. */
export const SUPPORTED_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.csv', '.tsv', '.txt'] as const;

/**
 * Files up to this size are read with one blocking call. An async read is four trips through libuv's thread pool
 * (open, fstat, read, close), each waking a pool thread; for the typical 10-50 KB workbook that costs more CPU than
 * the read itself.
 */
const SYNC_READ_BYTES = 1024 * 1024;

/** Reads the bytes under the size limit and hashes them; nothing is parsed yet. */
export async function readSourceFile(
  absolutePath: string,
  file: string,
  options: Pick<ReadSourceOptions, 'maxFileBytes'>,
): Promise<SourceFile> {
  let size: number;
  let stamp: string;
  let fd: number | null = null;
  try {
    // Opened without blocking, then examined through the descriptor: a pipe swapped in for the file cannot stall
    // the read, and what is read is what was examined. The stamp is taken before the bytes are read: a file changed
    // while it is read is stamped as it was before, so the next run reads it again.
    fd = openSync(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd, { bigint: true }) as BigStats;
    if (!info.isFile()) {
      throw new IngestError(
        'UNSUPPORTED_FORMAT',
        { file },
        info.isDirectory()
          ? 'is a link to a folder, which is not followed (a link back up the tree would load every file again, or loop); name the folder itself as an input to load the files in it'
          : 'is not a regular file (a device, socket or pipe); nothing was read',
      );
    }
    size = Number(info.size);
    stamp = stampOf(info);
  } catch (cause) {
    if (fd !== null) closeSync(fd);
    if (cause instanceof IngestError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    throw new IngestError(
      code === 'ENXIO' ? 'UNSUPPORTED_FORMAT' : 'FILE_NOT_FOUND',
      { file },
      code === 'ENXIO'
        ? 'is not a regular file (a device, socket or pipe); nothing was read'
        : code === 'ELOOP'
          ? 'too many levels of symbolic links (ELOOP): the link points at itself or at a link that points back; nothing was read'
          : code === 'EACCES' || code === 'EPERM'
            ? `cannot be read: permission denied (${code})`
            : (await isDanglingLink(absolutePath))
              ? 'is a link whose target does not exist (ENOENT); fix or remove the link'
              : 'no such file (check the path, or the file column of suppliers.csv)',
      { cause },
    );
  }
  let bytes: Buffer;
  try {
    if (size > options.maxFileBytes) {
      throw new IngestError(
        'FILE_TOO_LARGE',
        { file },
        `the file is ${size} bytes, over the limit of ${options.maxFileBytes}; split it or raise maxFileBytes`,
      );
    }
    if (size === 0) {
      throw new IngestError(
        'EMPTY_FILE',
        { file },
        'the file is empty (0 bytes): there is nothing to load',
      );
    }
    bytes = size <= SYNC_READ_BYTES ? readFileSync(fd) : await readFile(absolutePath);
  } finally {
    closeSync(fd);
  }
  return { bytes, size, stamp, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function isDanglingLink(path: string): Promise<boolean> {
  return lstat(path).then(
    (info) => info.isSymbolicLink(),
    () => false,
  );
}

/**
 * Parses the bytes by what they are (magic number first, extension second), then lets them go: a parsed file waits
 * for its batch's transaction with only its hash and size, so 50 files of 40 MB do not sit in memory together.
 */
export async function parseSource(
  source: SourceFile,
  absolutePath: string,
  file: string,
  options: ReadSourceOptions,
): Promise<SourceDocument> {
  try {
    return await parseBytes(source, absolutePath, file, options);
  } finally {
    source.bytes = Buffer.alloc(0);
  }
}

async function parseBytes(
  source: SourceFile,
  absolutePath: string,
  file: string,
  options: ReadSourceOptions,
): Promise<SourceDocument> {
  const ext = extname(absolutePath).toLowerCase();
  const { bytes } = source;
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new IngestError(
      'UNSUPPORTED_FORMAT',
      { file },
      `"${ext || 'no extension'}" files are not read; send the assessment as .xlsx or .csv (${SUPPORTED_EXTENSIONS.join(', ')})`,
    );
  }
  if (isOle(bytes)) throw oleError(bytes, file);
  const maxCells = options.maxCells ?? DEFAULT_MAX_CELLS;
  const workbookOptions = {
    timeoutMs: options.timeoutMs,
    maxUncompressedBytes: options.maxUncompressedBytes,
    maxCells,
  };
  if (ext === '.xlsx' || ext === '.xlsm' || isZip(bytes)) {
    return readWorkbook(bytes, file, workbookOptions);
  }
  if (ext === '.xls') {
    throw new IngestError(
      'OLD_XLS',
      { file },
      'this .xls file is neither an Excel 97-2003 workbook nor an xlsx; open it in Excel and save it as .xlsx',
    );
  }
  return readCsvFile(bytes, file, {
    delimiter: ext === '.tsv' ? '\t' : undefined,
    timeoutMs: options.timeoutMs,
    maxCells,
  });
}
