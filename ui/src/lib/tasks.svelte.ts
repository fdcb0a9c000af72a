// Long work from the UI's side: a Task names itself, passes a channel for progress, and can be
// cancelled while the shell works (`cancel_task`). One Task object per button that starts work;
// its runes drive the TaskProgress component.
import { Channel } from '@tauri-apps/api/core';
import { toUiError, type UiError } from './api';
import type { ProgressEvent } from '../bindings/ProgressEvent';
import { cancelTask } from '../bindings/commands';

/** Starts a long command: one of the generated functions of bindings/commands.ts, given the
 * task's id and progress channel, e.g. `(id, progress) => verifySnapshot(id, progress, path)`. */
export type Start<T> = (taskId: string, onProgress: Channel<ProgressEvent>) => Promise<T>;

let counter = 0;

export class Task<T> {
  running = $state(false);
  done = $state(0);
  total = $state(0);
  result = $state<T | null>(null);
  error = $state<UiError | null>(null);
  cancelled = $state(false);
  #id = '';

  /** Runs `start` with the task's id and progress channel; null when it failed or was cancelled. */
  async run(start: Start<T>): Promise<T | null> {
    counter += 1;
    this.#id = `task-${Date.now()}-${counter}`;
    const channel = new Channel<ProgressEvent>();
    channel.onmessage = (p) => {
      this.done = p.done;
      this.total = p.total;
    };
    this.running = true;
    this.done = 0;
    this.total = 0;
    this.result = null;
    this.error = null;
    this.cancelled = false;
    try {
      const result = await start(this.#id, channel);
      this.result = result;
      return result;
    } catch (e) {
      const err = toUiError(e);
      if (err.code === 'cancelled') this.cancelled = true;
      else this.error = err;
      return null;
    } finally {
      this.running = false;
    }
  }

  /** Asks the shell to stop the running work; the result then arrives as `cancelled`. */
  async cancel(): Promise<void> {
    if (!this.running) return;
    try {
      await cancelTask(this.#id);
    } catch (e) {
      this.error = toUiError(e);
    }
  }

  /** Progress as a fraction 0–1, or null while the total is unknown. */
  get fraction(): number | null {
    return this.total > 0 ? Math.min(1, this.done / this.total) : null;
  }

  clear(): void {
    this.result = null;
    this.error = null;
    this.cancelled = false;
  }
}
