// Typed calls for the records screens: agreements, policies, activities, income & compensation.
// Kept apart from api.ts so each area's calls live beside each other.
import { call } from './api';
import type { Activity } from '../bindings/Activity';
import type { Agreement } from '../bindings/Agreement';
import type { AgreementDetail } from '../bindings/AgreementDetail';
import type { AgreementQuery } from '../bindings/AgreementQuery';
import type { AgreementRow } from '../bindings/AgreementRow';
import type { Distribution } from '../bindings/Distribution';
import type { DocumentOn } from '../bindings/DocumentOn';
import type { Income } from '../bindings/Income';
import type { IncomeRow } from '../bindings/IncomeRow';
import type { Organisation } from '../bindings/Organisation';
import type { Payment } from '../bindings/Payment';
import type { Person } from '../bindings/Person';
import type { Standing } from '../bindings/Standing';

export const records = {
  listAgreements: (query: AgreementQuery, standing: Standing | null) =>
    call<AgreementRow[]>('list_agreements', { query, standing }),
  agreementDetail: (id: number) => call<AgreementDetail>('agreement_detail', { id }),
  createAgreement: (agreement: Agreement) => call<number>('create_agreement', { agreement }),
  /** `loaded`: the agreement as the form showed it; a colleague's change since is refused. */
  updateAgreement: (id: number, agreement: Agreement, loaded: Agreement | null) =>
    call<null>('update_agreement', { id, agreement, loaded }),
  terminateAgreement: (id: number, on: string) => call<null>('terminate_agreement', { id, on }),
  listOrganisations: () => call<Organisation[]>('list_organisations'),
  listPeople: () => call<Person[]>('list_people'),
  policyRegister: (on: string) => call<DocumentOn[]>('policy_register', { on }),
  approvePolicyVersion: (id: number, approvalBody: string, approvedOn: string, effectiveOn: string) =>
    call<null>('approve_policy_version', { id, approvalBody, approvedOn, effectiveOn }),
  openPolicyDocument: (id: number) => call<string>('open_policy_document', { id }),
  listActivities: (fiscalYear: number) => call<Activity[]>('list_activities', { fiscalYear }),
  createActivity: (activity: Activity) => call<number>('create_activity', { activity }),
  setActivityLedTo: (id: number, activity: number | null, agreement: number | null) =>
    call<null>('set_activity_led_to', { id, activity, agreement }),
  listIncome: (fiscalYear: number) => call<IncomeRow[]>('list_income', { fiscalYear }),
  createIncome: (income: Income) => call<number>('create_income', { income }),
  compensation: (fiscalYear: number) => call<Distribution>('compensation', { fiscalYear }),
  markCompensationPaid: (fiscalYear: number, person: number, paidOn: string) =>
    call<Payment>('mark_compensation_paid', { fiscalYear, person, paidOn }),
};
