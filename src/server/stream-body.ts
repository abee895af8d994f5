import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { FerryError } from '../errors.js';

/**
 * Resources with `streamBody: true` live in their own Fastify context whose only body "parser"
 * hands the request stream on unread, guarded by server.streamBodyLimit (server.bodyLimit does
 * not apply: it is for bodies that are parsed). A Content-Length over the limit is refused before
 * a byte is read; a chunked body is cut off with the same 413 once it passes the limit.
 */
export function registerStreamParser(app: FastifyInstance, limit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (req, payload, done) => {
    const declared = Number(req.headers['content-length']);
    if (limit > 0 && Number.isFinite(declared) && declared > limit) {
      done(tooLarge(limit), undefined);
      return;
    }
    done(null, guard(payload, limit));
  });
}

function tooLarge(limit: number): FerryError {
  return new FerryError('FERRY_ERR_HTTP_BODY_TOO_LARGE', `request body is larger than the limit of ${limit} bytes for streamed bodies (server.streamBodyLimit)`);
}

/** The request stream behind a byte counter; a client that goes away mid-body is FERRY_ERR_BODY_STREAM. */
function guard(raw: IncomingMessage, limit: number): Transform {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, callback: TransformCallback) {
      seen += chunk.length;
      if (limit > 0 && seen > limit) callback(tooLarge(limit));
      else callback(null, chunk);
    },
  });
  raw.on('aborted', () => counter.destroy(new FerryError('FERRY_ERR_BODY_STREAM', `the client stopped sending the request body after ${seen} bytes`)));
  raw.on('error', (err) => counter.destroy(new FerryError('FERRY_ERR_BODY_STREAM', `the request body could not be read after ${seen} bytes (${(err as NodeJS.ErrnoException).code ?? err.message})`, { cause: err })));
  // past the limit (or a reader giving up) the rest of the body is settled by lingerThenClose
  counter.on('error', () => raw.unpipe(counter));
  return raw.pipe(counter);
}

// What is still read of a request body nobody wants, after the answer, before its connection is
// closed: enough for a client to see the answer (closing a socket with unread data resets it,
// which can destroy the answer in flight), never an unbounded download.
const LINGER_BYTES = 1024 * 1024;
const LINGER_MS = 5_000;

/**
 * A streamed request body that was not read to its end (the flow answered without it, read part
 * of it, or refused it as too large): the answer says `Connection: close`, the rest of the body
 * is read and thrown away for at most LINGER_BYTES / LINGER_MS, then the connection is closed.
 */
export function lingerThenClose(raw: IncomingMessage, res: ServerResponse): void {
  raw.unpipe();
  let seen = 0;
  const close = () => {
    clearTimeout(timer);
    if (res.writableFinished) raw.socket?.destroy();
    else res.once('finish', () => raw.socket?.destroy());
  };
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  raw.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > LINGER_BYTES) close();
  });
  raw.once('end', () => clearTimeout(timer));
  raw.once('close', () => clearTimeout(timer));
  raw.resume();
}
