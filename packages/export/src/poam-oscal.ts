/**
 * OSCAL POA&M JSON (model 1.1.x) for one supplier. Every UUID is a version-5 UUID of a stable name (the supplier's
 * CAGE code or folded name, the item's level, requirement and POA&M id, its own or `derivePoamId`'s), never of a
 * database id or the clock, and
 * `last-modified` is the as-of day, so exporting the same data twice gives the same bytes.
 * Mapping (anchors-and-formats.md §3.6, after trestle PR #2015): weakness → poam-item / risk title and description;
 * detection date → observation.collected; remediation plan → risk.statement and remediations[0]; scheduled
 * completion (else the 180-day closeout deadline) → risk.deadline; milestones → remediations[0].tasks with on-date
 * timing; the requirement → a finding whose target is the CMMC statement id, not-satisfied.
 */
import { join } from 'node:path';
import type { Store } from '@cmmc/store';
import { ExportError } from './errors.js';
import { exportFileName } from './file-names.js';
import {
  type ExportOrganization,
  type OrganizationSelector,
  selectOrganizations,
} from './organizations.js';
import { assertAsOf, loadPoamItemsByOrganization, type PoamExportItem } from './poam-data.js';
import { uuidV5 } from './uuid-v5.js';
import { type ExportResult, writeOutputFile } from './write-output.js';

/** The OSCAL version the documents declare and are validated against in the tests. */
export const OSCAL_VERSION = '1.1.2';
/** Namespace for this project's OSCAL props. */
export const CMMC_NS = 'urn:cmmc-portfolio:oscal';
const FEDRAMP_NS = 'https://fedramp.gov/ns/oscal';

export interface PoamOscalOptions {
  organization?: OrganizationSelector;
  /** `metadata.last-modified` (midnight UTC) and the day deadlines are computed for (`YYYY-MM-DD`). */
  asOf: string;
  /** `metadata.version`; default the as-of day. */
  version?: string;
  /** The JSON file; a folder when more than one supplier has POA&M items (one document per supplier). */
  outPath: string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

/** OSCAL strings typed StringDatatype may not start or end with space nor hold a line break. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** OSCAL tokens start with a letter or `_` and hold letters, digits, `.`, `-`, `_`. */
function token(text: string): string {
  const cleaned = text.replace(/[^\p{L}\p{N}._-]+/gu, '_');
  return /^[\p{L}_]/u.test(cleaned) ? cleaned : `_${cleaned}`;
}

function dateTime(date: string): string {
  return `${date}T00:00:00Z`;
}

function prop(
  name: string,
  value: string,
  ns: string = CMMC_NS,
): { name: string; ns: string; value: string } {
  return { name, ns, value: oneLine(value) || '-' };
}

function organizationKey(organization: ExportOrganization): string {
  return organization.cage
    ? `cage:${organization.cage.toUpperCase()}`
    : `name:${organization.nameKey}`;
}

/** Builds the OSCAL POA&M document for one supplier's items (at least one). Pure: same input, same object. */
export function buildPoamOscal(
  organization: ExportOrganization,
  items: readonly PoamExportItem[],
  asOf: string,
  version: string = asOf,
): Json {
  const orgKey = organizationKey(organization);
  const seen = new Map<string, number>();
  const entries = items.map((item) => {
    // The POA&M id is stable (poam-id.ts), so the UUIDs are too; the counter only separates items that repeat the
    // same id of their own, and the query's order (no database ids in it) makes it the same in every database.
    const base = `${orgKey}/L${item.level}/${item.nistId}/${item.poamId}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const key = n === 1 ? base : `${base}#${n}`;
    const id = (part: string) => uuidV5(`${key}/${part}`);
    const requirement = item.cmmcId ?? item.nistId;
    const title = item.weakness ?? item.requirementTitle ?? `${requirement} not met`;
    const description =
      item.weaknessDescription ??
      item.weakness ??
      `${requirement} ${item.requirementTitle ?? ''}`.trim();
    const observedOn = item.detectionDate ?? item.clockStartDate ?? asOf;
    const deadline = item.scheduledCompletionDate ?? item.closeoutDeadline;
    const tasks = item.milestones.map((m) => ({
      uuid: id(`milestone/${m.sequence}`),
      type: 'milestone',
      title: `Milestone ${m.sequence}`,
      description: m.description,
      props: m.completedDate ? [prop('completed-date', m.completedDate)] : undefined,
      timing: m.dueDate ? { 'on-date': { date: dateTime(m.dueDate) } } : undefined,
    }));
    const riskProps = [
      prop('impacted-control-id', requirement, FEDRAMP_NS),
      prop('nist-id', item.nistId),
      ...(item.points !== null ? [prop('points', String(item.points))] : []),
      ...(item.closeoutDeadline ? [prop('closeout-deadline', item.closeoutDeadline)] : []),
      ...(item.closedDate ? [prop('closed-date', item.closedDate)] : []),
    ];
    return {
      observation: {
        uuid: id('observation'),
        title,
        description,
        props: [prop('nist-id', item.nistId)],
        methods: ['EXAMINE'],
        types: ['control-objective'],
        collected: dateTime(observedOn),
      },
      risk: {
        uuid: id('risk'),
        title,
        description,
        statement: item.remediationPlan ?? description,
        props: riskProps,
        status: item.status === 'closed' ? 'closed' : 'open',
        deadline: deadline ? dateTime(deadline) : undefined,
        remediations: [
          {
            uuid: id('remediation'),
            lifecycle: item.status === 'closed' ? 'completed' : 'planned',
            title: `Remediation of ${requirement}`,
            description: item.remediationPlan ?? 'No remediation plan was given.',
            props: item.owner ? [prop('owner', item.owner)] : undefined,
            tasks: tasks.length > 0 ? tasks : undefined,
          },
        ],
        'related-observations': [{ 'observation-uuid': id('observation') }],
      },
      finding: {
        uuid: id('finding'),
        title: `${requirement}${item.requirementTitle ? ` ${item.requirementTitle}` : ''}`,
        description,
        target: {
          type: 'statement-id',
          'target-id': token(requirement),
          status: { state: 'not-satisfied', reason: 'fail' },
        },
        'related-observations': [{ 'observation-uuid': id('observation') }],
        'related-risks': [{ 'risk-uuid': id('risk') }],
      },
      poamItem: {
        uuid: id('poam-item'),
        title,
        description,
        props: [prop('POAM-ID', item.poamId, FEDRAMP_NS)],
        'related-findings': [{ 'finding-uuid': id('finding') }],
        'related-observations': [{ 'observation-uuid': id('observation') }],
        'related-risks': [{ 'risk-uuid': id('risk') }],
        remarks: item.comments ?? undefined,
      },
    };
  });
  const partyProps = organization.cage ? [prop('cage-code', organization.cage)] : undefined;
  return {
    'plan-of-action-and-milestones': {
      uuid: uuidV5(`${orgKey}/poam`),
      metadata: {
        title: `Plan of Action and Milestones: ${oneLine(organization.name)}`,
        'last-modified': dateTime(asOf),
        version: oneLine(version),
        'oscal-version': OSCAL_VERSION,
        parties: [
          {
            uuid: uuidV5(`${orgKey}/party`),
            type: 'organization',
            name: oneLine(organization.name),
            props: partyProps,
          },
        ],
      },
      'system-id': {
        'identifier-type': 'http://ietf.org/rfc/rfc4122',
        id: uuidV5(`${orgKey}/system`),
      },
      observations: entries.map((e) => e.observation),
      risks: entries.map((e) => e.risk),
      findings: entries.map((e) => e.finding),
      'poam-items': entries.map((e) => e.poamItem),
    },
  };
}

/**
 * Writes OSCAL POA&M JSON: one document per supplier with at least one POA&M item (OSCAL requires one), to `outPath`
 * for a single supplier or `outPath/<supplier>-<CAGE>-poam.json` for several. Two-space indented, trailing newline.
 * @throws ExportError INVALID_OPTION, ORGANIZATION_NOT_FOUND, NOTHING_TO_EXPORT (no selected supplier has an item);
 * OutputError when a file cannot be written safely (`writeOutputFile`).
 */
export async function exportPoamOscal(
  store: Store,
  options: PoamOscalOptions,
): Promise<ExportResult> {
  assertAsOf(options.asOf);
  const organizations = await selectOrganizations(store, options.organization);
  const documents: { organization: ExportOrganization; json: Json; items: number }[] = [];
  const byOrganization = await loadPoamItemsByOrganization(store, organizations, options.asOf);
  const skipped: string[] = [];
  for (const organization of organizations) {
    const items = byOrganization.get(organization.id) ?? [];
    if (items.length === 0) {
      skipped.push(organization.name);
      continue;
    }
    documents.push({
      organization,
      json: buildPoamOscal(organization, items, options.asOf, options.version),
      items: items.length,
    });
  }
  if (documents.length === 0) {
    throw new ExportError(
      'NOTHING_TO_EXPORT',
      `no POA&M items for ${organizations.length === 1 ? organizations[0]?.name : `any of the ${organizations.length} suppliers`}: an OSCAL POA&M needs at least one`,
    );
  }
  const files: string[] = [];
  for (const document of documents) {
    const path =
      organizations.length === 1
        ? options.outPath
        : join(options.outPath, exportFileName(document.organization, 'poam', 'json'));
    const root = organizations.length === 1 ? {} : { root: options.outPath };
    await writeOutputFile(path, `${JSON.stringify(document.json, null, 2)}\n`, root);
    files.push(path);
  }
  const records = documents.reduce((sum, d) => sum + d.items, 0);
  return skipped.length > 0 ? { files, records, skipped } : { files, records };
}
