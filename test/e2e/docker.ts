import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { GenericContainer, getContainerRuntimeClient, ImageName } from 'testcontainers';

// The Ryuk reaper's image cannot be pulled where no registry is reachable; every test removes
// what it starts instead.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

/** the image's HEALTHCHECK command, as GenericContainer.withHealthCheck takes it */
export type HealthCheckTest = ['CMD-SHELL', string] | ['CMD', ...string[]];

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** the image docker/base-image.sh builds from this host's Node */
export const LOCAL_BASE_IMAGE = 'ferry-node-base:local';

export const HOW_TO_ENABLE =
  'to run them: `sudo apt-get install -y docker.io && sudo dockerd &`, then `docker/base-image.sh` ' +
  '(or set FERRY_BASE_IMAGE to a Node image your engine can pull, e.g. node:20-bookworm-slim)';

export type Engine = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Whether a Docker engine answers: `GET /_ping` on DOCKER_HOST (unix:// or tcp://) or on
 * /var/run/docker.sock, within 3 s. FERRY_E2E=off skips the container tests on purpose.
 */
export async function dockerEngine(env: NodeJS.ProcessEnv = process.env): Promise<Engine> {
  if (['off', '0', 'false'].includes((env.FERRY_E2E ?? '').toLowerCase())) return { ok: false, reason: 'FERRY_E2E=off' };
  const host = env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  let target: { socketPath: string } | { host: string; port: number };
  if (host.startsWith('unix://')) target = { socketPath: host.slice('unix://'.length) };
  else if (host.startsWith('tcp://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    target = { host: url.hostname, port: Number(url.port || 2375) };
  } else return { ok: false, reason: `DOCKER_HOST=${host} is neither unix:// nor tcp://` };
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => resolve(res.statusCode === 200 ? { ok: true } : { ok: false, reason: `the Docker engine at ${host} answered ${res.statusCode} ${body.trim()}` }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 3 s')));
    req.on('error', (err) => resolve({ ok: false, reason: `no Docker engine at ${host} (${err.message})` }));
    req.end();
  });
}

/**
 * The base image to build FROM: FERRY_BASE_IMAGE when set, else ferry-node-base:local, which is
 * built with docker/base-image.sh when the engine does not have it yet.
 */
export async function baseImage(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.FERRY_BASE_IMAGE) return env.FERRY_BASE_IMAGE;
  const client = await getContainerRuntimeClient();
  if (!(await client.image.exists(ImageName.fromString(LOCAL_BASE_IMAGE)))) {
    const built = spawnSync('bash', [`${ROOT}docker/base-image.sh`], { encoding: 'utf8', timeout: 120_000 });
    if (built.status !== 0) throw new Error(`docker/base-image.sh failed (${built.status}): ${built.stderr}${built.stdout}\n${HOW_TO_ENABLE}`);
  }
  return LOCAL_BASE_IMAGE;
}

export interface BuiltImage {
  readonly name: string;
  /** the image's own HEALTHCHECK command */
  readonly healthcheck: HealthCheckTest;
  readonly bytes: number;
  /** untag it (the layers stay cached for the next build) */
  remove(): Promise<void>;
}

/**
 * Build docker/Dockerfile from the repository root under a tag of its own (a failed build can
 * never leave an older image to be tested), FROM the given base image.
 */
export async function buildImage(base: string): Promise<BuiltImage> {
  const name = `ferry-e2e:${process.pid}-${Date.now()}`;
  try {
    await GenericContainer.fromDockerfile(ROOT, 'docker/Dockerfile').withBuildArgs({ BASE_IMAGE: base }).build(name, { deleteOnExit: false });
  } catch (err) {
    throw new Error(`building docker/Dockerfile FROM ${base} failed (${(err as Error).message}); see why with: docker build -f docker/Dockerfile --build-arg BASE_IMAGE=${base} .`, { cause: err });
  }
  const client = await getContainerRuntimeClient();
  const info = await client.image.inspect(ImageName.fromString(name));
  return {
    name,
    healthcheck: (info.Config.Healthcheck?.Test ?? ['CMD-SHELL', 'exit 0']) as HealthCheckTest,
    bytes: info.Size,
    remove: async () => {
      await client.container.dockerode.getImage(name).remove({ noprune: true });
    },
  };
}

/** Everything a container wrote to stdout and stderr so far, across restarts. */
export async function containerLogs(id: string): Promise<string> {
  const client = await getContainerRuntimeClient();
  const raw = (await client.container.getById(id).logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
  // without a TTY the engine frames each chunk: [stream, 0, 0, 0, size (4 bytes, big-endian)] + payload
  let out = '';
  for (let at = 0; at + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(at + 4);
    out += raw.subarray(at + 8, at + 8 + size).toString('utf8');
    at += 8 + size;
  }
  return out;
}

/** The container's state as the engine reports it (exit code, health). */
export async function containerState(id: string): Promise<{ running: boolean; exitCode: number; health: string | undefined }> {
  const client = await getContainerRuntimeClient();
  const { State } = await client.container.getById(id).inspect();
  return { running: State.Running, exitCode: State.ExitCode, health: State.Health?.Status };
}

/** Remove a container (stopped or not). */
export async function removeContainer(id: string): Promise<void> {
  const client = await getContainerRuntimeClient();
  await client.container.getById(id).remove({ force: true, v: true });
}
