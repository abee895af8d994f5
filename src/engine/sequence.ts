import { recordError } from './faults.js';
import type { Step } from './types.js';

const noop: Step = () => {};

/**
 * Run steps in order; stop as soon as one halts the message (respond, drop, a handled fault).
 * Synchronous steps are not awaited, so a chain of cheap steps costs no extra promise ticks.
 */
export function chain(steps: readonly Step[]): Step {
  if (steps.length === 0) return noop;
  if (steps.length === 1) return steps[0]!;
  return async function runSteps(mc) {
    for (const step of steps) {
      const pending = step(mc);
      if (pending) await pending;
      if (mc.halted) return;
    }
  };
}

/**
 * A named sequence's `onError`: a fault raised inside `body` sets `${error.*}` and runs the
 * handler; the rest of the flow does not run afterwards (MI's semantics). A fault raised by the
 * handler itself goes on to the next level out.
 */
export function withOnError(body: Step, onError: Step): Step {
  return async function guarded(mc) {
    try {
      await body(mc);
    } catch (err) {
      recordError(mc, err);
      mc.halted = undefined;
      await onError(mc);
      if (!mc.halted) mc.halted = 'fault';
    }
  };
}
