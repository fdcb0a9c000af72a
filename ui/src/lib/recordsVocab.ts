// The closed vocabularies of the records screens, in the core's order (filters and forms offer
// them in this order; labels come from the catalogues under `records.*`).
import type { ActivityKind } from '../bindings/ActivityKind';
import type { AgreementKind } from '../bindings/AgreementKind';
import type { AgreementStatus } from '../bindings/AgreementStatus';
import type { PartyRole } from '../bindings/PartyRole';
import type { Standing } from '../bindings/Standing';
import { codes } from '../i18n/labels';

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

export const AGREEMENT_STATUSES: AgreementStatus[] = codes('AgreementStatus');

export const STANDINGS: Standing[] = ['in_force', 'expiring', 'ended'];

export const PARTY_ROLES: PartyRole[] = codes('PartyRole');

export const ACTIVITY_KINDS: ActivityKind[] = codes('ActivityKind');
