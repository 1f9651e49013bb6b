import { generatePortfolio } from '@cmmc/generator';

const [n, out, layouts] = process.argv.slice(2);
const t = performance.now();
const p = await generatePortfolio({
  suppliers: Number(n),
  seed: 'bench',
  outDir: out,
  asOf: '2026-11-28',
  layouts: layouts ?? 'all',
});
console.log(n, p.files.length, 'files', ((performance.now() - t) / 1000).toFixed(1), 's');
