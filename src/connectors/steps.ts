import { closest } from '../artifacts/step-compiler.js';
import { FerryError } from '../errors.js';
import { BodyStream, readableBody } from '../engine/body-stream.js';
import type { CompiledValue } from '../expressions/index.js';
import type { MessageContext } from '../engine/message-context.js';
import type { FlowObserver, OperationObserver } from '../engine/observer.js';
import { applyResult, type OperationResult } from '../engine/result.js';
import { RESULT_OPTIONS_SCHEMA, type CompileContext, type JsonSchema, type MediatorDefinition } from '../engine/types.js';
import { schemaProblems } from '../schema/ajv.js';
import type { Connections } from './connections.js';
import type { LoadedConnector } from './discover.js';
import type { ConnectorClient, OperationDescriptor } from './types.js';

const STEP_OPTIONS = {
  configKey: { type: 'string', description: 'a connection from config/server.yaml; without it, the one a preceding <connector>.init opened' },
  ...RESULT_OPTIONS_SCHEMA,
  failOnError: { type: 'boolean', description: 'a non-2xx answer raises a fault (default true); false keeps it in the result' },
};

/**
 * One step definition per operation of a connector, plus its `init`. With an observer, every
 * operation call is timed and its outcome and API usage reported.
 */
export function connectorSteps(connector: LoadedConnector, connections: Connections, observer?: FlowObserver): MediatorDefinition[] {
  const steps = Object.entries(connector.descriptor.operations).map(([name, op]) => operationStep(connector, name, op, connections, observer));
  steps.push(initStep(connector, connections));
  return steps;
}

/**
 * `<connector>.<operation>`: parameters checked at load (unknown, missing, literal of the wrong
 * type, configKey naming no connection or one of the wrong type) and again after evaluation;
 * the result stored by responseVariable / overwriteBody like any call; a non-2xx answer a fault
 * carrying the upstream's code, status and body unless failOnError is false.
 */
function operationStep(connector: LoadedConnector, opName: string, op: OperationDescriptor, connections: Connections, observer: FlowObserver | undefined): MediatorDefinition<Record<string, unknown>> {
  const stepName = `${connector.descriptor.name}.${opName}`;
  const properties = (op.params.properties ?? {}) as Record<string, JsonSchema>;
  const required = (op.params.required ?? []) as string[];
  const aliases = op.aliases ?? {};
  const validateParams = connector.validators.params.get(opName)!;
  const literalCheck = connector.validators.param.get(opName)!;
  const fn = connector.module.operations[opName]!;
  // the step schema names the parameters (and their aliases) so unknown ones are reported at
  // load; types are checked per literal in compile, where `${…}` values can be told apart
  const names: Record<string, JsonSchema> = {};
  for (const [p, schema] of Object.entries(properties)) names[p] = { description: schema.description ?? '' };
  for (const [alias, target] of Object.entries(aliases)) names[alias] = { description: `alias of ${target}` };

  return {
    name: stepName,
    description: op.description,
    schema: { type: 'object', additionalProperties: false, properties: { ...names, ...STEP_OPTIONS } },
    // operations read a streamed body only to upload it (and then take it); a parameter that
    // reads payload gets the body parsed first
    streamAware: true,
    compile(config, cctx) {
      const compiled: [string, CompiledValue][] = [];
      // parameter → the key that gave it (an alias or its own name)
      const given = new Map<string, string>();
      for (const [key, raw] of Object.entries(config)) {
        if (key in STEP_OPTIONS) continue;
        const param = aliases[key] ?? key;
        const first = given.get(param);
        if (first !== undefined) {
          cctx.error('FERRY_ERR_ARTIFACT_SCHEMA', `${stepName}: ${first} and ${key} are the same parameter${first !== param && key !== param ? ` (${param})` : ''}; give one`, key);
          continue;
        }
        given.set(param, key);
        const value = cctx.value(raw, key);
        if (value.isConstant) checkLiteral(cctx, literalCheck.get(param), value.constantValue, stepName, key);
        compiled.push([param, value]);
      }
      for (const r of required) if (!given.has(r)) cctx.error('FERRY_ERR_ARTIFACT_SCHEMA', `${stepName}: missing required parameter '${r}'`);
      const client = resolveConnection(connector, op, config.configKey, connections, cctx, stepName);
      const resultOptions = { responseVariable: config.responseVariable as string | undefined, overwriteBody: config.overwriteBody as boolean | undefined };
      const failOnError = config.failOnError !== false;
      const streamResult = !resultOptions.responseVariable || resultOptions.overwriteBody === true;
      const position = cctx.position();
      // label sets made once per step, not per call
      const recorder = observer?.operation(connector.descriptor.name, opName, typeof config.configKey === 'string' ? config.configKey : `${connector.descriptor.name}.init`);

      return async (mc) => {
        const params: Record<string, unknown> = {};
        for (const [name, value] of compiled) params[name] = value.evaluate(mc);
        if (!validateParams(params)) {
          const problems = schemaProblems(validateParams.errors).map((p) => p.message);
          throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `${stepName}: ${problems.join('; ')}`, { detail: problems });
        }
        const connection = client(mc);
        const started = recorder ? performance.now() : 0;
        let result: OperationResult;
        try {
          result = await fn(connection, params, {
            log: mc.log,
            message: mc,
            streamResult,
            bodyStream: () => readableBody(mc.payload, stepName),
            streamed: (data, contentType) => new BodyStream(data, contentType),
          });
        } catch (err) {
          recorder?.done('error', (performance.now() - started) / 1000);
          throw err;
        }
        if (result.payload instanceof BodyStream) mc.track(result.payload);
        if (recorder) observe(recorder, result, started);
        if (failOnError && (result.statusCode < 200 || result.statusCode >= 300)) {
          const described = connector.module.describeError?.(result);
          throw new FerryError(described?.code ?? 'FERRY_ERR_CONNECTOR_FAILED', described?.message ?? `${stepName} answered ${result.statusCode}`, {
            statusCode: result.statusCode,
            detail: result.payload,
            position: `${position.file}:${position.line}:${position.col}`,
            response: { status: result.statusCode, contentType: result.contentType, body: result.payload },
          });
        }
        applyResult(mc, result, resultOptions);
      };
    },
  };
}

/** Report a call that gave a result: its outcome and time, and the API usage it carried. */
function observe(recorder: OperationObserver, result: OperationResult, started: number): void {
  const ok = result.statusCode >= 200 && result.statusCode < 300;
  recorder.done(ok ? 'success' : 'fault', (performance.now() - started) / 1000);
  const usage = result.attributes?.apiUsage as { used?: unknown; max?: unknown } | undefined;
  if (usage && typeof usage.used === 'number' && typeof usage.max === 'number') recorder.apiUsage(usage.used, usage.max);
}

/** `<connector>.init`: an inline connection for the following steps of this flow that name no configKey. */
function initStep(connector: LoadedConnector, connections: Connections): MediatorDefinition<Record<string, unknown>> {
  const name = connector.descriptor.name;
  const types = Object.keys(connector.descriptor.connectionTypes);
  return {
    name: `${name}.init`,
    description: `Open an inline ${name} connection (the same parameters as a configured one)`,
    streamAware: true,
    schema: {
      type: 'object',
      properties: {
        type: { enum: types, description: `default ${types[0]}` },
        connectionType: { type: 'string', description: "MI's spelling of type, any case (OAuth2, BasicAuth)" },
      },
    },
    compile(config, cctx) {
      const { type: rawType, connectionType, ...rest } = config;
      const named = (rawType as string | undefined) ?? types.find((t) => t.toLowerCase() === String(connectionType ?? '').toLowerCase());
      if (connectionType !== undefined && named === undefined) cctx.error('FERRY_ERR_CONNECTION_INVALID', `${name}.init: connectionType ${String(connectionType)} is not one of ${types.join(', ')}`, 'connectionType');
      const type = named ?? types[0]!;
      const report = (problems: ReturnType<typeof schemaProblems>) => {
        for (const problem of problems) cctx.error('FERRY_ERR_CONNECTION_INVALID', `${name}.init: ${problem.message}`, ...problem.path);
      };
      const validate = connector.validators.connection.get(type)!;
      const compiled = Object.entries(rest).map(([key, raw]) => [key, raw, cctx.value(raw, key)] as const);
      // a literal is checked now; a value that failed to compile (constant null) is already reported
      const literals = Object.fromEntries(compiled.filter(([, raw, v]) => v.isConstant && (v.constantValue !== null || raw === null)).map(([k, , v]) => [k, v.constantValue]));
      if (!validate(structuredClone(literals))) {
        const all = Object.keys(literals).length === compiled.length;
        // with `${…}` values, what depends on them (required properties, grant-specific ones) waits for run time
        report(schemaProblems(all ? validate.errors : (validate.errors ?? []).filter((e) => e.keyword === 'additionalProperties' || e.instancePath !== '')));
      }
      return (mc) => {
        const values: Record<string, unknown> = {};
        for (const [key, , value] of compiled) values[key] = value.evaluate(mc);
        if (!validate(values)) {
          throw new FerryError('FERRY_ERR_CONNECTION_INVALID', `${name}.init: ${schemaProblems(validate.errors).map((p) => p.message).join('; ')}`);
        }
        (mc.inlineConnections ??= new Map()).set(name, connections.inline(connector, type, values));
      };
    },
  };
}

/** The client a step uses: its configKey's (checked at load), or the flow's inline one. */
function resolveConnection(connector: LoadedConnector, op: OperationDescriptor, configKey: unknown, connections: Connections, cctx: CompileContext, stepName: string): (mc: MessageContext) => ConnectorClient {
  const name = connector.descriptor.name;
  if (configKey === undefined) {
    return (mc) => {
      const client = mc.inlineConnections?.get(name) as ConnectorClient | undefined;
      if (!client) throw new FerryError('FERRY_ERR_CONNECTION_MISSING', `${stepName} has no configKey and no ${name}.init ran before it in this flow`);
      return client;
    };
  }
  const connection = typeof configKey === 'string' ? connections.named(configKey) : undefined;
  if (!connection) {
    const known = closest(String(configKey), connections.names());
    cctx.error('FERRY_ERR_ARTIFACT_MISSING_CONNECTION', `connection '${String(configKey)}' is not defined in config/server.yaml connections${known ? `; did you mean '${known}'?` : ''}`, 'configKey');
    return () => {
      throw new FerryError('FERRY_ERR_CONNECTION_MISSING', `connection '${String(configKey)}' does not exist`);
    };
  }
  if (connection.connector !== connector) {
    cctx.error('FERRY_ERR_CONNECTION_TYPE', `connection '${connection.name}' is a ${connection.connector.descriptor.name} connection, not a ${name} one`, 'configKey');
  } else if (!op.connectionTypes.includes(connection.type)) {
    cctx.error('FERRY_ERR_CONNECTION_TYPE', `connection '${connection.name}' is of type ${connection.type}; ${stepName} needs ${op.connectionTypes.join(' or ')}`, 'configKey');
  }
  return () => connection.client();
}

function checkLiteral(cctx: CompileContext, validate: ((v: unknown) => boolean) & { errors?: unknown } | undefined, value: unknown, stepName: string, key: string): void {
  if (!validate) return;
  // a copy: coercion must not change the config's own value
  if (validate(structuredClone(value))) return;
  for (const problem of schemaProblems(validate.errors as never)) {
    cctx.error('FERRY_ERR_ARTIFACT_SCHEMA', `${stepName}: ${key}${problem.message.replace(/^\(top level\)/, '')}`, key, ...problem.path);
  }
}
