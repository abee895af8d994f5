import type { FastifyInstance } from 'fastify';
import { parseJson } from '../formats/json.js';
import { parseForm } from '../formats/media.js';
import { parseXml } from '../formats/xml.js';

/**
 * Inbound bodies: JSON, XML, forms and text are parsed into the payload (with coded 400 errors
 * that carry a line and column); anything else arrives as a Buffer. The body limit applies to
 * all of them (Fastify answers 413 before parsing).
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  const asText = { parseAs: 'string' as const };

  const json = (_req: unknown, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    const text = body as string;
    if (text.length === 0) return done(null, null);
    try {
      done(null, parseJson(text));
    } catch (err) {
      done(err as Error, undefined);
    }
  };
  app.addContentTypeParser('application/json', asText, json);
  app.addContentTypeParser(/^application\/[\w.+-]+\+json$/, asText, json);

  const xml = (_req: unknown, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    const text = body as string;
    if (text.trim().length === 0) return done(null, null);
    try {
      done(null, parseXml(text));
    } catch (err) {
      done(err as Error, undefined);
    }
  };
  app.addContentTypeParser(['application/xml', 'text/xml'], asText, xml);
  app.addContentTypeParser(/^application\/[\w.+-]+\+xml$/, asText, xml);

  app.addContentTypeParser('application/x-www-form-urlencoded', asText, (_req, body, done) => {
    done(null, parseForm(body as string));
  });

  app.addContentTypeParser(/^text\//, asText, (_req, body, done) => {
    done(null, body);
  });

  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, body);
  });
}
