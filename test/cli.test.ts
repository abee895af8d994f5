import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { ROOT, runCli } from './helpers/cli.js';
import { writeProject } from './helpers/project.js';

describe('ferry CLI', () => {
  it('prints help with every command', () => {
    const { code, stdout } = runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['ferry start', 'ferry validate', 'ferry schemas']) expect(stdout).toContain(command);
  });

  it('prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(runCli(['--version']).stdout.trim()).toBe(pkg.version);
  });

  it.each([[['frobnicate']], [['start', '--bogus']], [['validate', 'a', 'b']], [['validate', 'a', '--project', 'b']], [['schemas', 'x']]])('rejects %j with usage and exit 2', (args) => {
    const { code, stderr } = runCli(args);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage:');
  });

  it.each([[['validate', '--project', ROOT]], [['validate', ROOT]]])('validate: exit 0 and a one-line summary for a valid project (%j)', (args) => {
    const { code, stdout, stderr } = runCli(args);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^project is valid: 7 API\(s\), 24 resource\(s\), 5 sequence\(s\)\n$/);
  });

  it('validate: exit 1 and every diagnostic with file:line:col and a caret', () => {
    const dir = writeProject({
      'config/server.yaml': 'server:\n  port: ${env:FERRY_TEST_UNSET_PORT}\n',
      'config/apis/a.yaml': 'name: a\ncontext: /a\nresources:\n  - methods: [GET]\n    inSequence:\n      - lgo: { message: x }\n      - call: { endpoint: nowhere }\n      - log: { message: "${payload.x +}" }\n',
      'config/apis/b.yaml': 'name: b\ncontext: /a\nresources:\n  - methods: [GET]\n    inSequence: missing\n',
    });
    const { code, stdout, stderr } = runCli(['validate', '--project', dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/config\/server\.yaml:2:9: error FERRY_ERR_CONFIG_ENV_MISSING:/);
    expect(stderr).toMatch(/config\/apis\/a\.yaml:6:9: error FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR: unknown mediator 'lgo'; did you mean 'log'\?/);
    expect(stderr).toMatch(/config\/apis\/a\.yaml:7:27: error FERRY_ERR_ARTIFACT_MISSING_ENDPOINT:/);
    expect(stderr).toMatch(/config\/apis\/a\.yaml:8:\d+: error FERRY_ERR_EXPR_SYNTAX:/);
    expect(stderr).toMatch(/config\/apis\/b\.yaml:2:10: error FERRY_ERR_ARTIFACT_CONTEXT_CLASH:/);
    expect(stderr).toContain(`  6 |       - lgo: { message: x }\n${' '.repeat(14)}^\n`);
    expect(stderr).toMatch(/config\/apis\/b\.yaml:5:17: error FERRY_ERR_ARTIFACT_MISSING_SEQUENCE:/);
    expect(stdout).toBe('6 error(s): project is invalid\n');
  });

  it('start: refuses to start an invalid project and says why', () => {
    const dir = writeProject({ 'config/apis/a.yaml': 'name: a\ncontext: /a\nresources:\n  - methods: [GET]\n    inSequence: nope\n' });
    const { code, stderr } = runCli(['start', '--project', dir, '--port', '0']);
    expect(code).toBe(1);
    expect(stderr).toContain('FERRY_ERR_ARTIFACT_MISSING_SEQUENCE');
    expect(stderr).toContain('1 error(s): Ferry did not start');
  });

  it('schemas: writes the editor schemas', () => {
    const out = writeProject({});
    const { code, stdout } = runCli(['schemas', '--out', out]);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(4);
    const api = JSON.parse(readFileSync(join(out, 'api.schema.json'), 'utf8')) as { definitions: { step: { oneOf: unknown[] } } };
    expect(api.definitions.step.oneOf.length).toBeGreaterThanOrEqual(15);
  });
});

describe('ferry sandbox', () => {
  it('runs the sandbox org alone on the given port and stops on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const { freePort } = await import('./helpers/cli.js');
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'bin/ferry.js'), 'sandbox', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 15_000;
    while (!out.includes('listening on') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain(`Salesforce sandbox org listening on http://127.0.0.1:${port}`);
    const res = await fetch(`http://127.0.0.1:${port}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&client_id=ferry-sandbox-client&client_secret=ferry-sandbox-secret&username=admin%40ferry.sandbox&password=ferry-passwordferry-token',
    });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('ferry start with the example project', () => {
  it('serves the APIs and the embedded sandbox org, and stops both on SIGTERM', async () => {
    const { freePort, startCli } = await import('./helpers/cli.js');
    const sandboxPort = await freePort();
    const ferry = await startCli(['--project', ROOT], { FERRY_SANDBOX_PORT: String(sandboxPort), FERRY_LOG_LEVEL: 'info' });
    try {
      const echo = await fetch(`${ferry.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
      expect(await echo.json()).toEqual({ a: 1 });
      const versions = await fetch(`http://127.0.0.1:${sandboxPort}/services/data`);
      expect(versions.status).toBe(200);
      expect(ferry.output()).toContain(`Salesforce sandbox org on http://127.0.0.1:${sandboxPort}`);
    } finally {
      expect(await ferry.stop()).toBe(0);
    }
    await expect(fetch(`http://127.0.0.1:${sandboxPort}/services/data`)).rejects.toThrow();
  });
});
