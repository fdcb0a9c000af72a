// The one door to the shell: typed `invoke` wrappers. Errors arrive as CommandError
// `{code, message}`; anything else (the IPC itself failing) is wrapped into the same shape.
import { invoke } from '@tauri-apps/api/core';
import type { AppInfo } from '../bindings/AppInfo';
import type { Command } from '../bindings/commands';
import type { CommandError } from '../bindings/CommandError';
import type { ApplicationDetail } from '../bindings/ApplicationDetail';
import type { ApplicationQuery } from '../bindings/ApplicationQuery';
import type { ApplicationRow } from '../bindings/ApplicationRow';
import type { Disclosure } from '../bindings/Disclosure';
import type { Page } from '../bindings/Page';
import type { KpiYear } from '../bindings/KpiYear';
import type { AuditEntry } from '../bindings/AuditEntry';
import type { ChainReport } from '../bindings/ChainReport';

export function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === 'object' &&
    value !== null &&
    'code' in value &&
    'message' in value &&
    typeof (value as { message: unknown }).message === 'string'
  );
}

/** A failure the UI can show: a known code, or `ipc` when the shell could not be reached. */
export interface UiError {
  code: CommandError['code'] | 'ipc';
  message: string;
  /** The input a validation error is about (see lib/forms.ts). */
  field?: string;
}

export function toUiError(err: unknown): UiError {
  if (isCommandError(err)) return err;
  return { code: 'ipc', message: String(err) };
}

/** Calls the shell's command `cmd`: only a name the shell registers type-checks (`Command`). */
export async function call<T>(cmd: Command, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (err) {
    throw toUiError(err);
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  listApplications: (query: Partial<ApplicationQuery>) =>
    call<Page<ApplicationRow>>('list_applications', { query }),
  applicationDetail: (id: number) => call<ApplicationDetail>('application_detail', { id }),
  listDisclosures: () => call<Disclosure[]>('list_disclosures'),
  recentAudit: (limit: number) => call<AuditEntry[]>('recent_audit', { limit }),
  verifyAudit: () => call<ChainReport>('verify_audit'),
  kpiYear: (fiscalYear: number) => call<KpiYear>('kpi_year', { fiscalYear }),
};
