export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** Index in `text` of the first character that stands for bytes invalid in `encoding` (U+FFFD); -1 when none. */
  invalidAt: number;
}
export function decodeText(buffer: Uint8Array): DecodedText;
export function decodeWindows1252(buffer: Uint8Array): { text: string; invalidAt: number };
