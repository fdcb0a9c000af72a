// Which financial terms an agreement of each kind has, so the form asks and the detail shows only
// those: a licence has a royalty, research has its funding, an assignment its consideration; an
// NDA or MTA has none. A term outside its kind is stored empty (a kind changed in the form drops
// the other kind's terms rather than keeping a stale royalty on an assignment).
import type { AgreementKind } from '../bindings/AgreementKind';

export type TermGroup = 'upfront' | 'royalty' | 'funding' | 'scope' | 'milestones';

const TERMS: Record<AgreementKind, readonly TermGroup[]> = {
  joint_research: ['funding'],
  contract_research: ['funding'],
  licence_exclusive: ['upfront', 'royalty', 'scope', 'milestones'],
  licence_non_exclusive: ['upfront', 'royalty', 'scope', 'milestones'],
  option: ['upfront', 'scope'],
  assignment: ['upfront', 'milestones'],
  nda: [],
  mta: [],
  tlo_mandate: [],
};

/** True when agreements of `kind` carry the terms of `group`. */
export function hasTerm(kind: AgreementKind, group: TermGroup): boolean {
  return TERMS[kind]?.includes(group) ?? false;
}

/** True when `kind` has any financial term at all (the form's and the detail's 条件 section). */
export function hasTerms(kind: AgreementKind): boolean {
  return (TERMS[kind]?.length ?? 0) > 0;
}

/** A milestone payment as typed in the form. */
export type MilestoneRow = { description: string; amount: string; due_on: string };
/** A recurring reporting duty as typed in the form. */
export type ReportRow = { what: string; every: string; first: string };
