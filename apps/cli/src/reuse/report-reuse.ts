/**
 * The reuse rule: when a report from an earlier run is kept instead of rendered again. One home for it, so the rule
 * can be read and tested on its own.
 *
 * A report is kept only when its key is the same and the earlier file is still exactly the file that run wrote. The
 * key covers everything that decides the document's bytes:
 * - the SHA-256 of every input file behind it (a changed, added or removed file renders it again);
 * - the rules version (`@cmmc/catalog`), also inside the model;
 * - the view model itself, every figure the document prints, except the as-of date and the footer's short input
 *   hash (which only combines the files above with that date). Day counts, overdue flags and statuses are in the
 *   model, so a report is kept across days only when every figure it prints is still the figure as of the new day;
 *   the kept file then carries the as-of date it was rendered on. `@cmmc/report`'s as-of-stamp test fails if a
 *   template starts deriving anything else from the as-of date;
 * - the renderer: a fingerprint of `@cmmc/report`'s templates and code, and for PDF the Chromium binary;
 * - the rendering options: format and paper size.
 * The earlier file is read and its SHA-256 compared with the one recorded when it was written, so a missing,
 * unreadable, truncated or edited file is rendered again, never copied forward. Reading is skipped only when the
 * file's stamp (`fileStampOf` of @cmmc/ingest: device, inode, size, modification and status-change times) is still the one recorded
 * right after it was written, as git trusts its index: any write to the file, and any change of its times, moves its
 * status-change time, which no user can set back. At 10,000 suppliers this is 10,000 files not read (about 5 s).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileStampOf } from '@cmmc/ingest';
import { rendererFingerprint, resolveChromiumPath } from '@cmmc/report';

/** Bumped when the key's recipe changes, so keys written by an older `cmmc` never match. */
const KEY_RECIPE = 'cmmc-report-reuse-1';

export interface ReuseKeyParts {
  kind: 'portfolio' | 'supplier';
  /** The view model the document is rendered from. */
  model: { asOf: string; inputHash: string; rulesVersion: string };
  /** SHA-256 of every input file the report is built from. */
  inputFiles: readonly string[];
  /** `rendererIdentity(format)`. */
  renderer: string;
  format: 'pdf' | 'html';
  paper: 'letter' | 'a4';
}

/** The reuse key of one report: SHA-256 (hex) of the parts above; see the module comment for what is left out. */
export function reuseKey(parts: ReuseKeyParts): string {
  // The as-of date and the footer hash derived from it are the only fields left out of the figures.
  const { asOf: _asOf, inputHash: _inputHash, ...figures } = parts.model;
  return createHash('sha256')
    .update(
      JSON.stringify({
        recipe: KEY_RECIPE,
        kind: parts.kind,
        inputFiles: [...parts.inputFiles].sort(),
        rulesVersion: parts.model.rulesVersion,
        renderer: parts.renderer,
        format: parts.format,
        paper: parts.paper,
        figures,
      }),
    )
    .digest('hex');
}

/**
 * What renders the documents: `@cmmc/report`'s fingerprint, and for PDF the Chromium binary it drives (its resolved
 * path, size and modification time: an upgrade changes them, and reading them costs no browser start).
 */
export async function rendererIdentity(format: 'pdf' | 'html'): Promise<string> {
  const fingerprint = await rendererFingerprint();
  if (format === 'html') return `${fingerprint} html`;
  const chromium = await realpath(resolveChromiumPath())
    .then(async (path) => {
      const s = await stat(path);
      return `${path} ${s.size} ${s.mtimeMs}`;
    })
    .catch(() => 'no chromium');
  return `${fingerprint} pdf ${chromium}`;
}

/** A report an earlier run wrote: where it is now and the SHA-256 recorded when it was written. */
export interface PreviousReport {
  path: string;
  sha256: string;
  /** `fileStampOf` of the file when the manifest was written; absent in manifests of older runs. */
  stamp?: string;
}

/**
 * Device, inode, size and mtime of a stamp (`fileStampOf`, @cmmc/ingest: the stamp ingest records of the files it
 * loads): what a hard link to the stamped file still shares (linking moves ctime).
 */
function linkedPart(stamp: string): string {
  return stamp.split(':').slice(0, 4).join(':');
}

/** Why a report is rendered rather than kept. */
export type RenderReason =
  /** `--force`. */
  | 'forced'
  /** No earlier run to reuse from (first run, or its manifest is missing or unreadable). */
  | 'no-previous-run'
  /** The earlier run has no report with this key: an input, the rules, the renderer or an option changed. */
  | 'changed'
  | 'previous-missing'
  | 'previous-unreadable'
  /** The earlier file is there but is no longer the file that run wrote (edited, truncated, replaced). */
  | 'previous-modified'
  /**
   * The report's folder is not the real folder under the output root (a symbolic link was planted): the writer is
   * left to refuse it with its own message, never a file kept through the link.
   */
  | 'output-folder-linked';

export type ReuseDecision =
  | { action: 'keep'; previous: PreviousReport }
  | { action: 'render'; reason: RenderReason };

/** The decision from the key alone; `stagePreviousReport` then checks the earlier file itself. */
export function decideReuse(
  key: string,
  previousRun: ReadonlyMap<string, PreviousReport> | null,
  options: { force: boolean },
): ReuseDecision {
  if (options.force) return { action: 'render', reason: 'forced' };
  if (previousRun === null) return { action: 'render', reason: 'no-previous-run' };
  const previous = previousRun.get(key);
  return previous ? { action: 'keep', previous } : { action: 'render', reason: 'changed' };
}

export type StageResult =
  | { ok: true; how: 'linked' | 'copied' }
  | { ok: false; reason: RenderReason };

/**
 * Puts the earlier file at `stagePath` (a hard link, or a copy where linking fails: another device, a file system
 * without hard links, too many links) and checks that the staged bytes are the ones recorded. Checking the staged
 * file, not the original, means what is checked is exactly what will be kept. On failure nothing is left behind.
 */
export async function stagePreviousReport(
  previous: PreviousReport,
  stagePath: string,
  fs: { link: (from: string, to: string) => Promise<void> } = { link },
): Promise<StageResult> {
  await rm(stagePath, { force: true });
  // Untouched since it was recorded (see the module comment): a hard link to it needs no reading.
  const untouched =
    previous.stamp !== undefined && (await fileStampOf(previous.path)) === previous.stamp;
  let how: 'linked' | 'copied' = 'linked';
  try {
    await fs.link(previous.path, stagePath);
  } catch (linkError) {
    if (errorCode(linkError) === 'ENOENT') return { ok: false, reason: 'previous-missing' };
    how = 'copied';
    try {
      await copyFile(previous.path, stagePath);
    } catch (copyError) {
      await rm(stagePath, { force: true });
      return {
        ok: false,
        reason: errorCode(copyError) === 'ENOENT' ? 'previous-missing' : 'previous-unreadable',
      };
    }
  }
  if (untouched && how === 'linked' && previous.stamp !== undefined) {
    // The link's own stamp differs only in ctime (linking moved it): same inode, size and mtime is the same file.
    const staged = await fileStampOf(stagePath);
    if (staged !== null && linkedPart(staged) === linkedPart(previous.stamp)) {
      return { ok: true, how };
    }
  }
  let sha256: string;
  try {
    sha256 = await sha256OfFile(stagePath);
  } catch {
    await rm(stagePath, { force: true });
    return { ok: false, reason: 'previous-unreadable' };
  }
  if (sha256 !== previous.sha256) {
    await rm(stagePath, { force: true });
    return { ok: false, reason: 'previous-modified' };
  }
  return { ok: true, how };
}

/** One report of this run, identified by its key and where it goes. */
export interface PlannedReport {
  key: string;
  outputPath: string;
}

export interface ReusePlan {
  /** Reports now in place from the earlier run, with the SHA-256 they were checked against. */
  kept: { index: number; sha256: string; how: 'linked' | 'copied' | 'in-place' }[];
  /** Reports to render, with the reason. */
  render: { index: number; reason: RenderReason }[];
}

/**
 * Decides every report of a run and puts the kept ones in place. Kept files are first staged beside their target,
 * all of them, and only then renamed into place, so an earlier file is never read after this run has replaced it
 * (a same-day re-run whose supplier file names shifted). A report to render may sit at a path that is a hard link
 * shared with an earlier run's folder; both writers (`writeOutputFile`, used by the HTML and the PDF renderer)
 * write a temporary file and rename it over the path, so the earlier folder's file is never written through.
 */
export async function applyReuse(
  reports: readonly PlannedReport[],
  previousRun: ReadonlyMap<string, PreviousReport> | null,
  options: { force: boolean; outputRoot?: string },
): Promise<ReusePlan> {
  const plan: ReusePlan = { kept: [], render: [] };
  const realFolder = realFolderCheck(options.outputRoot);
  const staged: { index: number; stagePath: string; sha256: string; how: 'linked' | 'copied' }[] =
    [];
  for (const [index, report] of reports.entries()) {
    const decision = decideReuse(report.key, previousRun, options);
    if (decision.action === 'render') {
      plan.render.push({ index, reason: decision.reason });
      continue;
    }
    if (!(await realFolder(dirname(report.outputPath)))) {
      plan.render.push({ index, reason: 'output-folder-linked' });
      continue;
    }
    if (decision.previous.path === report.outputPath) {
      // A same-day re-run: the file is already where it belongs; check it in place.
      if (
        decision.previous.stamp !== undefined &&
        (await fileStampOf(report.outputPath)) === decision.previous.stamp
      ) {
        plan.kept.push({ index, sha256: decision.previous.sha256, how: 'in-place' });
        continue;
      }
      const sha256 = await sha256OfFile(report.outputPath).catch(() => null);
      if (sha256 === decision.previous.sha256) {
        plan.kept.push({ index, sha256, how: 'in-place' });
        continue;
      }
      plan.render.push({
        index,
        reason: sha256 === null ? 'previous-unreadable' : 'previous-modified',
      });
      continue;
    }
    const stagePath = join(
      dirname(report.outputPath),
      `.${basename(report.outputPath)}.${process.pid}.keep`,
    );
    const result = await stagePreviousReport(decision.previous, stagePath);
    if (result.ok)
      staged.push({ index, stagePath, sha256: decision.previous.sha256, how: result.how });
    else plan.render.push({ index, reason: result.reason });
  }
  for (const s of staged) {
    const report = reports[s.index];
    if (!report) continue;
    await rename(s.stagePath, report.outputPath);
    plan.kept.push({ index: s.index, sha256: s.sha256, how: s.how });
  }
  plan.kept.sort((a, b) => a.index - b.index);
  plan.render.sort((a, b) => a.index - b.index);
  return plan;
}

/**
 * Whether a folder is the real folder at its place under `root` (no symbolic link between them), as
 * `writeOutputFile` requires of every output; remembered per folder. Without a root every folder passes.
 */
function realFolderCheck(root: string | undefined): (folder: string) => Promise<boolean> {
  const known = new Map<string, Promise<boolean>>();
  const realRoot = root === undefined ? undefined : realpath(root).catch(() => null);
  return (folder) => {
    if (root === undefined || realRoot === undefined) return Promise.resolve(true);
    let answer = known.get(folder);
    if (!answer) {
      answer = Promise.all([realRoot, realpath(folder).catch(() => null)]).then(
        ([rootPath, folderPath]) =>
          rootPath !== null && folderPath === join(rootPath, relative(root, folder)),
      );
      known.set(folder, answer);
    }
    return answer;
  };
}

/** SHA-256 (hex) of a file's bytes, streamed. */
export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
