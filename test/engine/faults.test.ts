import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../helpers/project.js';

type Server = Awaited<ReturnType<typeof serve>>;

const API = `name: faults
context: /f
resources:
  - methods: [GET]
    uriTemplate: /plain
    inSequence:
      - throwError: { type: PLAIN, errorMessage: "plain failure", status: 409 }

  - methods: [GET]
    uriTemplate: /resource-handler
    inSequence:
      - throwError: { type: OOPS, errorMessage: "from resource" }
    faultSequence:
      - respond: { status: 503, body: { handledBy: faultSequence, code: "\${error.code}", legacy: "\${props.ERROR_MESSAGE}" } }

  - methods: [GET]
    uriTemplate: /nested
    inSequence:
      - sequence: guarded
      - respond: { body: "not reached" }
    faultSequence:
      - respond: { status: 500, body: { handledBy: faultSequence } }

  - methods: [GET]
    uriTemplate: /handler-fails
    inSequence: guarded-badly
    faultSequence:
      - respond: { status: 500, body: { handledBy: faultSequence, code: "\${error.code}" } }

  - methods: [GET]
    uriTemplate: /silent-handler
    inSequence:
      - throwError: { type: QUIET, errorMessage: "handled but unanswered", status: 422 }
    faultSequence:
      - log: { message: "saw \${error.code}" }

  - methods: [GET]
    uriTemplate: /eval
    inSequence:
      - variable: { name: n, expression: "\${integer(params.queryParams.n)}" }
      - respond: { body: "\${vars.n}" }
`;

const SEQUENCES = {
  'sequences/guarded.yaml': `name: guarded
steps:
  - throwError: { type: INNER, errorMessage: "inner failure" }
onError:
  - respond: { status: 400, body: { handledBy: onError, code: "\${error.code}", message: "\${error.message}", status: "\${error.status}" } }
`,
  'sequences/guarded-badly.yaml': `name: guarded-badly
steps:
  - throwError: { type: FIRST, errorMessage: first }
onError: broken-handler
`,
  'sequences/broken-handler.yaml': `name: broken-handler
steps:
  - throwError: { type: SECOND, errorMessage: "handler broke" }
`,
};

describe('fault handling: onError, then faultSequence, then the default handler', () => {
  let server: Server;
  beforeAll(async () => {
    server = await serve({ 'config/apis/faults.yaml': API, ...SEQUENCES }, 'info');
  });
  afterAll(() => server.close());

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it.each([
    ['/f/plain', 409, { error: { code: 'PLAIN', message: 'plain failure' } }],
    ['/f/resource-handler', 503, { handledBy: 'faultSequence', code: 'OOPS', legacy: 'from resource' }],
    ['/f/nested', 400, { handledBy: 'onError', code: 'INNER', message: 'inner failure', status: 500 }],
    ['/f/handler-fails', 500, { handledBy: 'faultSequence', code: 'SECOND' }],
    ['/f/silent-handler', 422, { error: { code: 'QUIET', message: 'handled but unanswered' } }],
  ])('GET %s → %d %j', async (path, status, body) => {
    expect(await get(path)).toEqual({ status, body });
  });

  it('turns an expression failure into a coded fault; the log line names the artifact position, the answer does not', async () => {
    const { status, body } = await get('/f/eval?n=abc');
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: 'FERRY_ERR_EXPR_EVAL', message: 'integer() cannot convert string "abc" to an integer in ${integer(params.queryParams.n)}' } });
    const line = server.logs().find((l) => l.code === 'FERRY_ERR_EXPR_EVAL');
    expect(line?.position).toMatch(/faults\.yaml:40:42$/);
  });

  it('logs one concise line for a fault the default handler answers', async () => {
    await get('/f/plain');
    const lines = server.logs().filter((l) => String(l.msg).startsWith('fault: PLAIN'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatchObject({ level: 'warn', code: 'PLAIN', status: 409, api: 'faults' });
    expect(typeof lines[0]!.reqId).toBe('string');
  });

  it('keeps serving after faults', async () => {
    for (let i = 0; i < 5; i++) await get('/f/plain');
    expect((await get('/f/eval?n=4')).body).toBe(4);
  });
});
