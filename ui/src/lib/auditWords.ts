// The words for the codes an audit row stores (`deadline`, `update`), in the chosen language; an
// unknown code is shown as it is rather than hidden. Used by the audit log and the dashboard.
import { t, type MessageKey } from '../i18n/index.svelte';

export function auditLabel(group: 'entity' | 'action', code: string): string {
  const key = `audit.${group}.${code}`;
  const text = t(key as MessageKey);
  return text === key ? code : text;
}
