/**
 * One job's CSV upload (`PUT /jobs/ingest/{id}/batches`) fed piece by piece: the request body is
 * a stream written as the data is produced, with backpressure, so nothing larger than a chunk is
 * ever held. Salesforce may answer before the body is complete (a refused job): writing then
 * stops and the answer is the outcome. A streamed upload cannot be sent twice, so the caller
 * makes a plain call just before it (creating the job, or reading its info), which renews an
 * expired token.
 */
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { OperationIO } from '../../../../src/connectors/types.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import type { SalesforceRestClient } from '../client.js';
import { drain } from './input.js';
import { jobPath } from './shared.js';

type Outcome = { readonly result: OperationResult } | { readonly error: unknown };

/** Upload a whole stream or text to a job. */
export function uploadData(client: SalesforceRestClient, jobId: string, body: Readable | string, io: OperationIO): Promise<OperationResult> {
  return client.call({ method: 'PUT', path: jobPath('ingest', jobId, 'batches'), body, contentType: 'text/csv', log: io.log });
}

/**
 * A request body on its way to Salesforce, counting its bytes. When the upload ends early (an
 * answer before the end), the rest of the body is drained, not destroyed: the client still gets
 * its answer on the same connection.
 */
export function counting(source: Readable, counter: { bytes: number }): Readable {
  const pass = new PassThrough();
  source.on('error', (err) => pass.destroy(err));
  pass.on('close', () => drain(source));
  source.on('data', (chunk: Buffer | string) => {
    counter.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
  });
  return source.pipe(pass);
}

// records are handed to the connection in pieces of about this many characters
const PIECE_CHARS = 64 * 1024;

/** An upload in progress: write text to it, then `finish()` for Salesforce's answer. */
export class JobUpload {
  readonly jobId: string;
  bytes = 0;
  records = 0;
  readonly #body = new PassThrough();
  readonly #outcome: Promise<Outcome>;
  #settled = false;
  #pending = '';

  constructor(client: SalesforceRestClient, jobId: string, io: OperationIO) {
    this.jobId = jobId;
    this.#outcome = uploadData(client, jobId, this.#body, io).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    void this.#outcome.then(() => (this.#settled = true));
  }

  /** Add text; waits while the connection is busy. Returns false once Salesforce has answered. */
  async write(text: string): Promise<boolean> {
    if (this.#settled) return false;
    this.bytes += Buffer.byteLength(text);
    this.#pending += text;
    return this.#pending.length >= PIECE_CHARS ? this.#flush() : true;
  }

  /** End the data and wait for the answer (a transport failure is thrown). */
  async finish(): Promise<OperationResult> {
    if (this.#pending !== '') await this.#flush();
    this.#body.end();
    const outcome = await this.#outcome;
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  }

  /** Give up: end the body and let the request settle, whatever it answers. */
  async cancel(): Promise<void> {
    this.#body.destroy();
    await this.#outcome;
  }

  async #flush(): Promise<boolean> {
    const piece = this.#pending;
    this.#pending = '';
    if (!this.#settled && !this.#body.write(piece)) await Promise.race([once(this.#body, 'drain'), this.#outcome]);
    return !this.#settled;
  }
}
