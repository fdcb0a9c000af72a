// The closed vocabularies the editing forms offer, in the core's order (lib/vocab.ts has the
// offices and statuses).
import type { RightType } from '../bindings/RightType';
import type { Route } from '../bindings/Route';
import type { PersonRole } from '../bindings/PersonRole';
import type { KpiMetric } from '../bindings/KpiMetric';
import { codes } from '../i18n/labels';

export const RIGHT_TYPES: RightType[] = codes('RightType');
export const ROUTES: Route[] = codes('Route');
export const PERSON_ROLES: PersonRole[] = codes('PersonRole');
export const KPI_METRICS: KpiMetric[] = codes('KpiMetric');
