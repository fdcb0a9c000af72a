// The one door to the shell: `call` invokes a registered command (the generated functions of
// bindings/commands.ts type each one's arguments and result). Errors arrive as CommandError
// `{code, message, field?}`; anything else (the IPC itself failing) is wrapped into the same shape.
import { invoke } from '@tauri-apps/api/core';
import type { Command } from '../bindings/commands';
import type { CommandError } from '../bindings/CommandError';

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
