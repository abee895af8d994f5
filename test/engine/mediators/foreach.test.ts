import { describe, expect, it } from 'vitest';
import { runPool } from '../../../src/engine/mediators/worker-pool.js';
import { diagnosticsOf, load, runSteps } from '../../helpers/project.js';

const orders = () => ({ orders: [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }], other: 1 });

/** A foreach step over `collection` with the given options and step list (YAML flow text). */
const foreach = (options: string, steps: string, collection = '${payload.orders}') => `- foreach: { collection: "${collection}", ${options}${options ? ', ' : ''}steps: ${steps} }`;
const TAG = '[ { payloadFactory: { format: \'{"n": ${vars.i}, "sku": "${payload.sku}"}\' } } ]';
const tagged = [
  { n: 0, sku: 'A' },
  { n: 1, sku: 'B' },
  { n: 2, sku: 'C' },
];

/** Which items' steps ran, from the info lines `log: "item <sku>"` wrote. */
const ran = (logs: Record<string, unknown>[]) => logs.map((l) => l.msg).filter((m): m is string => typeof m === 'string' && m.startsWith('item '));

describe('foreach', () => {
  it.each([
    ['sequentially', 'counterVariable: i, resultVariable: out'],
    ['in parallel (true)', 'parallel: true, counterVariable: i, resultVariable: out'],
    ['in parallel (2 at once)', 'parallel: 2, counterVariable: i, resultVariable: out'],
  ])('collects every final payload in order, %s', async (_name, options) => {
    const { mc } = await runSteps(foreach(options, TAG), { payload: orders() });
    expect(mc.vars.out).toEqual(tagged);
    expect(mc.payload).toEqual(orders());
  });

  it('writes results back into the collection with updateOriginal', async () => {
    const { mc } = await runSteps(foreach('counterVariable: i, updateOriginal: true', TAG), { payload: orders() });
    expect(mc.payload).toEqual({ orders: tagged, other: 1 });
  });

  it('gives resultVariable its own copy when updateOriginal is on too', async () => {
    const { mc } = await runSteps(foreach('counterVariable: i, updateOriginal: true, resultVariable: out', TAG), { payload: orders() });
    (mc.vars.out as { sku: string }[])[0]!.sku = 'changed';
    expect(mc.payload).toEqual({ orders: tagged, other: 1 });
  });

  it('writes back into a variable collection', async () => {
    const { mc } = await runSteps(foreach('updateOriginal: true', "[ { payloadFactory: { format: '${payload * 10}' } } ]", '${vars.list}'), { vars: { list: [1, 2] } });
    expect(mc.vars.list).toEqual([10, 20]);
  });

  it('leaves the collection alone when iterations change their payload in place', async () => {
    const { mc } = await runSteps(foreach('', '[ { enrich: { source: { type: inline, value: 1 }, target: { type: child, path: "${payload}", key: changed } } } ]'), { payload: orders() });
    expect(mc.payload).toEqual(orders());
  });

  it("keeps an iteration's variables, counter included, out of the message", async () => {
    const { mc } = await runSteps(foreach('counterVariable: i', '[ { variable: { name: inner, value: 1 } } ]'), { payload: orders(), vars: { outer: true } });
    expect(mc.vars).toEqual({ outer: true });
  });

  it('lets iterations read the variables of the message', async () => {
    const { mc } = await runSteps(foreach('resultVariable: out', "[ { payloadFactory: { format: '\"${vars.prefix}-${payload.sku}\"' } } ]"), { payload: orders(), vars: { prefix: 'x' } });
    expect(mc.vars.out).toEqual(['x-A', 'x-B', 'x-C']);
  });

  it('runs no iteration over an empty array', async () => {
    const { mc, logs } = await runSteps(foreach('resultVariable: out', '[ { log: { message: "item ${payload.sku}" } } ]'), { payload: { orders: [] } });
    expect(mc.vars.out).toEqual([]);
    expect(ran(logs)).toEqual([]);
  });

  it.each([
    [{ orders: { sku: 'A' } }, 'foreach collection ${payload.orders} is object, not an array'],
    [{ orders: 'A,B' }, 'foreach collection ${payload.orders} is string, not an array'],
    [{}, 'foreach collection ${payload.orders} is null, not an array'],
  ])('fails with FERRY_ERR_FOREACH_NOT_ARRAY on %j (null too, as MI)', async (payload, message) => {
    const { response, json } = await runSteps(foreach('', '[]'), { payload });
    expect(response.status).toBe(500);
    expect(json).toEqual({ error: { code: 'FERRY_ERR_FOREACH_NOT_ARRAY', message } });
  });
});

describe('foreach when an iteration stops', () => {
  const failOnB = '[ { log: { message: "item ${payload.sku}" } }, { filter: { expression: "${payload.sku == \'B\'}", then: [ { throwError: { type: BAD_ITEM, errorMessage: "bad ${payload.sku}", status: 422 } } ] } } ]';

  const many = () => ({ orders: ['A', 'B', 'C', 'D', 'E', 'F'].map((sku) => ({ sku })) });

  it('a fault fails the flow with that error, and sequentially no later item starts', async () => {
    const { mc, response, json, logs } = await runSteps(`${foreach('', failOnB)}\n- variable: { name: after, value: 1 }`, { payload: many() });
    expect(response.status).toBe(422);
    expect(json).toEqual({ error: { code: 'BAD_ITEM', message: 'bad B' } });
    expect(ran(logs)).toEqual(['item A', 'item B']);
    expect(mc.vars.after).toBeUndefined();
  });

  it('a fault in parallel fails the flow with that error and starts no further items', async () => {
    const { response, json, logs } = await runSteps(foreach('parallel: 2', failOnB), { payload: many() });
    expect(response.status).toBe(422);
    expect(json).toEqual({ error: { code: 'BAD_ITEM', message: 'bad B' } });
    // A and B start together; one more may start as A finishes before B's failure is seen
    expect(ran(logs).slice(0, 2)).toEqual(['item A', 'item B']);
    expect(ran(logs).length).toBeLessThan(4);
  });

  it('a fault handled by an onError inside the iteration halts the flow with that error', async () => {
    const { mc, response, json } = await runSteps(`${foreach('', '[ { sequence: checked } ]')}\n- variable: { name: after, value: 1 }`, { payload: orders() }, {
      'sequences/checked.yaml': `name: checked
steps:
  - filter: { expression: "\${payload.sku == 'B'}", then: [ { throwError: { type: BAD_ITEM, errorMessage: "bad \${payload.sku}", status: 409 } } ] }
onError:
  - log: { message: "handled \${error.code}" }
`,
    });
    expect(mc.vars.after).toBeUndefined();
    expect(mc.props.ERROR_CODE).toBe('BAD_ITEM');
    expect(response.status).toBe(409);
    expect(json).toEqual({ error: { code: 'BAD_ITEM', message: 'bad B' } });
  });

  it('a respond inside an iteration answers the client and stops the flow', async () => {
    const steps = '[ { filter: { expression: "${payload.sku == \'B\'}", then: [ { respond: { status: 200, body: { found: "${payload.sku}" } } } ] } } ]';
    const { mc, json } = await runSteps(`${foreach('', steps)}\n- variable: { name: after, value: 1 }`, { payload: orders() });
    expect(json).toEqual({ found: 'B' });
    expect(mc.halted).toBe('respond');
    expect(mc.vars.after).toBeUndefined();
  });

  it('a drop inside an iteration drops the message', async () => {
    const { response } = await runSteps(`${foreach('', '[ { drop: {} } ]')}\n- respond: {}`, { payload: orders() });
    expect(response.status).toBe(202);
  });
});

describe('foreach at load', () => {
  it.each([
    ['collection: "payload.orders", steps: []', '3:28 FERRY_ERR_ARTIFACT_INVALID collection must be an expression giving an array'],
    ['collection: "${payload.orders[*]}", updateOriginal: true, steps: []', '3:28 FERRY_ERR_ARTIFACT_INVALID updateOriginal needs a collection that is a plain path'],
    ['collection: "${length(payload.orders)}", updateOriginal: true, steps: []', '3:28 FERRY_ERR_ARTIFACT_INVALID updateOriginal needs a collection that is a plain path'],
    ['collection: "${payload.}", steps: []', "3:39 FERRY_ERR_EXPR_SYNTAX expected a property name after '.'"],
    ['collection: "${payload.orders}", parallel: 0, steps: []', '3:59 FERRY_ERR_ARTIFACT_SCHEMA foreach: parallel: must be >= 1'],
    ['collection: "${payload.orders}", counterVariable: "a.b", steps: []', '3:66 FERRY_ERR_ARTIFACT_SCHEMA foreach: counterVariable: must match pattern'],
    ['collection: "${payload.orders}"', "3:14 FERRY_ERR_ARTIFACT_SCHEMA foreach: (top level): missing required property 'steps'"],
    ['collection: "${payload.orders}", steps: [ { nope: {} } ]', "3:60 FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR unknown mediator 'nope'"],
  ])('{ %s }', (config, expected) => {
    const diagnostics = diagnosticsOf(load({ 'sequences/s.yaml': `name: s\nsteps:\n  - foreach: { ${config} }\n` }));
    expect(diagnostics).toContainEqual(expect.stringContaining(`s.yaml:${expected}`));
  });

  it('reports a broken collection expression once', () => {
    const diagnostics = diagnosticsOf(load({ 'sequences/s.yaml': 'name: s\nsteps:\n  - foreach: { collection: "${payload.}", steps: [] }\n' }));
    expect(diagnostics).toEqual([expect.stringContaining('FERRY_ERR_EXPR_SYNTAX')]);
  });
});

/** A task whose completion the test controls, to observe concurrency without timers. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('runPool', () => {
  it.each([
    [1, 5],
    [3, 10],
    [16, 4],
  ])('with limit %i runs at most that many of %i tasks at once, starting them in order', async (limit, count) => {
    const gates = Array.from({ length: count }, gate);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const done = runPool(count, limit, async (i) => {
      started.push(i);
      running++;
      most = Math.max(most, running);
      await gates[i]!.opened;
      running--;
    });
    await Promise.resolve();
    expect(started).toEqual(Array.from({ length: Math.min(limit, count) }, (_, i) => i));
    // finish tasks out of order, a tick apart; `most` watches the bound throughout
    for (let k = count - 1; k >= 0; k--) {
      gates[k]!.open();
      await Promise.resolve();
    }
    await done;
    expect(started).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(most).toBe(Math.min(limit, count));
  });

  it('stops starting tasks after a failure, waits for running ones, and rethrows the first error', async () => {
    const slow = gate();
    const finished: number[] = [];
    const done = runPool(10, 2, async (i) => {
      if (i === 0) {
        await slow.opened;
        finished.push(0);
        throw new Error('second');
      }
      if (i === 1) throw new Error('first');
      finished.push(i);
    });
    await Promise.resolve();
    slow.open();
    await expect(done).rejects.toThrow('first');
    expect(finished).toEqual([0]);
  });

  it('stops starting tasks when a task returns true', async () => {
    const seen: number[] = [];
    await runPool(10, 1, (i) => {
      seen.push(i);
      return i === 3;
    });
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('runs nothing for zero tasks', async () => {
    let calls = 0;
    await runPool(0, 4, () => calls++);
    expect(calls).toBe(0);
  });
});
