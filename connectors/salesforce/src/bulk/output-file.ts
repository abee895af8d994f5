/**
 * `includeResultTo: FILE`: a download written to `filePath` on Ferry's host, a path checked by
 * project-path.ts (inside the project folder unless `allowAbsolutePath: true`). Missing folders
 * are created. The data streams into a temporary file beside the target, renamed over it once
 * complete: a failed download never leaves half a file under the name. A path that cannot be written is the fault
 * SALESFORCE_BULK_FILE (500), found before anything is downloaded.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FerryError } from '../../../../src/errors.js';
import { projectPath } from './project-path.js';
import { BULK_FILE, bulkFault } from './shared.js';

function fileFault(given: string, err: unknown): FerryError {
  const code = (err as { code?: string }).code ?? (err as Error).message;
  return bulkFault(BULK_FILE, `the result file '${given}' cannot be written (${code})`, { cause: err });
}

/** A result file being written. */
export class OutputFile {
  /** the absolute path written */
  readonly path: string;
  readonly #given: string;
  readonly #temp: string;
  readonly #out: WriteStream;

  private constructor(path: string, given: string, temp: string, out: WriteStream) {
    this.path = path;
    this.#given = given;
    this.#temp = temp;
    this.#out = out;
  }

  /** Check the path and open the temporary file beside it (the faults come before any download). */
  static async open(filePath: unknown, projectDir: string, allowAbsolutePath: boolean): Promise<OutputFile> {
    const given = typeof filePath === 'string' ? filePath.trim() : '';
    if (given === '') throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', 'includeResultTo FILE needs filePath');
    const path = await projectPath('filePath', given, projectDir, allowAbsolutePath);
    const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
    try {
      await mkdir(dirname(path), { recursive: true });
      const out = createWriteStream(temp, { flags: 'wx' });
      await new Promise<void>((ok, fail) => {
        out.once('open', () => ok());
        out.once('error', fail);
      });
      return new OutputFile(path, given, temp, out);
    } catch (err) {
      throw fileFault(given, err);
    }
  }

  /** Stream `source` into the file and put it in place; the number of bytes written. */
  async write(source: Readable): Promise<number> {
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    let failed = false;
    this.#out.once('error', () => (failed = true));
    try {
      await pipeline(source, count, this.#out);
    } catch (err) {
      await rm(this.#temp, { force: true });
      // a failed download keeps its own fault; only the file's failures are SALESFORCE_BULK_FILE
      throw failed && !(err instanceof FerryError) ? fileFault(this.#given, err) : err;
    }
    try {
      await rename(this.#temp, this.path);
    } catch (err) {
      await rm(this.#temp, { force: true });
      throw fileFault(this.#given, err);
    }
    return bytes;
  }

  /** Give up before writing (the download was refused). */
  async discard(): Promise<void> {
    this.#out.destroy();
    await rm(this.#temp, { force: true });
  }
}
