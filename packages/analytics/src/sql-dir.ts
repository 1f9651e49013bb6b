/** The package's `sql/` folder, found from both `src/` (vitest) and `dist/` (node). */
export const sqlDir = new URL('../sql/', import.meta.url);
