// Commands behind the editing forms and the settings screen (see src-tauri/src/commands/
// {portfolio,settings}.rs). Kept apart from api.ts so areas grow without touching one list.
import * as commands from '../bindings/commands';
import type { Application } from '../bindings/Application';
import type { Disclosure } from '../bindings/Disclosure';
import type { Family } from '../bindings/Family';
import type { Institution } from '../bindings/Institution';
import type { Person } from '../bindings/Person';
import type { Target } from '../bindings/Target';
import type { Office } from '../bindings/Office';

export const editApi = {
  saveApplication: (id: number | null, application: Application, newFamily: Family | null, seenVersion: number | null) =>
    commands.saveApplication(id, application, newFamily, seenVersion),
  /** `loaded`: the record as the form showed it; the core refuses the save if a colleague changed it since. */
  saveDisclosure: (id: number | null, disclosure: Disclosure, loaded: Disclosure | null) =>
    commands.saveDisclosure(id, disclosure, loaded),
  listFamilies: () => commands.listFamilies(),
  listOrganisations: () => commands.listOrganisations(),
  previewNumber: (office: Office, raw: string) => commands.previewApplicationNumber(office, raw),
  getInstitution: () => commands.getInstitution(),
  setInstitution: (institution: Institution, loaded: Institution | null) =>
    commands.setInstitution(institution, loaded),
  listPeople: () => commands.listPersonEntries(),
  savePerson: (id: number | null, person: Person, loaded: Person | null) =>
    commands.savePerson(id, person, loaded),
  setPersonObsolete: (id: number, obsolete: boolean) => commands.setPersonObsolete(id, obsolete),
  kpiTargets: () => commands.kpiTargets(),
  createKpiTarget: (target: Target) => commands.createKpiTarget(target),
  foreignClosingDays: (year: number) => commands.foreignClosingDays(year),
  signingKey: () => commands.signingKey(),
  trustedKeys: () => commands.trustedKeys(),
  trustKey: (fingerprint: string, note: string) => commands.trustKey(fingerprint, note),
  integrityStatus: () => commands.integrityStatus(),
};
