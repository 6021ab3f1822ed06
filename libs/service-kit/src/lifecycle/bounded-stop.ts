import type { Component } from './component.js';

/** How one component's stop ended. */
export type StopOutcome =
  | { status: 'stopped'; durationMs: number }
  | { status: 'failed'; durationMs: number; error: unknown }
  | { status: 'timed-out'; durationMs: number };

/**
 * Calls `component.stop` and waits at most `remainingMs`. When time runs out the component's
 * signal fires (so it can force-close what is left) and the caller moves on: one stuck
 * component must not keep the others, or the process, from stopping. Never rejects.
 */
export async function stopWithin(component: Component, remainingMs: number): Promise<StopOutcome> {
  const startedAt = performance.now();
  const durationMs = () => Math.round(performance.now() - startedAt);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<StopOutcome>((resolve) => {
    timer = setTimeout(
      () => {
        controller.abort(new Error(`${component.name}: stop deadline reached`));
        resolve({ status: 'timed-out', durationMs: durationMs() });
      },
      Math.max(0, remainingMs),
    );
  });
  const stopped = (async (): Promise<StopOutcome> => {
    try {
      await component.stop({ signal: controller.signal, remainingMs: Math.max(0, remainingMs) });
      return { status: 'stopped', durationMs: durationMs() };
    } catch (error) {
      return { status: 'failed', durationMs: durationMs(), error };
    }
  })();
  try {
    return await Promise.race([stopped, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
