// The desk's reads of the portfolio, the audit trail and the KPIs, through the generated typed
// functions of bindings/commands.ts (every command is called through them; `call`, their one
// door, stays in lib/call.ts). The error shape is re-exported here for the screens.
import * as commands from '../bindings/commands';
import type { ApplicationQuery } from '../bindings/ApplicationQuery';

export { isCommandError, toUiError, type UiError } from './call';

export const api = {
  appInfo: () => commands.appInfo(),
  // The shell fills the fields a query leaves out (every field of ApplicationQuery has a serde
  // default), so a screen gives only the filters it sets.
  listApplications: (query: Partial<ApplicationQuery>) =>
    commands.listApplications(query as ApplicationQuery),
  applicationDetail: (id: number) => commands.applicationDetail(id),
  listDisclosures: () => commands.listDisclosures(),
  recentAudit: (limit: number) => commands.recentAudit(limit),
  verifyAudit: () => commands.verifyAudit(),
  kpiYear: (fiscalYear: number) => commands.kpiYear(fiscalYear),
};
