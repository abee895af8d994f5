import { describe, expect, it } from 'vitest';
import { Diagnostics, formatDiagnostic } from '../../src/artifacts/diagnostics.js';
import { loadServerConfig } from '../../src/config/load.js';
import { toBytes, toMillis } from '../../src/config/units.js';
import { writeProject } from '../helpers/project.js';

function loadConfig(yaml: string | undefined, env: NodeJS.ProcessEnv = {}) {
  const dir = writeProject(yaml === undefined ? {} : { 'config/server.yaml': yaml });
  const diags = new Diagnostics();
  const config = loadServerConfig(dir, diags, env);
  return { config, problems: diags.list.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`) };
}

describe('config/server.yaml', () => {
  it('applies MI-compatible defaults when the file is absent', () => {
    const { config, problems } = loadConfig(undefined);
    expect(problems).toEqual([]);
    expect(config.server).toMatchObject({ port: 8290, managementPort: 9164, host: '0.0.0.0', bodyLimit: 10 * 1024 * 1024, shutdownTimeout: 10_000 });
    expect(config.logging).toEqual({ level: 'info', format: 'auto' });
    expect(config.http).toEqual({ connectionsPerOrigin: 64, timeout: 30_000, maxResponseSize: 50 * 1024 * 1024 });
  });

  it('is frozen after load', () => {
    const { config } = loadConfig('server: { port: 9000 }\n');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.server)).toBe(true);
    expect(() => {
      (config.server as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it.each([
    ['${env:PORT}', { PORT: '9100' }, 9100],
    ['${env:PORT:-9200}', {}, 9200],
    ['${env:PORT:-9200}', { PORT: '9300' }, 9300],
    ['${env:PORT:-9200}', { PORT: '' }, 9200],
  ])('resolves port %s with env %j to %d', (ref, env, port) => {
    const { config, problems } = loadConfig(`server:\n  port: ${ref}\n`, env);
    expect(problems).toEqual([]);
    expect(config.server.port).toBe(port);
  });

  it('substitutes references inside longer strings and keeps digit-only secrets as strings', () => {
    const { config, problems } = loadConfig(
      'endpoints:\n  up:\n    uri: http://${env:HOST:-localhost}:${env:P}/api\nconnections:\n  sf:\n    connector: salesforce\n    password: ${env:PW}\n',
      { P: '8080', PW: '0012345' },
    );
    expect(problems).toEqual([]);
    expect(config.endpoints.up!.uri).toBe('http://localhost:8080/api');
    expect(config.connections.sf!.password).toBe('0012345');
  });

  it('reports an unset variable without default at its exact column', () => {
    const { problems } = loadConfig('server:\n  host: "h-${env:NOPE}"\n');
    expect(problems).toEqual([
      expect.stringMatching(/^2:12 FERRY_ERR_CONFIG_ENV_MISSING environment variable NOPE is not set/),
    ]);
  });

  it.each([
    ['server:\n  port: eighty\n', '2:9 FERRY_ERR_CONFIG_SCHEMA server.port: must be integer'],
    ['server:\n  port: 70000\n', '2:9 FERRY_ERR_CONFIG_SCHEMA server.port: must be <= 65535'],
    ['server:\n  prot: 80\n', '2:3 FERRY_ERR_CONFIG_SCHEMA server.prot: unknown property \'prot\''],
    ['logging:\n  level: loud\n', '2:10 FERRY_ERR_CONFIG_SCHEMA logging.level: must be one of "fatal", "error", "warn", "info", "debug", "trace", "silent"'],
    ['endpoints:\n  up:\n    method: GET\n', '3:5 FERRY_ERR_CONFIG_SCHEMA endpoints.up: missing required property \'uri\''],
    ['endpoints:\n  up:\n    uri: ftp://x\n', '3:10 FERRY_ERR_CONFIG_SCHEMA endpoints.up.uri: must match pattern "^(https?://|\\$\\{)"'],
    ['connections:\n  sf:\n    type: oauth2\n', '3:5 FERRY_ERR_CONFIG_SCHEMA connections.sf: missing required property \'connector\''],
    ['server:\n  bodyLimit: lots\n', '2:14 FERRY_ERR_CONFIG_SCHEMA server.bodyLimit: must be integer'],
    ['server: [1, 2\n', '2:1 FERRY_ERR_CONFIG_SYNTAX YAML Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['server:\n  port: 1\n  port: 2\n', '3:3 FERRY_ERR_CONFIG_SYNTAX YAML Map keys must be unique'],
  ])('rejects %j with a positioned diagnostic', (yaml, expected) => {
    const { problems } = loadConfig(yaml);
    expect(problems).toContain(expected);
  });

  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    [250, 250],
  ])('reads duration %j as %d ms', (text, ms) => {
    expect(toMillis(text)).toBe(ms);
  });

  it.each([
    ['512kb', 512 * 1024],
    ['10mb', 10 * 1024 * 1024],
    ['1GB', 1024 ** 3],
    [100, 100],
  ])('reads size %j as %d bytes', (text, bytes) => {
    expect(toBytes(text)).toBe(bytes);
  });
  describe('management credentials in diagnostics', () => {
    /** Every diagnostic as `ferry validate` prints it (and a failed reload logs it). */
    function printed(yaml: string, env: NodeJS.ProcessEnv = {}) {
      const dir = writeProject({ 'config/server.yaml': yaml });
      const diags = new Diagnostics();
      loadServerConfig(dir, diags, env);
      return { list: diags.list, text: diags.list.map(formatDiagnostic).join('\n') };
    }

    it('a pasted password and a short token are reported at their position without their value', () => {
      const { list, text } = printed(
        'server:\n  port: lots\nmanagement:\n  users:\n    - username: admin\n      passwordHash: MyS3cretPassw0rd\n    - { username: admin, passwordHash: "Fl0wStyleS3cret" }\n  token: sh0rtT0k\n',
      );
      expect(list.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([
        '2:9 server.port: must be integer',
        expect.stringMatching(/^6:21 management\.users\.0\.passwordHash: must be scrypt\$<salt>\$<hash>/),
        expect.stringMatching(/^7:40 management\.users\.1\.passwordHash: must be scrypt/),
        "7:19 management.users.1.username: user 'admin' is listed twice",
        '8:10 management.token: must be at least 16 characters (e.g. openssl rand -base64 32)',
      ]);
      for (const secret of ['MyS3cretPassw0rd', 'Fl0wStyleS3cret', 'sh0rtT0k']) expect(text).not.toContain(secret);
      // other diagnostics keep their source line
      expect(list[0]!.snippet).toBe('  port: lots');
    });

    it('a token that is not a bearer token is reported without its value', () => {
      const { list, text } = printed('management:\n  token: "S3cret token with spaces"\n');
      expect(list.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([expect.stringMatching(/^2:10 management\.token: may hold only letters/)]);
      expect(text).not.toContain('S3cret token');
    });

    it.each([
      ['a token of the wrong type', 'management:\n  token: [S3cretTokenValue1234]\n', 'S3cretTokenValue1234', 'management.token: must be string'],
      ['a passwordHash of the wrong type', 'management:\n  users:\n    - username: admin\n      passwordHash: { pw: MyS3cretPassw0rd }\n', 'MyS3cretPassw0rd', 'management.users.0.passwordHash: must be string'],
      ['a password under a misspelt key', 'management:\n  users:\n    - username: admin\n      password: MyS3cretPassw0rd\n', 'MyS3cretPassw0rd', "management.users.0.password: unknown property 'password'"],
      ['a token under a misspelt key', 'management:\n  tokn: S3cretTokenValue1234\n', 'S3cretTokenValue1234', "management.tokn: unknown property 'tokn'"],
      ['a token missing part of its ${env:…}', 'management:\n  token: "S3cretPrefix${env:NOPE}"\n', 'S3cretPrefix', 'environment variable NOPE is not set'],
    ])('the schema and env checks do not show %s', (_what, yaml, secret, message) => {
      const { list, text } = printed(yaml);
      expect(list.map((d) => d.message)).toContainEqual(expect.stringContaining(message));
      expect(text).not.toContain(secret);
    });
  });
});
