// Typed calls for the records screens: agreements, policies, activities, income & compensation.
// Kept apart from api.ts so each area's calls live beside each other.
import * as commands from '../bindings/commands';
import type { Activity } from '../bindings/Activity';
import type { Agreement } from '../bindings/Agreement';
import type { AgreementQuery } from '../bindings/AgreementQuery';
import type { Income } from '../bindings/Income';
import type { Standing } from '../bindings/Standing';

export const records = {
  listAgreements: (query: AgreementQuery, standing: Standing | null) =>
    commands.listAgreements(query, standing),
  agreementDetail: (id: number) => commands.agreementDetail(id),
  createAgreement: (agreement: Agreement) => commands.createAgreement(agreement),
  /** `loaded`: the agreement as the form showed it; a colleague's change since is refused. */
  updateAgreement: (id: number, agreement: Agreement, loaded: Agreement | null) =>
    commands.updateAgreement(id, agreement, loaded),
  terminateAgreement: (id: number, on: string) => commands.terminateAgreement(id, on),
  listOrganisations: () => commands.listOrganisations(),
  listPeople: () => commands.listPeople(),
  policyRegister: (on: string) => commands.policyRegister(on),
  approvePolicyVersion: (id: number, approvalBody: string, approvedOn: string, effectiveOn: string) =>
    commands.approvePolicyVersion(id, approvalBody, approvedOn, effectiveOn),
  openPolicyDocument: (id: number) => commands.openPolicyDocument(id),
  listActivities: (fiscalYear: number) => commands.listActivities(fiscalYear),
  createActivity: (activity: Activity) => commands.createActivity(activity),
  setActivityLedTo: (id: number, activity: number | null, agreement: number | null) =>
    commands.setActivityLedTo(id, activity, agreement),
  listIncome: (fiscalYear: number) => commands.listIncome(fiscalYear),
  createIncome: (income: Income) => commands.createIncome(income),
  compensation: (fiscalYear: number) => commands.compensation(fiscalYear),
  markCompensationPaid: (fiscalYear: number, person: number, paidOn: string) =>
    commands.markCompensationPaid(fiscalYear, person, paidOn),
};
