// The docket's commands (期限管理), typed. Kept apart from api.ts so the docket grows without
// touching the shared file; the error shape is the same (`toUiError`).
import { invoke } from '@tauri-apps/api/core';
import type { Command } from '../bindings/commands';
import { save } from '@tauri-apps/plugin-dialog';
import { toUiError } from './api';
import type { Deadline } from '../bindings/Deadline';
import type { DeadlineStatus } from '../bindings/DeadlineStatus';
import type { DeadlineDetail } from '../bindings/DeadlineDetail';
import type { DeadlineFilter } from '../bindings/DeadlineFilter';
import type { DeadlineOverview } from '../bindings/DeadlineOverview';
import type { DocketList } from '../bindings/DocketList';
import type { DocketMonth } from '../bindings/DocketMonth';
import type { Event } from '../bindings/Event';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ExportedFile } from '../bindings/ExportedFile';
import type { ManualDeadline } from '../bindings/ManualDeadline';
import type { RecordedEvent } from '../bindings/RecordedEvent';
import type { WrittenPdf } from '../bindings/WrittenPdf';

async function call<T>(cmd: Command, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (err) {
    throw toUiError(err);
  }
}

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
  list: (filter: DeadlineFilter) => call<DocketList>('list_docket', { filter }),
  month: (filter: DeadlineFilter, year: number, month: number) =>
    call<DocketMonth>('docket_month', { filter, year, month }),
  detail: (id: number) => call<DeadlineDetail>('deadline_detail', { id }),
  overview: () => call<DeadlineOverview>('deadline_overview'),
  /** `seenStatus`: the status the desk showed; a colleague's settling since is refused. */
  markDone: (id: number, on: string, note: string | null, seenStatus: DeadlineStatus | null) =>
    call<Deadline>('mark_deadline_done', { id, on, note, seenStatus }),
  waive: (id: number, reason: string, seenStatus: DeadlineStatus | null) =>
    call<Deadline>('waive_deadline', { id, reason, seenStatus }),
  addManual: (input: ManualDeadline) => call<Deadline>('add_manual_deadline', { input }),
  recordEvent: (event: Event) => call<RecordedEvent>('record_event', { event }),
  exportTo: (filter: DeadlineFilter, format: ExportFormat, path: string) =>
    call<ExportedFile>('export_docket', { filter, format, path }),
  print: (from: string | null, to: string | null, path: string, open: boolean) =>
    call<WrittenPdf>('print_docket', { from, to, path, open }),
};

/** Asks for a file to save through the native dialog; null when the person cancels. */
export async function askSavePath(defaultPath: string, name: string, extension: string): Promise<string | null> {
  try {
    return await save({ defaultPath, filters: [{ name, extensions: [extension] }] });
  } catch (err) {
    throw toUiError(err);
  }
}
