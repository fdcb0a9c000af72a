// Commands behind the editing forms and the settings screen (see src-tauri/src/commands/
// {portfolio,settings}.rs). Kept apart from api.ts so areas grow without touching one list.
import { call } from './api';
import type { Application } from '../bindings/Application';
import type { Disclosure } from '../bindings/Disclosure';
import type { Family } from '../bindings/Family';
import type { Organisation } from '../bindings/Organisation';
import type { Institution } from '../bindings/Institution';
import type { PersonEntry } from '../bindings/PersonEntry';
import type { Person } from '../bindings/Person';
import type { Target } from '../bindings/Target';
import type { Trajectory } from '../bindings/Trajectory';
import type { OfficeClosingDays } from '../bindings/OfficeClosingDays';
import type { SigningKey } from '../bindings/SigningKey';
import type { CheckRecord } from '../bindings/CheckRecord';
import type { Office } from '../bindings/Office';

export const editApi = {
  saveApplication: (id: number | null, application: Application, newFamily: Family | null, seenVersion: number | null) =>
    call<number>('save_application', { id, application, newFamily, seenVersion }),
  /** `loaded`: the record as the form showed it; the core refuses the save if a colleague changed it since. */
  saveDisclosure: (id: number | null, disclosure: Disclosure, loaded: Disclosure | null) =>
    call<number>('save_disclosure', { id, disclosure, loaded }),
  listFamilies: () => call<Family[]>('list_families'),
  listOrganisations: () => call<Organisation[]>('list_organisations'),
  previewNumber: (office: Office, raw: string) => call<string>('preview_application_number', { office, raw }),
  getInstitution: () => call<Institution>('get_institution'),
  setInstitution: (institution: Institution, loaded: Institution | null) =>
    call<null>('set_institution', { institution, loaded }),
  listPeople: () => call<PersonEntry[]>('list_person_entries'),
  savePerson: (id: number | null, person: Person, loaded: Person | null) =>
    call<number>('save_person', { id, person, loaded }),
  setPersonObsolete: (id: number, obsolete: boolean) => call<null>('set_person_obsolete', { id, obsolete }),
  kpiTargets: () => call<Trajectory[]>('kpi_targets'),
  createKpiTarget: (target: Target) => call<number>('create_kpi_target', { target }),
  foreignClosingDays: (year: number) => call<OfficeClosingDays[]>('foreign_closing_days', { year }),
  signingKey: () => call<SigningKey | null>('signing_key'),
  trustedKeys: () => call<string[]>('trusted_keys'),
  trustKey: (fingerprint: string, note: string) => call<string>('trust_key', { fingerprint, note }),
  integrityStatus: () => call<CheckRecord | null>('integrity_status'),
};
