// The session: the desk, or a verified snapshot open in auditor mode. Every screen reads
// `session.auditor` to hide edit actions (or marks them `data-write`, which the desk hides in
// auditor mode); the shell refuses writes regardless (ReadOnly).
import * as commands from '../bindings/commands';
import { toUiError, type UiError } from './api';
import type { Session } from '../bindings/Session';
import type { Verified } from '../bindings/Verified';

export const session = $state<{ auditor: Verified | null; error: UiError | null }>({
  auditor: null,
  error: null,
});

export function setSession(s: Session): void {
  session.auditor = s.auditor;
}

export async function refreshSession(): Promise<void> {
  try {
    setSession(await commands.session());
    session.error = null;
  } catch (e) {
    session.error = toUiError(e);
  }
}

export async function returnToDesk(): Promise<void> {
  try {
    setSession(await commands.returnToDesk());
    session.error = null;
  } catch (e) {
    session.error = toUiError(e);
  }
}
