import { FerryError } from '../../errors.js';
import { hasExpression } from '../../expressions/index.js';
import { typeOf } from '../../expressions/values.js';
import type { MessageContext } from '../message-context.js';
import type { MediatorDefinition } from '../types.js';
import { STEP_LIST_SCHEMA } from '../types.js';
import { runPool } from './worker-pool.js';

interface ForeachConfig {
  collection: string;
  parallel?: boolean | number;
  counterVariable?: string;
  resultVariable?: string;
  updateOriginal?: boolean;
  steps: unknown[];
}

/** How many iterations `parallel: true` runs at once. */
const DEFAULT_PARALLELISM = 16;
const VARIABLE_NAME = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' };

/**
 * `foreach` (MI 4.4 ForEach v2): run `steps` once per item of `collection`, each iteration on its
 * own copy of the message (payload = a copy of the item, own variables), then optionally collect
 * the iterations' final payloads into `resultVariable` and/or write them back into the collection.
 *
 * Where Ferry differs from MI (ForEachMediatorV2):
 * - `parallel` defaults to false (MI: parallel-execution true) and takes a bound N;
 * - `updateOriginal` defaults to false (MI: true) and both outputs may be used together;
 * - `counterVariable` is set in parallel runs too (MI only sets it when sequential): each
 *   iteration has its own variables, so there is no race;
 * - a halt inside an iteration (respond, drop, or a fault an onError handled) halts the whole
 *   flow, as those steps do anywhere else: no new iterations start, running ones finish, and the
 *   first halt's response or error becomes the message's.
 * As in MI, a collection that is not an array (null included) is an error; an empty one is not.
 */
export const foreach: MediatorDefinition<ForeachConfig> = {
  name: 'foreach',
  description: 'Run steps for every item of a collection, sequentially or in parallel',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['collection', 'steps'],
    properties: {
      collection: { type: 'string', description: 'an expression giving an array, e.g. ${payload.orders}' },
      parallel: { anyOf: [{ type: 'boolean' }, { type: 'integer', minimum: 1 }], description: `false (default), true (${DEFAULT_PARALLELISM} at once) or the most iterations at once` },
      counterVariable: { ...VARIABLE_NAME, description: "the item's 0-based index, as ${vars.<name>} inside the iteration" },
      resultVariable: { ...VARIABLE_NAME, description: "every iteration's final payload, in order, as ${vars.<name>}" },
      updateOriginal: { type: 'boolean', description: "write each iteration's final payload back into the collection (default false)" },
      steps: STEP_LIST_SCHEMA,
    },
  },
  compile(config, cctx) {
    const collection = cctx.value(config.collection, 'collection');
    // a broken `${…}` was reported by the expression compiler already
    if (!hasExpression(config.collection)) {
      cctx.error('FERRY_ERR_ARTIFACT_INVALID', 'collection must be an expression giving an array, e.g. ${payload.orders}', 'collection');
    } else if (config.updateOriginal && !collection.isPath) {
      cctx.error('FERRY_ERR_ARTIFACT_INVALID', 'updateOriginal needs a collection that is a plain path such as ${payload.orders} (no function, filter or wildcard), so results can be written back', 'collection');
    }
    const body = cctx.steps(config.steps, 'steps');
    const limit = config.parallel === true ? DEFAULT_PARALLELISM : config.parallel || 1;
    const { counterVariable, resultVariable, updateOriginal } = config;
    return async (mc) => {
      const items = collection.evaluate(mc);
      if (!Array.isArray(items)) {
        throw new FerryError('FERRY_ERR_FOREACH_NOT_ARRAY', `foreach collection ${collection.source} is ${typeOf(items)}, not an array`);
      }
      const results: unknown[] = new Array(items.length);
      let halted: MessageContext | undefined;
      await runPool(items.length, limit, async (index) => {
        const iteration = mc.fork(structuredClone(items[index]));
        if (counterVariable) iteration.vars[counterVariable] = index;
        await body(iteration);
        if (iteration.halted) {
          halted ??= iteration;
          return true;
        }
        results[index] = iteration.payload;
        return false;
      });
      if (halted) return adoptHalt(mc, halted);
      if (updateOriginal) for (let i = 0; i < items.length; i++) items[i] = results[i];
      // with both outputs, the variable gets its own copy so the two never alias
      if (resultVariable) mc.vars[resultVariable] = updateOriginal ? structuredClone(results) : results;
    };
  },
};

/** Carry an iteration's halt over to the message: its response, or its handled fault. */
function adoptHalt(mc: MessageContext, iteration: MessageContext): void {
  mc.halted = iteration.halted;
  mc.response = iteration.response;
  if (iteration.halted !== 'fault') return;
  mc.error = iteration.error;
  mc.thrown = iteration.thrown;
  for (const name of ['ERROR_CODE', 'ERROR_MESSAGE', 'ERROR_DETAIL']) {
    if (name in iteration.props) mc.props[name] = iteration.props[name];
  }
}
