import {
  criticalGaps,
  poamItems,
  portfolioSummary,
  supplierPoamSummaries,
  supplierScores,
} from '@cmmc/analytics';
import { openStore } from '@cmmc/store';

const store = await openStore(process.argv[2]);
const asOf = '2026-11-28';
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const scores = await supplierScores(store, { asOf });
  const t1 = performance.now();
  const gaps = await criticalGaps(store, { asOf });
  const t2 = performance.now();
  const poam = await supplierPoamSummaries(store, { asOf });
  const t3 = performance.now();
  const items = await poamItems(store, { asOf });
  const t4 = performance.now();
  const sum = await portfolioSummary(store, { asOf, scores, poamSummaries: poam });
  const t5 = performance.now();
  console.log(
    scores.length,
    gaps.length,
    poam.length,
    items.length,
    'scores',
    (t1 - t0).toFixed(0),
    'gaps',
    (t2 - t1).toFixed(0),
    'poamSum',
    (t3 - t2).toFixed(0),
    'items',
    (t4 - t3).toFixed(0),
    'summary',
    (t5 - t4).toFixed(0),
    'total',
    (t5 - t0).toFixed(0),
  );
}
store.close();
