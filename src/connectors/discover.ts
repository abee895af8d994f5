import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import * as salesforce from '../../connectors/salesforce/src/index.js';
import { Diagnostics } from '../artifacts/diagnostics.js';
import { displayPath, YamlFile } from '../artifacts/yaml-file.js';
import { schemaProblems, type ValidateFunction } from '../schema/ajv.js';
import { CONNECTOR_SCHEMA } from './descriptor-schema.js';
import type { ConnectorDescriptor, ConnectorModule } from './types.js';

/** A connector whose descriptor is valid and whose module provides every operation. */
export interface LoadedConnector {
  readonly descriptor: ConnectorDescriptor;
  readonly module: ConnectorModule;
  /** the descriptor file, for diagnostics */
  readonly file: YamlFile;
  /** every schema compiled once, when the connector is loaded */
  readonly validators: {
    readonly connection: ReadonlyMap<string, ValidateFunction>;
    readonly params: ReadonlyMap<string, ValidateFunction>;
    /** per operation, per parameter: for checking literal values at load */
    readonly param: ReadonlyMap<string, ReadonlyMap<string, ValidateFunction>>;
  };
}

export interface ConnectorDiscovery {
  readonly connectors: readonly LoadedConnector[];
  readonly diagnostics: Diagnostics;
}

const validateDescriptor = new Ajv({ allErrors: true, strict: false }).compile(CONNECTOR_SCHEMA);
// Connector schemas: values from ${env:…} and expressions may arrive as text; coercion turns
// "30000" into 30000 and "true" into true before the check.
const schemaAjv = new Ajv({ allErrors: true, strict: false, coerceTypes: true, useDefaults: true });
// Literals written in YAML have their type already: `q: 5` for a string parameter is a mistake.
const literalAjv = new Ajv({ allErrors: true, strict: false });

// Built-in connectors load like project ones, but their modules are imported statically (so a
// synchronous load sees them too); their descriptors sit beside the code, copied into dist/.
const BUILTINS: readonly { readonly descriptor: string; readonly module: ConnectorModule }[] = [
  { descriptor: fileURLToPath(new URL('../../connectors/salesforce/connector.yaml', import.meta.url)), module: salesforce },
];

/** The built-in connectors (Salesforce). */
export function builtinConnectors(diags: Diagnostics = new Diagnostics()): LoadedConnector[] {
  const out: LoadedConnector[] = [];
  for (const builtin of BUILTINS) {
    const file = YamlFile.read(builtin.descriptor, displayPath(builtin.descriptor), diags, 'FERRY_ERR_CONNECTOR_INVALID');
    const loaded = file && checkConnector(file, builtin.module, diags);
    if (loaded) out.push(loaded);
  }
  return out;
}

/**
 * The built-in connectors plus those in the project's `connectors/` folder (each a folder with
 * connector.yaml and an ES module). Every problem is a diagnostic; a broken connector is left out.
 */
export async function discoverConnectors(projectDir: string): Promise<ConnectorDiscovery> {
  const diags = new Diagnostics();
  const connectors = builtinConnectors(diags);
  const folder = join(projectDir, 'connectors');
  if (existsSync(folder)) {
    for (const entry of readdirSync(folder).sort()) {
      const dir = join(folder, entry);
      const descriptorPath = join(dir, 'connector.yaml');
      if (!statSync(dir).isDirectory() || !existsSync(descriptorPath)) continue;
      const file = YamlFile.read(descriptorPath, displayPath(descriptorPath), diags, 'FERRY_ERR_CONNECTOR_INVALID');
      // Ferry's own repository is a project too: its connectors/ folder holds the built-ins
      if (file && connectors.some((c) => c.file.text === file.text)) continue;
      if (!file || !validShape(file, diags)) continue;
      const modulePath = join(dir, (file.data as ConnectorDescriptor).module ?? 'index.js');
      let module: ConnectorModule;
      try {
        module = (await import(pathToFileURL(modulePath).href)) as ConnectorModule;
      } catch (err) {
        const pos = file.locate(['module']);
        diags.error('FERRY_ERR_CONNECTOR_INVALID', `connector module ${displayPath(modulePath)} cannot be loaded: ${(err as Error).message}`, pos, file.snippet(pos.line));
        continue;
      }
      const loaded = checkConnector(file, module, diags);
      if (!loaded) continue;
      const clash = connectors.find((c) => c.descriptor.name === loaded.descriptor.name);
      if (clash) {
        const pos = file.locate(['name']);
        diags.error('FERRY_ERR_REGISTRY_DUPLICATE', `a connector named '${loaded.descriptor.name}' is already loaded from ${clash.file.file}`, pos, file.snippet(pos.line));
        continue;
      }
      connectors.push(loaded);
    }
  }
  return { connectors, diagnostics: diags };
}

function validShape(file: YamlFile, diags: Diagnostics): boolean {
  if (validateDescriptor(file.data)) return true;
  for (const problem of schemaProblems(validateDescriptor.errors)) {
    const pos = file.locate(problem.path, problem.atKey);
    diags.error('FERRY_ERR_CONNECTOR_INVALID', problem.message, pos, file.snippet(pos.line));
  }
  return false;
}

/** Check a descriptor against its module: types named by operations exist, every operation has code. */
function checkConnector(file: YamlFile, module: ConnectorModule, diags: Diagnostics): LoadedConnector | undefined {
  if (!validShape(file, diags)) return undefined;
  const descriptor = file.data as ConnectorDescriptor;
  const before = diags.errorCount;
  const report = (message: string, ...path: (string | number)[]) => {
    const pos = file.locate(path);
    diags.error('FERRY_ERR_CONNECTOR_INVALID', message, pos, file.snippet(pos.line));
  };
  if (typeof module.createClient !== 'function') report(`the connector module exports no createClient function`, 'name');
  for (const [name, op] of Object.entries(descriptor.operations)) {
    for (const type of op.connectionTypes) {
      if (!descriptor.connectionTypes[type]) report(`operation '${name}' names connection type '${type}', which the connector does not declare`, 'operations', name, 'connectionTypes');
    }
    if (typeof module.operations?.[name] !== 'function') report(`operation '${name}' has no function in the connector module`, 'operations', name);
  }
  const compile = (schema: object, ...path: (string | number)[]): ValidateFunction | undefined => compileWith(schemaAjv, schema, ...path);
  const compileWith = (ajv: Ajv, schema: object, ...path: (string | number)[]): ValidateFunction | undefined => {
    try {
      return ajv.compile(schema);
    } catch (err) {
      report(`invalid JSON Schema: ${(err as Error).message}`, ...path);
      return undefined;
    }
  };
  const connection = new Map<string, ValidateFunction>();
  for (const [type, t] of Object.entries(descriptor.connectionTypes)) {
    const v = compile(t.schema, 'connectionTypes', type, 'schema');
    if (v) connection.set(type, v);
  }
  const params = new Map<string, ValidateFunction>();
  const param = new Map<string, Map<string, ValidateFunction>>();
  for (const [name, op] of Object.entries(descriptor.operations)) {
    const v = compile(op.params, 'operations', name, 'params');
    if (v) params.set(name, v);
    const props = new Map<string, ValidateFunction>();
    for (const [prop, schema] of Object.entries((op.params.properties ?? {}) as Record<string, object>)) {
      const pv = compileWith(literalAjv, schema, 'operations', name, 'params', 'properties', prop);
      if (pv) props.set(prop, pv);
    }
    param.set(name, props);
  }
  return diags.errorCount === before ? { descriptor, module, file, validators: { connection, params, param } } : undefined;
}
