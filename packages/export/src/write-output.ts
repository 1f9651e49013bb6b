/**
 * The one way this project writes an output file (reports, exports, scheduled runs). It guarantees:
 * - the file appears whole or not at all: the bytes go to a temporary file in the target folder, which is renamed
 *   over the target (a reader never sees half a PDF, and a failed write leaves the old file in place);
 * - nothing lands outside the folder the user asked for (`root`, the `--out` folder): the target must be inside it,
 *   every folder between `root` and the target must be a real folder (a symbolic link planted inside `--out` is
 *   refused, never followed), and a symbolic link, folder, FIFO or device already at the target is refused too.
 *   `root` itself is the user's own path, symbolic links and all.
 * The temporary file is created with `O_EXCL | O_NOFOLLOW`, so it cannot be redirected either, and the rename
 * replaces whatever entry is at the target rather than writing through it, so a link planted between the check and
 * the rename is itself replaced, not followed.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readlink, realpath, rename, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export type OutputErrorCode =
  | 'OUTPUT_SYMLINK'
  | 'OUTPUT_NOT_A_FILE'
  | 'OUTPUT_NOT_A_FOLDER'
  | 'OUTPUT_OUTSIDE_FOLDER'
  | 'WRITE_FAILED';

/** An output that was not written; `message` names the file and says why (and what to do), so it is printed as is. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  readonly code: OutputErrorCode;
  /** The file (or folder) at fault. */
  readonly path: string;

  constructor(code: OutputErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}

export interface WriteOutputOptions {
  /**
   * The folder the user asked for (`--out`); the file must be inside it. Default: the file's own folder (a single
   * file named by the user). Created when missing.
   */
  root?: string;
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function lstatOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/** `link` is the symbolic link found: the target itself or a folder on the way to it. */
async function symlinkRefusal(target: string, link: string): Promise<OutputError> {
  const to = await readlink(link).catch(() => null);
  const what = link === target ? 'it' : `its folder ${link}`;
  return new OutputError(
    'OUTPUT_SYMLINK',
    target,
    `refusing to write ${target}: ${what} is a symbolic link${to ? ` (to ${to})` : ''}; outputs never follow links inside the output folder. Remove the link or choose another --out.`,
  );
}

/** Creates (or checks) each folder from `root` down to `folder`: real folders only, no symbolic links. */
async function ensureRealFolders(root: string, folder: string, target: string): Promise<void> {
  let current = root;
  for (const part of relative(root, folder)
    .split(sep)
    .filter((p) => p !== '')) {
    current = join(current, part);
    let stats = await lstatOrNull(current);
    if (stats === null) {
      await mkdir(current).catch((error) => {
        if (errnoCode(error) !== 'EEXIST') throw error;
      });
      stats = await lstat(current);
    }
    if (stats.isSymbolicLink()) throw await symlinkRefusal(target, current);
    if (!stats.isDirectory()) {
      throw new OutputError(
        'OUTPUT_NOT_A_FOLDER',
        current,
        `cannot write ${target}: ${current} is a file, not a folder`,
      );
    }
  }
}

/**
 * Refuses an existing entry at `target` that an output must not replace: a symbolic link always, and anything but a
 * regular file (or, with `folder`, anything but a real folder). Nothing there is fine.
 * @returns whether something (acceptable) is there.
 */
export async function checkOutputTarget(
  target: string,
  expect: 'file' | 'folder',
): Promise<boolean> {
  const existing = await lstatOrNull(target);
  if (existing === null) return false;
  if (existing.isSymbolicLink()) throw await symlinkRefusal(target, target);
  if (expect === 'folder' ? existing.isDirectory() : existing.isFile()) return true;
  const kind = existing.isDirectory()
    ? 'a folder'
    : existing.isFile()
      ? 'a file'
      : 'not a regular file';
  throw new OutputError(
    expect === 'folder' ? 'OUTPUT_NOT_A_FOLDER' : 'OUTPUT_NOT_A_FILE',
    target,
    `refusing to write ${target}: ${kind} is there; remove it or choose another --out`,
  );
}

/**
 * Writes `data` to `path` atomically (temporary file in the same folder, then rename), inside `options.root` and
 * through no symbolic link; see the module comment for the guarantees.
 * @throws OutputError OUTPUT_OUTSIDE_FOLDER (the path is not inside `root`), OUTPUT_SYMLINK (a link at the target or
 * at a folder between `root` and it), OUTPUT_NOT_A_FILE (a folder, FIFO, socket or device at the target),
 * OUTPUT_NOT_A_FOLDER (a file where a folder is needed), WRITE_FAILED (permissions, disk full, …).
 */
export async function writeOutputFile(
  path: string,
  data: string | Uint8Array,
  options: WriteOutputOptions = {},
): Promise<void> {
  const target = resolve(path);
  const folder = dirname(target);
  const root = resolve(options.root ?? folder);
  const inside = relative(root, target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new OutputError(
      'OUTPUT_OUTSIDE_FOLDER',
      target,
      `refusing to write ${target}: it is not inside the output folder ${root}`,
    );
  }
  let temporary: string | undefined;
  try {
    await mkdir(root, { recursive: true });
    await ensureRealFolders(root, folder, target);
    await checkOutputTarget(target, 'file');
    // Short and fixed-length, so it fits the folder whatever the length of the final name.
    temporary = join(folder, `.cmmc-${randomBytes(8).toString('hex')}.tmp`);
    const flags =
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
    const handle = await open(temporary, flags, 0o666);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    // A folder swapped for a link after the check above would show here as a different real path.
    const expected = join(await realpath(root), relative(root, folder));
    if ((await realpath(folder)) !== expected) {
      throw await symlinkRefusal(target, folder);
    }
    await rename(temporary, target);
    temporary = undefined;
  } catch (error) {
    if (error instanceof OutputError) throw error;
    throw new OutputError(
      'WRITE_FAILED',
      target,
      `cannot write ${target}: ${describeFailure(error)}`,
      { cause: error },
    );
  } finally {
    if (temporary !== undefined) await unlink(temporary).catch(() => undefined);
  }
}

function describeFailure(error: unknown): string {
  switch (errnoCode(error)) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'the folder is not writable';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ENOTDIR':
      return 'a file stands where a folder is needed';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** What an export wrote: the files (absolute or as given) and how many records went into them. */
export interface ExportResult {
  files: string[];
  records: number;
  /** Suppliers that got no file because they had nothing to export (one file per supplier exports only). */
  skipped?: string[];
}
