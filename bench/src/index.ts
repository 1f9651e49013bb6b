export type {
  BenchResults,
  Figure,
  MachineInfo,
  StageName,
  Target,
} from './figures.js';
export { formatTable, STAGES } from './figures.js';
export type { RunBenchOptions } from './run-bench.js';
export { BENCH_AS_OF, runBench } from './run-bench.js';
