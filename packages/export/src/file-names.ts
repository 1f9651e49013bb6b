/**
 * File names made from supplier data (names, CAGE codes). A supplier name comes from a spreadsheet, so it must never
 * reach the file system as a path: only letters, digits and single hyphens survive, so no `/`, `\`, `..`, drive
 * letter, control or bidi character can, and a name joined under `--out` stays in it. Letters stay readable: Latin
 * letters lose their accents (NFKD, marks stripped) and the letters NFKD leaves alone are transliterated (`ø` → `o`,
 * `ß` → `ss`, `Ł` → `l`); other scripts (日本語, Ελληνικά) are kept as they are, in NFC. A name is at most
 * `MAX_FILE_NAME_BYTES` bytes of UTF-8, the limit of ext4, APFS, NTFS (in UTF-16 units, fewer) and most others.
 */

/** The common file-name limit (ext4, XFS, btrfs, APFS: 255 bytes). */
export const MAX_FILE_NAME_BYTES = 255;

/** Longest supplier-name part of a file name: readable in a listing, and room for the CAGE code, kind and suffix. */
const MAX_NAME_CHARACTERS = 80;
const MAX_NAME_BYTES = 160;
/** Longest other part (a CAGE code, a kind such as `poam`, an extension). */
const MAX_PART_BYTES = 20;

/** Latin letters that NFKD does not decompose into a base letter and a mark. */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
  ĸ: 'k',
  ſ: 's',
  ƒ: 'f',
};
const TRANSLITERATED = new RegExp(`[${Object.keys(TRANSLITERATIONS).join('')}]`, 'g');

/** Windows refuses these as file names whatever the extension (`con.pdf`). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The longest prefix of `text`, cut between graphemes (never inside a letter and its marks), within the limits. */
function truncate(
  text: string,
  maxBytes: number,
  maxCharacters = Number.POSITIVE_INFINITY,
): string {
  if (utf8Bytes(text) <= maxBytes && text.length <= maxCharacters) return text;
  let kept = '';
  for (const { segment } of new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)) {
    const next = kept + segment;
    if (utf8Bytes(next) > maxBytes || next.length > maxCharacters) break;
    kept = next;
  }
  return kept.replace(/-+$/, '');
}

/**
 * `text` as one part of a file name: lower case, accents off Latin letters, `ø`/`ß`/… transliterated, every run of
 * anything but letters, digits and marks turned into one hyphen, no hyphen at either end; at most `maxBytes` bytes
 * of UTF-8 (default 20). `"Ørsted Mekanik A/S"` → `orsted-mekanik-a-s`; `"../.."` → `""`.
 */
export function fileNamePart(text: string, maxBytes: number = MAX_PART_BYTES): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(TRANSLITERATED, (letter) => TRANSLITERATIONS[letter] ?? '-')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/(^|-)\p{M}+/gu, '$1')
    .replace(/^-+|-+$/g, '');
  return truncate(slug, maxBytes);
}

/** `fileNamePart` for a supplier's name: longer (80 characters, 160 bytes), as the part a reader looks for. */
export function fileNameSupplierPart(name: string): string {
  return truncate(
    fileNamePart(name, Number.POSITIVE_INFINITY),
    MAX_NAME_BYTES,
    MAX_NAME_CHARACTERS,
  );
}

/**
 * `<stem>.<extension>` from parts already made safe by `fileNamePart` / `fileNameSupplierPart` (empty parts are
 * skipped; `fallback` when all are empty), never a Windows reserved name, at most 255 bytes. With `used`, the name is
 * made unique in the batch (`acme.pdf`, `acme-2.pdf`, …, compared case-insensitively, so a batch is safe on
 * case-insensitive file systems) and added to it.
 */
export function joinFileName(
  parts: readonly string[],
  extension: string,
  options: { fallback?: string; used?: Set<string> } = {},
): string {
  const ext = fileNamePart(extension) || 'dat';
  let stem = parts.filter((part) => part !== '').join('-') || options.fallback || 'file';
  if (WINDOWS_RESERVED.test(stem)) stem = `${stem}-file`;
  // Room for the extension and a `-NNNNNN` counter, whatever the parts were.
  stem = truncate(stem, MAX_FILE_NAME_BYTES - utf8Bytes(ext) - 1 - 8);
  let candidate = `${stem}.${ext}`;
  for (let counter = 2; options.used?.has(candidate.toLowerCase()); counter += 1) {
    candidate = `${stem}-${counter}.${ext}`;
  }
  options.used?.add(candidate.toLowerCase());
  return candidate;
}

/**
 * A file name for one supplier's export: the supplier's name, then its CAGE code, then the kind and extension
 * (`acme-defense-1abc2-poam.xlsx`); `supplier-poam.xlsx` when neither gives anything usable.
 */
export function exportFileName(
  organization: { name: string; cage: string | null },
  kind: string,
  extension: string,
): string {
  const supplier = [fileNameSupplierPart(organization.name), fileNamePart(organization.cage ?? '')]
    .filter((part) => part !== '')
    .join('-');
  return joinFileName([supplier || 'supplier', fileNamePart(kind) || 'export'], extension);
}
