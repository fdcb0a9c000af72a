// The closed vocabularies the editing forms offer, in the core's order (lib/vocab.ts has the
// offices and statuses).
import type { RightType } from '../bindings/RightType';
import type { Route } from '../bindings/Route';
import type { PersonRole } from '../bindings/PersonRole';
import type { KpiMetric } from '../bindings/KpiMetric';

export const RIGHT_TYPES: RightType[] = ['patent', 'utility_model', 'design', 'trademark', 'provisional'];
export const ROUTES: Route[] = ['direct', 'paris', 'pct_national', 'divisional', 'domestic_priority'];
export const PERSON_ROLES: PersonRole[] = ['inventor', 'staff', 'expert'];
export const KPI_METRICS: KpiMetric[] = [
  'disclosures',
  'filings',
  'patents_granted',
  'licensing_agreements',
  'patents_under_licence',
  'licence_income_yen',
  'joint_research_new',
  'startups_supported',
  'consultations',
];
