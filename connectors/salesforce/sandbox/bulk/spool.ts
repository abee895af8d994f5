/**
 * Where Bulk job data lives between requests: a temporary directory per sandbox holding each
 * upload exactly as received and the result files processing writes (ingest results, query
 * results). Uploads are written as they arrive, byte-counted against Salesforce's size limit, so
 * their size never reaches the heap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { IngestFiles, QueryFiles } from './jobs.js';

/**
 * 150 MB of base64-encoded content per job (Salesforce encodes uploads as base64 before counting,
 * so about 112 MB of raw CSV).
 */
export const MAX_UPLOAD_BASE64_BYTES = 150 * 1024 * 1024;

/** The size an upload has once base64-encoded, which is what the limit is measured on. */
export function base64Size(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

export type SpoolOutcome = { readonly ok: true; readonly bytes: number } | { readonly ok: false; readonly bytes: number };

/** The sandbox's job data directory, created on first use and removed when the sandbox closes. */
export class Spool {
  #dir: string | undefined;

  /** The file paths of a job's upload and results. */
  files(jobId: string): IngestFiles {
    const base = join(this.#directory(), jobId);
    return { upload: `${base}.upload.csv`, successful: `${base}.successful.csv`, failed: `${base}.failed.csv`, unprocessed: `${base}.unprocessed.csv` };
  }

  /** The file paths of a query job's result. */
  queryFiles(jobId: string): QueryFiles {
    const base = join(this.#directory(), jobId);
    return { results: `${base}.results.csv`, offsets: `${base}.offsets.bin` };
  }

  /**
   * Copy an upload stream to a file, counting bytes. Past the limit nothing more is written and the
   * file is removed, but the rest of the request is still read (and dropped) so the client gets an
   * answer instead of a reset connection.
   */
  async receive(source: Readable, file: string, limit = MAX_UPLOAD_BASE64_BYTES): Promise<SpoolOutcome> {
    const out = createWriteStream(file);
    let failure: unknown;
    out.on('error', (err) => (failure ??= err));
    let bytes = 0;
    let over = false;
    try {
      for await (const chunk of source) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        bytes += buf.length;
        if (over) continue;
        if (base64Size(bytes) > limit) {
          over = true;
          out.end();
          continue;
        }
        if (failure) throw failure;
        if (!out.write(buf)) await once(out, 'drain');
      }
      if (!over) out.end();
      await finished(out);
      if (failure) throw failure;
    } catch (err) {
      out.destroy();
      await rm(file, { force: true });
      throw err;
    }
    if (over) await rm(file, { force: true });
    return { ok: !over, bytes };
  }

  /** Write a small upload given whole (the multipart create's content part). */
  async write(file: string, text: string): Promise<number> {
    await writeFile(file, text);
    return Buffer.byteLength(text);
  }

  /** Remove a job's files. */
  async remove(files: IngestFiles | QueryFiles): Promise<void> {
    await Promise.all(Object.values(files).map((f: string) => rm(f, { force: true })));
  }

  /** Remove the whole directory (sandbox shutdown). */
  dispose(): void {
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
  }

  #directory(): string {
    this.#dir ??= mkdtempSync(join(tmpdir(), 'ferry-bulk-'));
    return this.#dir;
  }
}
