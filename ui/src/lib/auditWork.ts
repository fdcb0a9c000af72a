// Typed wrappers of the reports, import/export and snapshot commands that are not long tasks
// (those go through Task in tasks.svelte.ts).
import * as commands from '../bindings/commands';
import { t, type MessageKey } from '../i18n/index.svelte';

export const auditWork = {
  reportKinds: () => commands.reportKinds(),
  openOutput: (path: string) => commands.openOutput(path),
  importKinds: () => commands.importKinds(),
  exportRegisters: () => commands.exportRegisters(),
  listSnapshots: () => commands.listSnapshots(),
};

/** The catalogue text for a key built from data (a kind the core added later may have none yet). */
export function labelOr(key: string, fallback: string): string {
  const text = t(key as MessageKey);
  return text === key ? fallback : text;
}

/** A file size as people read it. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
