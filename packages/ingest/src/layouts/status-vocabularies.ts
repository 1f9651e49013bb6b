/**
 * Status vocabularies the catalog does not hold because they are not CMMC words: a consultant's gap sheet
 * (Fully / Partially / None) and answers written in another language. A word here counts only in a status column
 * whose cells use that vocabulary ("None" is NOT MET in a Fully/Partially/None column, nothing elsewhere), and is
 * read as the catalog word it stands for, so the catalog's scoring rules apply unchanged (Partially → partially
 * implemented → NOT MET, DoD Assessment Methodology §5(g)(ii)).
 */
import { memoizeText } from '@cmmc/catalog';

export interface StatusVocabulary {
  name: string;
  /** Folded word (lower case, trimmed) → a word `normalizeFinding` knows. */
  words: ReadonlyMap<string, string>;
}

const vocabulary = (name: string, words: Record<string, string>): StatusVocabulary => ({
  name,
  words: new Map(Object.entries(words)),
});

export const STATUS_VOCABULARIES: readonly StatusVocabulary[] = [
  vocabulary('Fully / Partially / None', {
    fully: 'MET',
    'fully met': 'MET',
    partially: 'Partially Implemented',
    'partially met': 'Partially Implemented',
    none: 'NOT MET',
    'not started': 'NOT MET',
  }),
  vocabulary('German', {
    umgesetzt: 'MET',
    'vollständig umgesetzt': 'MET',
    erfüllt: 'MET',
    'nicht umgesetzt': 'NOT MET',
    'nicht erfüllt': 'NOT MET',
    teilweise: 'Partially Implemented',
    'teilweise umgesetzt': 'Partially Implemented',
    'teilweise erfüllt': 'Partially Implemented',
    geplant: 'Planned',
    'nicht anwendbar': 'N/A',
    'nicht zutreffend': 'N/A',
    ja: 'MET',
    nein: 'NOT MET',
  }),
  vocabulary('French', {
    conforme: 'MET',
    'non conforme': 'NOT MET',
    'partiellement conforme': 'Partially Implemented',
    'mis en œuvre': 'MET',
    'non mis en œuvre': 'NOT MET',
    'partiellement mis en œuvre': 'Partially Implemented',
    'non applicable': 'N/A',
    planifié: 'Planned',
    'en cours': 'Planned',
    oui: 'MET',
    non: 'NOT MET',
  }),
  vocabulary('Spanish', {
    cumple: 'MET',
    'no cumple': 'NOT MET',
    'cumple parcialmente': 'Partially Implemented',
    implementado: 'MET',
    'no implementado': 'NOT MET',
    'parcialmente implementado': 'Partially Implemented',
    'no aplica': 'N/A',
    planificado: 'Planned',
    'en progreso': 'Planned',
    sí: 'MET',
    si: 'MET',
  }),
];

/** Memoised (memoizeText, @cmmc/catalog): called for every cell of the candidate status columns. */
export const foldWord = memoizeText((text: string): string =>
  text.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' '),
);

/** The extra words a status column uses: every vocabulary that at least one of its cells belongs to. */
export function vocabularyOf(cells: readonly string[]): Map<string, string> {
  const folded = new Set(cells.map(foldWord));
  const words = new Map<string, string>();
  for (const v of STATUS_VOCABULARIES) {
    if (![...v.words.keys()].some((w) => folded.has(w))) continue;
    for (const [w, meaning] of v.words) words.set(w, meaning);
  }
  return words;
}

/** True when some vocabulary holds the word. */
export const isVocabularyWord = memoizeText((text: string): boolean => {
  const w = foldWord(text);
  return STATUS_VOCABULARIES.some((v) => v.words.has(w));
});
