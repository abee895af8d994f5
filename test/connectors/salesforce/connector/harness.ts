import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../../connectors/salesforce/sandbox/index.js';
import { runSteps, type RunInput, type RunOutcome } from '../../../helpers/project.js';

/**
 * A sandbox org for a test file, and a way to run Salesforce steps against it through the real
 * flow runner. The connections `sf` (oauth2, client credentials), `sfPassword` (password
 * grant) and `sfSoap` (basicAuth: SOAP login) point at the sandbox.
 */
export function useSalesforce(options: SandboxOptions = {}): {
  readonly sandbox: Sandbox;
  readonly url: string;
  /** server.yaml text with the sandbox connections (plus `extra` YAML appended under connections) */
  serverYaml(extra?: string): string;
  /** run steps (YAML list) with the sandbox connections configured */
  run(steps: string, input?: RunInput, extraFiles?: Record<string, string>): Promise<RunOutcome>;
} {
  const holder: { sandbox?: Sandbox } = {};
  beforeAll(async () => {
    holder.sandbox = await startSandbox({ port: 0, ...options });
  });
  afterAll(() => holder.sandbox?.close());
  const serverYaml = (extra = '') => {
    const url = holder.sandbox!.url;
    return [
      'connections:',
      `  sf: { connector: salesforce, type: oauth2, instanceUrl: "${url}", tokenUrl: "${url}/services/oauth2/token", clientId: ferry-sandbox-client, clientSecret: ferry-sandbox-secret }`,
      `  sfPassword: { connector: salesforce, type: oauth2, grant: password, instanceUrl: "${url}", tokenUrl: "${url}/services/oauth2/token", clientId: ferry-sandbox-client, clientSecret: ferry-sandbox-secret, username: admin@ferry.sandbox, password: ferry-password, securityToken: ferry-token }`,
      `  sfSoap: { connector: salesforce, type: basicAuth, loginUrl: "${url}/services/Soap/u/60.0", username: admin@ferry.sandbox, password: ferry-password, securityToken: ferry-token }`,
      extra,
    ].join('\n');
  };
  return {
    get sandbox() {
      return holder.sandbox!;
    },
    get url() {
      return holder.sandbox!.url;
    },
    serverYaml,
    run: (steps, input = {}, extraFiles = {}) => runSteps(steps, input, { 'config/server.yaml': serverYaml(), ...extraFiles }),
  };
}
