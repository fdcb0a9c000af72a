// The docket's commands (期限管理), through the generated typed functions. Kept apart from
// api.ts so the docket grows without touching the shared file.
import { save } from '@tauri-apps/plugin-dialog';
import * as commands from '../bindings/commands';
import { toUiError } from './api';
import type { DeadlineStatus } from '../bindings/DeadlineStatus';
import type { DeadlineFilter } from '../bindings/DeadlineFilter';
import type { Event } from '../bindings/Event';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ManualDeadline } from '../bindings/ManualDeadline';

/** A filter with every field given (the shell's serde fills absent ones too). */
export function emptyFilter(): DeadlineFilter {
  return {
    from: null,
    to: null,
    status: 'open',
    office: null,
    responsible: null,
    code: null,
    application: null,
  };
}

/** The window-wide signal that deadlines changed (the navigation badge and dashboard reload). */
export const DOCKET_CHANGED = 'chizai:docket-changed';

export function announceDocketChange(): void {
  window.dispatchEvent(new CustomEvent(DOCKET_CHANGED));
}

export const docketApi = {
  list: (filter: DeadlineFilter) => commands.listDocket(filter),
  month: (filter: DeadlineFilter, year: number, month: number) =>
    commands.docketMonth(filter, year, month),
  detail: (id: number) => commands.deadlineDetail(id),
  overview: () => commands.deadlineOverview(),
  /** `seenStatus`: the status the desk showed; a colleague's settling since is refused. */
  markDone: (id: number, on: string, note: string | null, seenStatus: DeadlineStatus | null) =>
    commands.markDeadlineDone(id, on, note, seenStatus),
  waive: (id: number, reason: string, seenStatus: DeadlineStatus | null) =>
    commands.waiveDeadline(id, reason, seenStatus),
  addManual: (input: ManualDeadline) => commands.addManualDeadline(input),
  recordEvent: (event: Event) => commands.recordEvent(event),
  exportTo: (filter: DeadlineFilter, format: ExportFormat, path: string) =>
    commands.exportDocket(filter, format, path),
  print: (from: string | null, to: string | null, path: string, open: boolean) =>
    commands.printDocket(from, to, path, open),
};

/** Asks for a file to save through the native dialog; null when the person cancels. */
export async function askSavePath(defaultPath: string, name: string, extension: string): Promise<string | null> {
  try {
    return await save({ defaultPath, filters: [{ name, extensions: [extension] }] });
  } catch (err) {
    throw toUiError(err);
  }
}
