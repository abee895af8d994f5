import type { OperationIO } from '../../../../src/connectors/types.js';
import { FerryError } from '../../../../src/errors.js';
import type { ConnectorClient } from '../../../../src/connectors/types.js';
import { SalesforceRestClient } from '../client.js';

/** The REST client of an oauth2 connection (the descriptor only lets REST operations use oauth2). */
export function rest(client: ConnectorClient): SalesforceRestClient {
  if (!(client instanceof SalesforceRestClient)) throw new FerryError('FERRY_ERR_CONNECTION_TYPE', 'this operation needs an oauth2 connection');
  return client;
}

/** A path segment from a parameter: encoded, so an id or name cannot change the URL's shape. */
export function seg(value: unknown): string {
  const encoded = encodeURIComponent(String(value));
  // encodeURIComponent leaves dots alone, and "." or ".." would climb the path
  return encoded === '.' || encoded === '..' ? encoded.replaceAll('.', '%2E') : encoded;
}

/** A JSON body parameter: MI passes fieldAndValue as a JSON object or as text holding JSON. */
export function jsonParam(value: unknown, name: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `${name} must be a JSON object or text holding one`);
  }
}

export type { OperationIO };
