import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { FerryError } from '../../errors.js';
import { parseJson } from '../../formats/json.js';
import type { ValidateFunction } from '../../schema/ajv.js';
import { recordError } from '../faults.js';
import type { CompileContext, MediatorDefinition, PathSeg } from '../types.js';
import { STEP_LIST_SCHEMA } from '../types.js';
import { compileUserSchema, violations } from './user-schema.js';

interface ValidateConfig {
  schema?: Record<string, unknown> | boolean;
  schemaFile?: string;
  source?: string;
  onFail?: unknown[];
}

// A huge invalid payload can fail thousands of checks; answers and logs stay short.
const MAX_IN_MESSAGE = 10;
const MAX_IN_DETAIL = 100;

/**
 * `validate`: check the payload (or `source`) against a JSON Schema, inline or from a file of the
 * project, compiled once at load. On failure `${error.*}` is set (code FERRY_ERR_VALIDATE_FAILED,
 * message "payload.name: must be string; …", detail [{path, message}]) and `onFail` runs, after
 * which the flow goes on unless onFail halted it (MI's on-fail). Without onFail the failure is a
 * fault, answered 400 by the default handler. XML payloads are checked in their object form.
 */
export const validate: MediatorDefinition<ValidateConfig> = {
  name: 'validate',
  description: 'Check the payload against a JSON Schema; run onFail or fail with 400',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      schema: { type: ['object', 'boolean'], description: 'an inline JSON Schema (draft-07 unless $schema says 2019-09 or 2020-12)' },
      schemaFile: { type: 'string', minLength: 1, description: 'a JSON or YAML schema file, relative to the project folder' },
      source: { type: 'string', description: 'what to check, default the payload, e.g. ${payload.order}' },
      onFail: STEP_LIST_SCHEMA,
    },
  },
  compile(config, cctx) {
    const check = compileSchema(config, cctx);
    const source = config.source === undefined ? undefined : cctx.value(config.source, 'source');
    // messages name the checked value as the author wrote it: payload.order.id
    const base = source === undefined ? 'payload' : source.isPath ? source.source.slice(2, -1).trim() : source.source;
    const onFail = config.onFail === undefined ? undefined : cctx.steps(config.onFail, 'onFail');
    return (mc) => {
      const value = source === undefined ? (mc.payload ?? null) : source.evaluate(mc);
      if (!check || check(value)) return;
      const problems = violations(check.errors ?? [], base);
      const shown = problems.slice(0, MAX_IN_MESSAGE).map((p) => `${p.path}: ${p.message}`);
      if (problems.length > MAX_IN_MESSAGE) shown.push(`… ${problems.length - MAX_IN_MESSAGE} more`);
      const error = new FerryError('FERRY_ERR_VALIDATE_FAILED', shown.join('; '), { detail: problems.slice(0, MAX_IN_DETAIL) });
      if (!onFail) throw error;
      recordError(mc, error);
      return onFail(mc);
    };
  },
};

/** The step's validator, or undefined when the schema could not be had (already reported). */
function compileSchema(config: ValidateConfig, cctx: CompileContext): ValidateFunction | undefined {
  if ((config.schema === undefined) === (config.schemaFile === undefined)) {
    cctx.error('FERRY_ERR_ARTIFACT_INVALID', 'validate needs exactly one of schema or schemaFile');
    return undefined;
  }
  const at: PathSeg = config.schema === undefined ? 'schemaFile' : 'schema';
  const schema = config.schemaFile === undefined ? config.schema : readSchemaFile(config.schemaFile, cctx);
  if (schema === undefined) return undefined;
  try {
    return compileUserSchema(schema);
  } catch (err) {
    cctx.error('FERRY_ERR_ARTIFACT_INVALID', `invalid JSON Schema${at === 'schemaFile' ? ` in ${config.schemaFile}` : ''}: ${(err as Error).message}`, at);
    return undefined;
  }
}

/**
 * A JSON or YAML schema file of the project, parsed; undefined when it cannot be had (reported
 * through `cctx`). Also reads the requestSchema / responseSchema files of API resources.
 */
export function readSchemaFile(file: string, cctx: Pick<CompileContext, 'resolveFile' | 'error'>): unknown {
  const abs = cctx.resolveFile(file, 'schemaFile');
  if (abs === undefined) return undefined;
  if (!existsSync(abs)) {
    cctx.error('FERRY_ERR_ARTIFACT_MISSING_FILE', `schema file ${file} does not exist in the project folder`, 'schemaFile');
    return undefined;
  }
  const text = readFileSync(abs, 'utf8');
  try {
    if (/\.ya?ml$/i.test(file)) return parseYaml(text) as unknown;
    return parseJson(text, 'FERRY_ERR_ARTIFACT_INVALID', `schema file ${file}`);
  } catch (err) {
    // name the place, not the text (a parser's message may quote it)
    const message = err instanceof FerryError ? err.message : `schema file ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`;
    cctx.error('FERRY_ERR_ARTIFACT_INVALID', message, 'schemaFile');
    return undefined;
  }
}
