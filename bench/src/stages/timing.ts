/** Wall-clock timing and the process's own peak RSS, the two quantities every stage reports. */

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
