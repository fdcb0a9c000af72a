// The closed vocabularies of the records screens, in the core's order (filters and forms offer
// them in this order; labels come from the catalogues under `records.*`).
import type { ActivityKind } from '../bindings/ActivityKind';
import type { AgreementKind } from '../bindings/AgreementKind';
import type { AgreementStatus } from '../bindings/AgreementStatus';
import type { PartyRole } from '../bindings/PartyRole';
import type { Standing } from '../bindings/Standing';

export const AGREEMENT_KINDS: AgreementKind[] = [
  'joint_research',
  'contract_research',
  'licence_exclusive',
  'licence_non_exclusive',
  'option',
  'assignment',
  'nda',
  'mta',
  'tlo_mandate',
];

export const AGREEMENT_STATUSES: AgreementStatus[] = ['negotiating', 'in_force', 'expired', 'terminated'];

export const STANDINGS: Standing[] = ['in_force', 'expiring', 'ended'];

export const PARTY_ROLES: PartyRole[] = [
  'licensee',
  'licensor',
  'tlo',
  'partner',
  'sponsor',
  'assignee',
  'recipient',
  'provider',
  'other',
];

export const ACTIVITY_KINDS: ActivityKind[] = ['consultation', 'joint_research', 'startup_support', 'seminar'];
