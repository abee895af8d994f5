/**
 * bulkQuery (beyond WSO2): a Bulk API 2.0 query in one step. It creates the query job (`query`,
 * `operation` query | queryAll), waits for it (see wait.ts), and answers every result page —
 * following `Sforce-Locator` until Salesforce says `null`, `maxRecords` rows per page — as one
 * CSV (a single header line) or one JSON array (`outputType`, default JSON). Pages are fetched
 * one after another as the answer is read: streamed to the client or to `filePath`, a result of
 * any size passes through in constant memory; kept in a variable, it is read whole. A job that
 * ends Failed or Aborted is the fault SALESFORCE_BULK_JOB_FAILED. An error on a later page, once
 * the answer is streaming, can only cut the stream short (the client sees a broken response).
 */
import { Readable } from 'node:stream';
import type { ConnectorClient, OperationIO } from '../../../../src/connectors/types.js';
import { BodyStream } from '../../../../src/engine/body-stream.js';
import type { OperationResult } from '../../../../src/engine/result.js';
import { FerryError } from '../../../../src/errors.js';
import type { SalesforceRestClient } from '../client.js';
import { rest } from '../ops/shared.js';
import { csvObjects, jsonArrayText } from './csv-json.js';
import { CSV_TYPE, download, JSON_TYPE, openOutput, outputOptions, resultHeaders } from './output.js';
import { nextLocator, queryJobSpec } from './query-jobs.js';
import { answerFault, BULK_JOB_FAILED, bulkFault, COLUMN_DELIMITERS, jobPath, layoutOf, ok, text } from './shared.js';
import { waitForJobs, waitOptions } from './wait.js';

const STEP = 'salesforce.bulkQuery';

/** The result pages of a complete query job, each a CSV stream with its header line, fetched on demand. */
async function* pages(client: SalesforceRestClient, jobId: string, first: Readable, firstResult: OperationResult, maxRecords: number | undefined, io: OperationIO): AsyncGenerator<Readable> {
  yield first;
  const seen = new Set<string>();
  let locator = nextLocator(firstResult);
  while (locator !== undefined) {
    if (seen.has(locator)) throw new FerryError('FERRY_ERR_CALL_BAD_RESPONSE', `${STEP}: Salesforce gave locator ${locator} twice for job ${jobId}`);
    seen.add(locator);
    const { result, csv } = await download(client, jobPath('query', jobId, 'results'), { locator, maxRecords }, io);
    if (!csv) throw answerFault(result, `${STEP} (job ${jobId}, locator ${locator})`);
    yield csv;
    locator = nextLocator(result);
  }
}

/** A page without its header line (the text up to the first line break). */
async function* withoutHeader(page: Readable): AsyncGenerator<Buffer> {
  let inHeader = true;
  for await (const chunk of page as AsyncIterable<Buffer>) {
    if (!inHeader) {
      yield chunk;
      continue;
    }
    const nl = chunk.indexOf(10);
    if (nl < 0) continue;
    inHeader = false;
    if (nl + 1 < chunk.length) yield chunk.subarray(nl + 1);
  }
}

/** Every page as one CSV: the first page whole, the others without their header. */
async function* csvText(all: AsyncIterable<Readable>): AsyncGenerator<Buffer> {
  let first = true;
  for await (const page of all) {
    if (first) yield* page as AsyncIterable<Buffer>;
    else yield* withoutHeader(page);
    first = false;
  }
}

/** Every page's rows as objects of strings. */
async function* objects(all: AsyncIterable<Readable>, delimiter: string): AsyncGenerator<Record<string, string>> {
  for await (const page of all) yield* csvObjects(page, delimiter);
}

/** bulkQuery: create, wait, and answer every page. */
export async function bulkQuery(client: ConnectorClient, params: Record<string, unknown>, io: OperationIO): Promise<OperationResult> {
  const sf = rest(client);
  const spec = queryJobSpec(params);
  const options = outputOptions(params);
  const wait = waitOptions(params);
  const max = text(params.maxRecords);
  const maxRecords = max === undefined ? undefined : Number(max);
  const out = await openOutput(options, sf);
  try {
    const created = await sf.call({ method: 'POST', path: '/jobs/query', body: spec, log: io.log });
    if (!ok(created)) {
      await out?.discard();
      return created;
    }
    const jobId = String((created.payload as { id: unknown }).id);
    const [info] = await waitForJobs(sf, 'query', [jobId], wait, io, STEP);
    if (info!.state !== 'JobComplete') {
      throw bulkFault(BULK_JOB_FAILED, `${STEP}: query job ${jobId} ${info!.state}${typeof info!.errorMessage === 'string' ? `: ${info!.errorMessage}` : ''}`, {
        detail: info,
        response: { status: 502, contentType: JSON_TYPE, body: info },
      });
    }
    const first = await download(sf, jobPath('query', jobId, 'results'), { maxRecords }, io);
    if (!first.csv) {
      await out?.discard();
      return first.result;
    }
    const delimiter = COLUMN_DELIMITERS[layoutOf(info).columnDelimiter];
    const all = pages(sf, jobId, first.csv, first.result, maxRecords, io);
    const json = options.outputType === 'JSON';
    const body = () => Readable.from(json ? jsonArrayText(objects(all, delimiter)) : csvText(all), { objectMode: false });
    const headers = resultHeaders(first.result.headers);
    delete headers['sforce-locator'];
    delete headers['sforce-numberofrecords'];
    const attributes = { ...first.result.attributes, jobId, records: Number(info!.numberRecordsProcessed ?? 0) };
    if (out) {
      const bytes = await out.write(body());
      return { statusCode: 200, headers, contentType: JSON_TYPE, payload: { result: 'success' }, attributes: { ...attributes, filePath: out.path, bytes } };
    }
    const contentType = json ? JSON_TYPE : CSV_TYPE;
    if (io.streamResult) return { statusCode: 200, headers, contentType, payload: new BodyStream(body(), contentType), attributes };
    let payload: unknown;
    if (json) {
      const rows: Record<string, string>[] = [];
      for await (const row of objects(all, delimiter)) rows.push(row);
      payload = rows;
    } else {
      const chunks: Buffer[] = [];
      for await (const chunk of csvText(all)) chunks.push(chunk);
      payload = Buffer.concat(chunks).toString('utf8');
    }
    return { statusCode: 200, headers, contentType, payload, attributes };
  } catch (err) {
    await out?.discard();
    throw err;
  }
}
