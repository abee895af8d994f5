import { FerryError } from '../../errors.js';
import type { CompiledValue } from '../../expressions/index.js';
import { isPlainObject, typeOf } from '../../expressions/values.js';
import { mediaKind } from '../../formats/media.js';
import type { MessageContext } from '../message-context.js';
import type { CompileContext, MediatorDefinition } from '../types.js';
import { copyOf, setOwn } from '../../formats/plain-data.js';

type SourceType = 'body' | 'variable' | 'property' | 'inline' | 'expression';
type TargetType = 'body' | 'variable' | 'property' | 'child' | 'key';

interface SourceConfig {
  type: SourceType;
  name?: string;
  value?: unknown;
  expression?: string;
  clone?: boolean;
}

interface TargetConfig {
  type: TargetType;
  name?: string;
  path?: string;
  key?: string;
}

interface EnrichConfig {
  source: SourceConfig;
  target: TargetConfig;
}

type Read = (mc: MessageContext) => unknown;
type Write = (mc: MessageContext, value: unknown) => void;

/** Which fields each type needs; `key` is optional for `child`. Anything else is a load error. */
const SOURCE_FIELDS: Readonly<Record<SourceType, readonly string[]>> = { body: [], variable: ['name'], property: ['name'], inline: ['value'], expression: ['expression'] };
const TARGET_FIELDS: Readonly<Record<TargetType, readonly string[]>> = { body: [], variable: ['name'], property: ['name'], child: ['path'], key: ['path', 'key'] };

/**
 * `enrich`: copy a value from a source to a target. MI's enrich is XML-centric (XPath targets,
 * envelope, sibling); on Ferry's JSON-shaped messages it maps as follows:
 * - source `body` / `variable` / `property` / `expression` (MI's `custom`) / `inline` (may hold
 *   `${…}`) give a value, deep-copied unless `clone: false` (then later changes to one show in
 *   the other, as with MI's reference); a missing source is null;
 * - target `body` / `variable` / `property` replace (MI's action=replace); `child` (MI's
 *   action=child on a JSON path) appends to the array at `path`, or merges an object into the
 *   object at `path`, or with `key` sets that property of it; `key` renames the property `key` of
 *   the object at `path` to the source text (MI's target type key, whose path ends in the key).
 * MI's envelope, sibling and remove have no counterpart. Targets are plain paths, checked at load;
 * a target that is missing or of the wrong kind at run time is FERRY_ERR_ENRICH_TARGET.
 */
export const enrich: MediatorDefinition<EnrichConfig> = {
  name: 'enrich',
  description: 'Copy a value from the body, a variable, a property, an expression or inline into a target',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['source', 'target'],
    properties: {
      source: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: {
          type: { enum: Object.keys(SOURCE_FIELDS) },
          name: { type: 'string', minLength: 1, description: 'variable or property name' },
          value: { description: 'inline value; may hold ${…}' },
          expression: { type: 'string', description: 'e.g. ${payload.customer}' },
          clone: { type: 'boolean', description: 'copy the value (default true)' },
        },
      },
      target: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: {
          type: { enum: Object.keys(TARGET_FIELDS) },
          name: { type: 'string', minLength: 1, description: 'variable or property name' },
          path: { type: 'string', description: 'child/key: a plain path such as ${payload.items}' },
          key: { type: 'string', minLength: 1, description: 'child: the property to set; key: the property to rename' },
        },
      },
    },
  },
  compile(config, cctx) {
    const read = compileSource(config.source, cctx);
    const write = compileTarget(config.target, cctx);
    return (mc) => write(mc, read(mc));
  },
};

function compileSource(source: SourceConfig, cctx: CompileContext): Read {
  checkFields(cctx, 'source', source, SOURCE_FIELDS[source.type], ['clone']);
  const copy = source.clone === false ? (v: unknown) => v : copyOf;
  const name = source.name ?? '';
  switch (source.type) {
    case 'body':
      return (mc) => copy(mc.payload ?? null);
    case 'variable':
      return (mc) => copy(own(mc.vars, name));
    case 'property':
      return (mc) => copy(own(mc.props, name));
    case 'inline': {
      // a constant is already a fresh copy per message; `${…}` inside may hand out references
      const inline = cctx.value(source.value, 'source', 'value');
      return inline.isConstant ? inline.evaluate : (mc) => copy(inline.evaluate(mc));
    }
    case 'expression': {
      const expression = cctx.value(source.expression, 'source', 'expression');
      return (mc) => copy(expression.evaluate(mc));
    }
  }
}

function compileTarget(target: TargetConfig, cctx: CompileContext): Write {
  checkFields(cctx, 'target', target, TARGET_FIELDS[target.type], target.type === 'child' ? ['key'] : []);
  const name = target.name ?? '';
  switch (target.type) {
    case 'body':
      return (mc, value) => {
        mc.payload = value;
        // an object body in a text or binary message would go out as JSON under the wrong type
        const kind = mediaKind(mc.contentType);
        if (value !== null && typeof value === 'object' && kind !== 'json' && kind !== 'xml') mc.contentType = 'application/json';
      };
    case 'variable':
      return (mc, value) => {
        mc.vars[name] = value;
      };
    case 'property':
      return (mc, value) => {
        mc.props[name] = value;
      };
    case 'child': {
      const path = compilePath(target, cctx);
      const { key } = target;
      return (mc, value) => addChild(path.evaluate(mc), value, key, path.source);
    }
    case 'key': {
      const path = compilePath(target, cctx);
      const key = target.key ?? '';
      return (mc, value) => renameKey(path.evaluate(mc), key, value, path.source);
    }
  }
}

// A plain path evaluates to a reference into the message, so changing the result changes the message.
function compilePath(target: TargetConfig, cctx: CompileContext): CompiledValue {
  const path = cctx.value(target.path ?? '', 'target', 'path');
  if (target.path !== undefined && !path.isPath) {
    cctx.error('FERRY_ERR_ARTIFACT_INVALID', `target.path must be a plain path such as \${payload.items} (no function, filter or wildcard), so the value can be changed in place`, 'target', 'path');
  }
  return path;
}

function addChild(container: unknown, value: unknown, key: string | undefined, path: string): void {
  if (Array.isArray(container)) {
    if (key !== undefined) throw targetError(`${path} is an array; 'key' applies to objects`);
    container.push(value);
  } else if (isPlainObject(container)) {
    if (key !== undefined) setOwn(container, key, value);
    else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) setOwn(container, k, v);
    else throw targetError(`cannot merge ${typeOf(value)} into the object at ${path}; give 'key' to set it as a property`);
  } else {
    throw targetError(`${path} is ${typeOf(container)}; a child target needs an array or an object`);
  }
}

/** Rename in place, keeping the property's position among its siblings. */
function renameKey(container: unknown, key: string, newName: unknown, path: string): void {
  if (!isPlainObject(container)) throw targetError(`${path} is ${typeOf(container)}; a key target needs an object`);
  if (!Object.hasOwn(container, key)) throw targetError(`the object at ${path} has no property '${key}'`);
  if (typeof newName !== 'string' || newName === '') throw targetError(`the new name for '${key}' at ${path} must be a non-empty string, not ${typeOf(newName)}`);
  if (newName === key) return;
  if (Object.hasOwn(container, newName)) throw targetError(`the object at ${path} already has a property '${newName}'`);
  const entries = Object.entries(container);
  for (const [k] of entries) delete container[k];
  for (const [k, v] of entries) setOwn(container, k === key ? newName : k, v);
}

function targetError(message: string): FerryError {
  return new FerryError('FERRY_ERR_ENRICH_TARGET', `enrich: ${message}`);
}

function own(record: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(record, name) ? record[name] : null;
}

function checkFields(cctx: CompileContext, part: 'source' | 'target', config: object, required: readonly string[], optional: readonly string[]): void {
  const type = (config as { type: string }).type;
  for (const field of required) {
    if (!(field in config)) cctx.error('FERRY_ERR_ARTIFACT_INVALID', `${part} type ${type} needs '${field}'`, part);
  }
  for (const field of Object.keys(config)) {
    if (field !== 'type' && !required.includes(field) && !optional.includes(field)) {
      cctx.error('FERRY_ERR_ARTIFACT_INVALID', `${part} type ${type} does not take '${field}'`, part, field);
    }
  }
}
