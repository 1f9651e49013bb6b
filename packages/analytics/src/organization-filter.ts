/**
 * How every query narrows to one supplier: a numeric organization id, or a string that is matched against the CAGE
 * code and the name, case-insensitively. Bound as parameters, never interpolated.
 */

/** An organization id, or its CAGE code or name. */
export type OrganizationSelector = number | string;

export interface OrganizationParams {
  organization_id: number | null;
  organization: string | null;
  [key: string]: string | number | boolean | null;
}

export function organizationParams(
  organization: OrganizationSelector | undefined,
): OrganizationParams {
  if (organization === undefined) return { organization_id: null, organization: null };
  if (typeof organization === 'number')
    return { organization_id: organization, organization: null };
  return { organization_id: null, organization: organization.trim() };
}
