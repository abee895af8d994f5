import { describe, expect, it } from 'vitest';
import { Connections } from '../../../src/connectors/connections.js';
import type { LoadedConnector } from '../../../src/connectors/discover.js';
import type { ConnectorIO } from '../../../src/connectors/types.js';

/** A connector whose clients record whether they were closed. */
function counting(): { connector: LoadedConnector; clients: { id: number; closed: number }[] } {
  const clients: { id: number; closed: number }[] = [];
  const module = {
    operations: {},
    createClient: () => {
      const client = { id: clients.length, closed: 0, close: async () => void client.closed++ };
      clients.push(client);
      return client;
    },
  };
  return { connector: { descriptor: { name: 'c' }, module } as unknown as LoadedConnector, clients };
}

describe('inline connections (<connector>.init) cache', () => {
  it('keeps one client per parameter set, the 100 most recently used, closing the one it drops', async () => {
    const { connector, clients } = counting();
    const connections = new Connections([connector], {} as ConnectorIO);
    const open = (n: number) => connections.inline(connector, 't', { table: `t${n}`, extra: { b: 1, a: 2 } });
    for (let n = 0; n < 100; n++) open(n);
    expect(clients).toHaveLength(100);
    // a hit, with its keys in another order, is the same client and becomes the most recent
    expect(connections.inline(connector, 't', { extra: { a: 2, b: 1 }, table: 't0' })).toBe(clients[0]);
    open(100);
    expect(clients).toHaveLength(101);
    expect(clients.filter((c) => c.closed > 0).map((c) => c.id)).toEqual([1]);
    // the dropped one is opened afresh when asked for again
    expect(open(1)).toBe(clients[101]);
    expect(clients[2]!.closed).toBe(1);
    await connections.close();
    // every client closed exactly once, the dropped ones included
    expect(clients.map((c) => c.closed)).toEqual(Array(102).fill(1));
  });
});
