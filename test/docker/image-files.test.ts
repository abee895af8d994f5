import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

// The container files read as specifications: docker/Dockerfile, .dockerignore, docker/compose.yaml
// and the scripts. test/e2e/ builds and runs the image for real where a Docker engine is reachable;
// these checks run everywhere.

const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');
/** Instructions with their continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'))
  .map((l) => {
    const [op, ...rest] = l.split(/\s+/);
    return { op: op!.toUpperCase(), args: rest.join(' ') };
  });
const stages: { name: string; body: { op: string; args: string }[] }[] = [];
for (const ins of instructions) {
  if (ins.op === 'FROM') stages.push({ name: /\bAS\s+(\S+)/i.exec(ins.args)?.[1] ?? '', body: [] });
  else stages.at(-1)?.body.push(ins);
}
const runtime = stages.at(-1)!;
const last = (op: string) => runtime.body.filter((i) => i.op === op).at(-1)?.args;

describe('docker/Dockerfile', () => {
  it('builds FROM a build argument whose default is the official Node image', () => {
    expect(instructions[0]).toEqual({ op: 'ARG', args: expect.stringMatching(/^BASE_IMAGE=node:(20|22)(-[\w.]+)*$/) });
    expect(instructions.filter((i) => i.op === 'FROM').map((i) => i.args.split(/\s+/)[0])).toEqual(['${BASE_IMAGE}', '${BASE_IMAGE}']);
  });

  it('is multi-stage: compiled with dev dependencies, run with production ones only (no npm scripts: "prepare" would build)', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    const runs = (stage: (typeof stages)[number]) => stage.body.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs(stages[0]!)).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci --ignore-scripts\b/), expect.stringMatching(/^npm run build\b/)]));
    expect(runs(stages[0]!).join(' ')).not.toContain('--omit=dev');
    expect(runs(runtime)).toContainEqual(expect.stringMatching(/^npm ci --omit=dev --ignore-scripts\b/));
    expect(runtime.body.filter((i) => i.op === 'COPY' && i.args.startsWith('--from=build'))).toEqual([{ op: 'COPY', args: '--from=build /src/dist ./dist' }]);
  });

  it('runs as a numeric non-root user (Kubernetes runAsNonRoot can check it)', () => {
    const user = last('USER');
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user!.split(':')[0])).toBeGreaterThan(0);
  });

  it('holds the example project in /project (a volume can replace it) and starts it', () => {
    for (const dir of ['config', 'sequences', 'data']) expect(runtime.body).toContainEqual({ op: 'COPY', args: `${dir} /project/${dir}` });
    expect(last('WORKDIR')).toBe('/project');
    expect(last('ENTRYPOINT')).toBe('["node", "/app/bin/ferry.js"]');
    expect(last('CMD')).toBe('["start", "/project"]');
    expect(last('EXPOSE')!.split(/\s+/).sort()).toEqual(['8290', '9164']);
  });

  describe('HEALTHCHECK', () => {
    const healthcheck = last('HEALTHCHECK')!;
    const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
    let server: Server | undefined;
    afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

    /** Run the image's health command against a management port answering `status` on /livez. */
    async function probe(status: number | undefined): Promise<{ code: number | null; paths: string[] }> {
      const paths: string[] = [];
      let port = 1; // nothing listens there
      if (status !== undefined) {
        server = createServer((req, res) => {
          paths.push(req.url ?? '');
          res.writeHead(req.url === '/livez' ? status : 404).end();
        });
        await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
        port = (server.address() as { port: number }).port;
      }
      const [bin, ...args] = command;
      expect(bin).toBe('node');
      // async: the fake server answers in this same process
      const child = await import('node:child_process').then(({ spawn }) => spawn(process.execPath, args, { env: { ...process.env, FERRY_MANAGEMENT_PORT: String(port) }, stdio: 'ignore' }));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { code, paths };
    }

    it('is node fetching /livez on the management port (no curl in slim images): exit 0 when it answers 200', async () => {
      expect(healthcheck).toMatch(/--interval=\d+s/);
      expect(healthcheck).toContain('9164');
      expect(await probe(200)).toEqual({ code: 0, paths: ['/livez'] });
    });

    it('exits 1 when /livez fails or nothing listens', async () => {
      expect((await probe(503)).code).toBe(1);
      expect((await probe(undefined)).code).toBe(1);
    });
  });
});

describe('.dockerignore', () => {
  const lines = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const included = new Set(lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, '')));

  it('sends only what the Dockerfile copies: everything excluded, then each COPY source let in', () => {
    expect(lines[0]).toBe('*');
    const sources = instructions
      .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(included, `.dockerignore lets ${source} in`).toContain(source);
      expect(existsSync(join(ROOT, source)), source).toBe(true);
    }
    for (const never of ['node_modules', 'dist', '.git', 'test']) expect(included).not.toContain(never);
  });
});

describe('docker/compose.yaml', () => {
  const compose = YAML.parse(readFileSync(join(ROOT, 'docker/compose.yaml'), 'utf8'), { merge: true });
  const { ferry, sandbox } = compose.services;
  const serverYaml = readFileSync(join(ROOT, 'config/server.yaml'), 'utf8');

  it('builds both services from docker/Dockerfile with the official Node image as the default base', () => {
    for (const service of [ferry, sandbox]) {
      expect(service.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile', args: { BASE_IMAGE: expect.stringMatching(/^\$\{BASE_IMAGE:-node:(20|22)[\w.-]*\}$/) } });
    }
  });

  it('runs the sandbox org standalone with `ferry sandbox`, listening beyond its own loopback', () => {
    expect(sandbox.command.slice(0, 1)).toEqual(['sandbox']);
    expect(sandbox.command.join(' ')).toMatch(/--host 0\.0\.0\.0 --port 9270/);
    expect(readFileSync(join(ROOT, 'src/cli.ts'), 'utf8')).toMatch(/ferry sandbox +\[--port N\]/);
    expect(sandbox.healthcheck.test.join(' ')).toContain('http://127.0.0.1:9270/');
  });

  it('points the connections at the sandbox service through the SF_* variables, the embedded sandbox off', () => {
    const env = ferry.environment as Record<string, string>;
    expect(env.FERRY_SANDBOX).toBe('false');
    // the sandbox shares ferry's network namespace: its address is ferry's 127.0.0.1
    expect(sandbox.network_mode).toBe('service:ferry');
    expect(env.SF_INSTANCE_URL).toBe('${SF_INSTANCE_URL:-http://127.0.0.1:9270}');
    expect(env.SF_TOKEN_URL).toBe('${SF_TOKEN_URL:-http://127.0.0.1:9270/services/oauth2/token}');
    expect(env.SF_LOGIN_URL).toBe('${SF_LOGIN_URL:-http://127.0.0.1:9270}');
    const read = [...new Set([...serverYaml.matchAll(/\$\{env:(SF_\w+)/g)].map((m) => m[1]!))].filter((v) => v !== 'SF_GRANT');
    expect(Object.keys(env)).toEqual(expect.arrayContaining(read));
  });

  it('mounts the checkout project read-only over /project, a volume on FERRY_RESULTS_DIR, tmpfs /tmp', () => {
    for (const dir of ['config', 'sequences', 'data']) {
      expect(ferry.volumes).toContain(`../${dir}:/project/${dir}:ro`);
      expect(existsSync(join(ROOT, dir))).toBe(true);
    }
    expect(ferry.volumes).toContain('results:/var/lib/ferry/results');
    expect(dockerfile).toContain('ENV FERRY_RESULTS_DIR=/var/lib/ferry/results');
    for (const service of [ferry, sandbox]) expect(service).toMatchObject({ read_only: true, tmpfs: ['/tmp'] });
  });

  it('publishes the API, management and sandbox ports and waits longer than the drain on stop', () => {
    expect(ferry.ports.map((p: string) => p.split(':')[0])).toEqual(['8290', '9164', '9270']);
    expect(Number(/^(\d+)s$/.exec(ferry.stop_grace_period)?.[1])).toBeGreaterThan(10);
  });
});

describe('the scripts', () => {
  it.each(['docker/base-image.sh', 'docker/k8s/make-configmap.sh', '.ci/run'])('%s is valid bash', (script) => {
    const res = spawnSync('bash', ['-n', join(ROOT, script)], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
  });

  it('base-image.sh prints the build argument that selects its image', () => {
    expect(readFileSync(join(ROOT, 'docker/base-image.sh'), 'utf8')).toContain('echo "--build-arg BASE_IMAGE=$IMAGE"');
  });
});
