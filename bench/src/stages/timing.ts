/** Wall-clock timing, CPU time and the process's own peak RSS, the quantities the stages report. */

export function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

/** Peak resident set size of this process so far, in MiB (`getrusage` ru_maxrss). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * CPU time (user + system) this process has spent since `start` (a `process.cpuUsage()` reading), in seconds.
 * `process.cpuUsage()` is getrusage(RUSAGE_SELF), which on Linux counts every thread of the process: the worker
 * threads (exceljs, papaparse) and DuckDB's own threads included.
 */
export function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}
