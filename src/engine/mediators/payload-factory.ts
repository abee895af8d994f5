import { FerryError, type ErrorCode } from '../../errors.js';
import { ExpressionSyntaxError, renderTemplateValue } from '../../expressions/index.js';
import type { Evaluator } from '../../expressions/index.js';
import { mediaKind } from '../../formats/media.js';
import type { CompileContext, MediatorDefinition } from '../types.js';
import { compileJsonTemplate } from './json-template.js';
import { compileXmlTemplate } from './xml-template.js';

type MediaType = 'json' | 'xml' | 'text';

interface PayloadFactoryConfig {
  mediaType?: MediaType;
  format: string;
  contentType?: string;
}

const CONTENT_TYPES: Readonly<Record<MediaType, string>> = { json: 'application/json', xml: 'application/xml', text: 'text/plain' };

/**
 * `payloadFactory`: replace the payload with one built from a format (MI's default template type
 * with inline `${…}`). JSON and XML formats are parsed once at load into builders, so a request
 * only evaluates expressions; the payload is an object (XML in the object form `respond` writes
 * back as XML) and the content type follows `mediaType` unless `contentType` says otherwise.
 */
export const payloadFactory: MediatorDefinition<PayloadFactoryConfig> = {
  name: 'payloadFactory',
  description: 'Replace the payload with a JSON, XML or text format filled with ${…}',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['format'],
    properties: {
      mediaType: { enum: ['json', 'xml', 'text'], description: 'default json' },
      format: { type: 'string', description: 'the new payload; ${…} inside JSON strings are text, outside them values' },
      contentType: { type: 'string', minLength: 1, description: 'content type of the result, e.g. application/vnd.api+json' },
    },
  },
  compile(config, cctx) {
    const mediaType = config.mediaType ?? 'json';
    const contentType = config.contentType ?? CONTENT_TYPES[mediaType];
    if (mediaType !== 'text' && mediaKind(contentType) !== mediaType) {
      cctx.warn(`contentType ${contentType} is not a ${mediaType} type; the ${mediaType} payload will be written as ${mediaKind(contentType)}`, 'contentType');
    }
    const build = compileFormat(mediaType, config.format, cctx);
    return (mc) => {
      mc.payload = build(mc);
      mc.contentType = contentType;
    };
  },
};

function compileFormat(mediaType: MediaType, format: string, cctx: CompileContext): Evaluator {
  if (mediaType === 'text') {
    const text = cctx.value(format, 'format');
    return (scope) => renderTemplateValue(text.evaluate(scope));
  }
  if (format.trim() === '') {
    cctx.error('FERRY_ERR_ARTIFACT_INVALID', `format is empty; a ${mediaType} format is a document`, 'format');
    return () => null;
  }
  const opts = { position: cctx.position('format'), onWarning: (message: string, offset: number) => cctx.warnAt('FERRY_WARN_EXPR_DEPRECATED', message, offset, 'format') };
  try {
    return mediaType === 'json' ? compileJsonTemplate(format, opts) : compileXmlTemplate(format, opts);
  } catch (err) {
    if (err instanceof ExpressionSyntaxError) cctx.errorAt('FERRY_ERR_EXPR_SYNTAX', err.message, err.offset, 'format');
    else if (err instanceof FerryError) cctx.error(err.code as ErrorCode, err.message, 'format');
    else throw err;
    return () => null;
  }
}
