import { Buffer } from 'node:buffer';
import { Readable } from 'node:stream';
import { FerryError } from '../errors.js';
import { mediaKind, parseBody } from '../formats/media.js';

/**
 * A message body that has not been read: a streamed request body (a resource with `streamBody:
 * true`) or a streamed operation result (Bulk CSV). It flows through the steps that do not look
 * at the payload (see `streamAware` on MediatorDefinition); it is read exactly once — by a
 * connector that uploads it (`take()`), by `respond`, which pipes it to the client, or by
 * `buffer()` when a step needs the parsed payload. A body taken by a step is gone for the rest of
 * the flow, and reading it again is the coded FERRY_ERR_BODY_CONSUMED.
 */
export class BodyStream {
  readonly contentType: string | undefined;
  /** the client's request body, or an operation's result (an upstream answer) */
  readonly origin: 'request' | 'upstream';
  /** who read it (a step name), once it was read */
  #readBy: string | undefined;
  #stream: Readable;

  constructor(stream: Readable, contentType: string | undefined, origin: 'request' | 'upstream' = 'upstream') {
    this.#stream = stream;
    this.contentType = contentType;
    this.origin = origin;
  }

  get consumed(): boolean {
    return this.#readBy !== undefined;
  }

  /** The stream, for one reader; `by` names the reader in the error a second reader gets. */
  take(by: string): Readable {
    if (this.#readBy !== undefined) {
      throw new FerryError('FERRY_ERR_BODY_CONSUMED', `the message body was streamed to ${this.#readBy} and can be read only once`);
    }
    this.#readBy = by;
    return this.#stream;
  }

  /**
   * Read the whole body (at most `limit` bytes, else FERRY_ERR_HTTP_BODY_TOO_LARGE) and parse it
   * by its content type, as an inbound body is: JSON, XML and forms parsed, text as a string,
   * anything else as a Buffer.
   */
  async buffer(limit: number, by: string): Promise<unknown> {
    const stream = this.take(by);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += bytes.length;
      if (size > limit) {
        stream.destroy();
        // the client's body is the client's mistake (413); a result too big to hold is the flow's
        if (this.origin === 'request') throw new FerryError('FERRY_ERR_HTTP_BODY_TOO_LARGE', `${by} needs the whole body, which is larger than ${limit} bytes (server.bodyLimit); stream it to a connector instead`);
        throw new FerryError('FERRY_ERR_RESULT_TOO_LARGE', `${by} needs the whole streamed result, which is larger than ${limit} bytes (server.bodyLimit); let it stream to the response or a file instead`);
      }
      chunks.push(bytes);
    }
    const whole = Buffer.concat(chunks);
    if (whole.length === 0) return null;
    return mediaKind(this.contentType) === 'binary' ? whole : parseBody(whole.toString('utf8'), this.contentType);
  }

  /**
   * Give up a body nobody read (the flow answered without it): an upstream answer's connection
   * is closed rather than left waiting for a reader that never comes. (An unread request body is
   * the server's to settle: see src/server/stream-body.ts.)
   */
  release(): void {
    if (this.#readBy !== undefined) return;
    this.#readBy = 'nobody (released)';
    this.#stream.destroy();
  }
}

/**
 * The bytes of a body for a connector that uploads it: a BodyStream is taken (streamed, never
 * buffered); a string or Buffer payload is wrapped. Anything else (a parsed JSON or XML payload)
 * is undefined: the caller decides how to serialise it.
 */
export function readableBody(payload: unknown, by: string): Readable | undefined {
  if (payload instanceof BodyStream) return payload.take(by);
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) return Readable.from([Buffer.from(payload)]);
  return undefined;
}
