import { describe, expect, it } from 'vitest';
import { runSteps } from '../../helpers/project.js';

describe('throwError mediator', () => {
  it('raises a fault with its type as code and a dynamic message', async () => {
    const { response, json, mc } = await runSteps('- throwError: { type: ORDER_INVALID, errorMessage: "order ${payload.id} has no lines" }', { payload: { id: 'A' } });
    expect(response.status).toBe(500);
    expect(json).toEqual({ error: { code: 'ORDER_INVALID', message: 'order A has no lines' } });
    expect(mc.props).toMatchObject({ ERROR_CODE: 'ORDER_INVALID', ERROR_MESSAGE: 'order A has no lines' });
  });

  it('answers with the given status through the default handler', async () => {
    const { response } = await runSteps('- throwError: { type: NOT_FOUND, errorMessage: missing, status: 404 }');
    expect(response.status).toBe(404);
  });

  it('defaults the type to FERRY_ERR_THROW', async () => {
    const { json } = await runSteps('- throwError: { errorMessage: boom }');
    expect(json).toEqual({ error: { code: 'FERRY_ERR_THROW', message: 'boom' } });
  });
});
