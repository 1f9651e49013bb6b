/** 0 → "A", 25 → "Z", 26 → "AA": a 0-based column index as Excel names it. */
export function columnLetter(index: number): string;
