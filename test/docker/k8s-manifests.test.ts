import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/artifacts/project.js';
import { hashPassword } from '../../src/server/management-auth.js';
import { captureLogger } from '../helpers/project.js';
import { ROOT } from '../helpers/cli.js';

// docker/k8s/ holds the manifests for running Ferry on Kubernetes. No cluster is at hand here, so
// each manifest is checked against Kubernetes' own schemas (kubernetes-models) and for what the
// issue asks of it; the ConfigMap's project is loaded the way a pod would load it.

const K8S = join(ROOT, 'docker/k8s');
const MANAGEMENT_PORT = 9164;
const API_PORT = 8290;

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; [k: string]: any };

const manifests: { file: string; doc: Manifest }[] = readdirSync(K8S)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .flatMap((file) =>
    YAML.parseAllDocuments(readFileSync(join(K8S, file), 'utf8'))
      .map((d) => d.toJS() as Manifest | null)
      .filter((doc): doc is Manifest => doc !== null)
      .map((doc) => ({ file, doc })),
  );
const one = (kind: string): Manifest => {
  const found = manifests.filter((m) => m.doc.kind === kind);
  expect(found, `one ${kind} in docker/k8s/`).toHaveLength(1);
  return found[0]!.doc;
};

const deployment = one('Deployment');
const pod = deployment.spec.template.spec;
const ferry = pod.containers.find((c: { name: string }) => c.name === 'ferry');
const configMap = one('ConfigMap');
const secret = one('Secret');

/** A container port given by number or by name, as a number. */
function portNumber(port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return ferry.ports.find((p: { name?: string }) => p.name === port)?.containerPort;
}

// what an operator puts where secret.yaml says REPLACE ME (its placeholders are invalid on purpose)
const FILLED_IN: Record<string, string> = {
  FERRY_ADMIN_PASSWORD_HASH: await hashPassword('an operator chose this'),
  FERRY_MGMT_TOKEN: 'k8s-test-management-token-0123456789',
};

/** The environment a pod of the Deployment gets: plain values and the Secret's, placeholders or filled in. */
function podEnv(filled = true): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of ferry.env as { name: string; value?: string; valueFrom?: { secretKeyRef?: { key: string } } }[]) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.secretKeyRef) {
      const value: string = secret.stringData[e.valueFrom.secretKeyRef.key];
      env[e.name] = filled && value.startsWith('REPLACE ME') ? FILLED_IN[e.name]! : value;
    }
  }
  return env;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('docker/k8s manifests', () => {
  it('hold a Deployment, Service, ConfigMap, Secret, HorizontalPodAutoscaler and PodDisruptionBudget, valid against Kubernetes schemas', () => {
    expect(manifests.map((m) => m.doc.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Secret', 'Service']);
    const models: Record<string, new (data: any) => { validate(): void }> = {
      ConfigMap,
      Secret,
      Service,
      Deployment,
      HorizontalPodAutoscaler,
      PodDisruptionBudget,
    };
    for (const { file, doc } of manifests) {
      expect(() => new models[doc.kind]!(doc).validate(), file).not.toThrow();
      expect(doc.metadata.labels?.['app.kubernetes.io/name'], `${file}: app.kubernetes.io/name label`).toBe('ferry');
    }
  });

  it('Deployment: 2 replicas whose selector matches the pod labels, the image started on /project', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(ferry.image).toMatch(/^[\w./-]*ferry(:[\w.-]+)?$/);
    expect(ferry.args).toEqual(['start', '/project']);
    // a rollout never goes below the replicas asked for
    expect(deployment.spec.strategy).toMatchObject({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } });
  });

  it('Deployment: ports 8290 (APIs) and 9164 (management), set through FERRY_PORT and FERRY_MANAGEMENT_PORT too', () => {
    expect(ferry.ports.map((p: { containerPort: number }) => p.containerPort).sort()).toEqual([API_PORT, MANAGEMENT_PORT]);
    expect(podEnv()).toMatchObject({ FERRY_PORT: String(API_PORT), FERRY_MANAGEMENT_PORT: String(MANAGEMENT_PORT) });
  });

  it('Deployment: liveness on /livez and readiness on /healthz, both on the management port 9164', () => {
    expect(ferry.livenessProbe.httpGet.path).toBe('/livez');
    expect(portNumber(ferry.livenessProbe.httpGet.port)).toBe(MANAGEMENT_PORT);
    expect(ferry.readinessProbe.httpGet.path).toBe('/healthz');
    expect(portNumber(ferry.readinessProbe.httpGet.port)).toBe(MANAGEMENT_PORT);
    if (ferry.startupProbe) expect(portNumber(ferry.startupProbe.httpGet.port)).toBe(MANAGEMENT_PORT);
    // Prometheus scrapes the same port
    expect(deployment.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/port': String(MANAGEMENT_PORT), 'prometheus.io/path': '/metrics' });
  });

  it('Deployment: CPU and memory requests and limits', () => {
    for (const kind of ['requests', 'limits']) {
      expect(ferry.resources[kind], kind).toEqual({ cpu: expect.anything(), memory: expect.stringMatching(/^\d+(Mi|Gi)$/) });
    }
  });

  it('Deployment: non-root, read-only root filesystem, no privilege escalation, no capabilities', () => {
    expect(pod.securityContext.runAsNonRoot ?? ferry.securityContext.runAsNonRoot).toBe(true);
    expect(ferry.securityContext.runAsUser ?? pod.securityContext.runAsUser).toBe(1000);
    expect(ferry.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('Deployment: the only writable places are emptyDirs on /tmp and FERRY_RESULTS_DIR; the project is read-only', () => {
    const mountOf = (path: string) => ferry.volumeMounts.find((m: { mountPath: string }) => m.mountPath === path);
    const volume = (name: string) => pod.volumes.find((v: { name: string }) => v.name === name);
    const results = podEnv().FERRY_RESULTS_DIR ?? '(FERRY_RESULTS_DIR is not set)';
    for (const path of ['/tmp', results]) {
      expect(mountOf(path), `a volume on ${path}`).toBeDefined();
      expect(volume(mountOf(path).name).emptyDir, `${path} is an emptyDir`).toBeDefined();
    }
    expect(mountOf('/project')).toMatchObject({ readOnly: true });
    expect(volume(mountOf('/project').name).configMap.name).toBe(configMap.metadata.name);
    // the image's own results folder is the same one
    expect(readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8')).toContain(`ENV FERRY_RESULTS_DIR=${results}`);
  });

  it('Deployment: the pod gets longer to stop than Ferry takes to drain', () => {
    const server = YAML.parse(configMap.data['config.server.yaml']);
    const shutdown = Number(/^(\d+)s$/.exec(String(server.server.shutdownTimeout ?? '10s'))?.[1]);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(shutdown + 5);
  });

  it('every Secret key the Deployment reads exists in the Secret', () => {
    const refs = (ferry.env as { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef] : []));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.name).toBe(secret.metadata.name);
      expect(Object.keys(secret.stringData), ref.key).toContain(ref.key);
    }
    // every variable server.yaml reads from the environment for Salesforce is given
    const wanted = [...configMap.data['config.server.yaml'].matchAll(/\$\{env:(SF_\w+)/g)].map((m) => m[1]).filter((v) => v !== 'SF_GRANT');
    expect(Object.keys(podEnv())).toEqual(expect.arrayContaining(wanted));
  });

  it('Service: selects the pods and targets the API and management container ports', () => {
    const service = one('Service');
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    const targets = service.spec.ports.map((p: { port: number; targetPort: number | string }) => [p.port, portNumber(p.targetPort)]);
    expect(targets).toEqual(expect.arrayContaining([[API_PORT, API_PORT], [MANAGEMENT_PORT, MANAGEMENT_PORT]]));
  });

  it('HorizontalPodAutoscaler: scales the Deployment on CPU from 2 replicas; the PodDisruptionBudget keeps one', () => {
    const hpa = one('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.metrics).toContainEqual({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } } });
    const pdb = one('PodDisruptionBudget');
    expect(deployment.spec.template.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
    expect(pdb.spec.minAvailable).toBe(1);
  });
});

describe('the ferry-project ConfigMap', () => {
  const items: { key: string; path: string }[] = pod.volumes.find((v: { configMap?: unknown }) => v.configMap).configMap.items;

  it('lays every key out at a path of the project, and every path comes from a key', () => {
    expect(items.map((i) => i.key).sort()).toEqual(Object.keys(configMap.data).sort());
    for (const { key, path } of items) expect(key).toBe(path.split('/').join('.'));
  });

  it('holds the example project as it is in the repository (else run docker/k8s/make-configmap.sh)', () => {
    const repo: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else repo.push(join(dir, entry.name));
      }
    };
    for (const dir of ['config', 'sequences', 'data']) walk(dir);
    expect(items.map((i) => i.path).sort(), 'the files (run docker/k8s/make-configmap.sh)').toEqual(repo.sort());
    for (const { key, path } of items) expect(configMap.data[key], `${path} (run docker/k8s/make-configmap.sh)`).toBe(readFileSync(join(ROOT, path), 'utf8'));
  });

  /** The ConfigMap's files laid out as the pod sees them under /project. */
  function podProject(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-k8s-project-'));
    made.push(dir);
    for (const { key, path } of items) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), configMap.data[key]);
    }
    return dir;
  }
  const errorsOf = (result: ReturnType<typeof loadProject>) => result.diagnostics.list.filter((d) => d.severity === 'error');

  it("is a valid project with the Deployment's environment (the Secret filled in): every API and sequence loads", async () => {
    const result = loadProject(podProject(), { logger: captureLogger('silent').logger, env: podEnv() });
    try {
      expect(errorsOf(result).map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`)).toEqual([]);
      expect(result.counts.apis).toBe(readdirSync(join(ROOT, 'config/apis')).length);
      expect(result.project!.config.sandbox.enabled).toBe(false);
      // the operator's admin hash replaces the example's admin/admin
      expect(result.project!.config.management.users).toEqual([expect.objectContaining({ passwordHash: FILLED_IN.FERRY_ADMIN_PASSWORD_HASH })]);
    } finally {
      await result.project?.close();
    }
  });

  it("refuses to start with the Secret's management placeholders left in (never admin/admin, never a published token)", async () => {
    const result = loadProject(podProject(), { logger: captureLogger('silent').logger, env: podEnv(false) });
    await result.project?.close();
    expect(result.project).toBeUndefined();
    expect(errorsOf(result).map((d) => d.message)).toEqual([expect.stringContaining('passwordHash'), expect.stringContaining('management.token')]);
  });

  it('make-configmap.sh writes the same ConfigMap and items again (it is what made them)', () => {
    const copy = mkdtempSync(join(tmpdir(), 'ferry-k8s-copy-'));
    made.push(copy);
    mkdirSync(join(copy, 'docker'), { recursive: true });
    cpSync(K8S, join(copy, 'docker/k8s'), { recursive: true });
    // the script finds the repository two folders above itself: give it this one's node_modules
    cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const run = spawnSync('bash', [join(copy, 'docker/k8s/make-configmap.sh'), ROOT], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(copy, 'docker/k8s/configmap.yaml'), 'utf8').replace(/^# Generated by .*\n/, '')).toBe(readFileSync(join(K8S, 'configmap.yaml'), 'utf8').replace(/^# Generated by .*\n/, ''));
    expect(readFileSync(join(copy, 'docker/k8s/deployment.yaml'), 'utf8')).toBe(readFileSync(join(K8S, 'deployment.yaml'), 'utf8'));
  });
});
