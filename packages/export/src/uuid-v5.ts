import { createHash } from 'node:crypto';

/**
 * The project's fixed UUID namespace: `uuidV5('https://github.com/cmmc-portfolio', URL namespace)`, computed once and
 * frozen here so every export of the same data gets the same identifiers, on every machine and in every release.
 */
export const PROJECT_NAMESPACE = '3ee2ee33-e9af-5d9f-99e8-b5c067257573';

/** RFC 4122 §4.3 namespace for URLs (Appendix C). */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A name-based UUID, version 5 (RFC 4122 §4.3): SHA-1 over the namespace's 16 bytes followed by the UTF-8 name, with
 * the version (5) and variant (10xx) bits set. The same name and namespace always give the same UUID (lower case).
 * @throws RangeError when `namespace` is not a UUID.
 */
export function uuidV5(name: string, namespace: string = PROJECT_NAMESPACE): string {
  if (!UUID.test(namespace)) throw new RangeError(`not a UUID namespace: "${namespace}"`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
