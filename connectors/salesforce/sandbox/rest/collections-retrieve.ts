import { toId18 } from '../ids.js';
import type { FieldDef } from '../model.js';
import { listParam, tooManyRecords } from './collections-results.js';
import { notFound, requireObjectBody, restError } from './errors.js';
import { renderRecord } from './format.js';
import type { RestRequest, RestResponse } from './router.js';

/**
 * sObject Collections retrieve: `GET /composite/sobjects/{T}?ids=…&fields=…` or `POST` with
 * `{ids, fields}`. One entry per id in input order: the record with the requested fields (Id
 * appended when not asked for, as sObject retrieves do), or null for an id that is malformed, of
 * another type, deleted or unknown. An unknown field fails the whole call.
 */

const MAX_IDS = 2000;

/** Retrieve with `ids` and `fields` query parameters. */
export function retrieveByQuery(req: RestRequest, typeName: string): RestResponse {
  return retrieve(req, typeName, listParam(req.query.ids), listParam(req.query.fields));
}

/** Retrieve with a `{ids: […], fields: […]}` body (for more ids than a url holds). */
export function retrieveByBody(req: RestRequest, typeName: string): RestResponse {
  if (!req.org.store.object(typeName)) return notFound();
  const notObject = requireObjectBody(req.body, 'SObjectCollectionRetrieveRequest');
  if (notObject) return notObject;
  const { ids, fields } = req.body as Record<string, unknown>;
  return retrieve(req, typeName, listParam(ids), listParam(fields));
}

function retrieve(req: RestRequest, typeName: string, ids: readonly string[], fieldNames: readonly string[]): RestResponse {
  const def = req.org.store.object(typeName);
  if (!def) return notFound();
  if (ids.length === 0) return restError(400, 'MISSING_ARGUMENT', 'ids parameter is required: the ids of the records to retrieve');
  if (fieldNames.length === 0) return restError(400, 'MISSING_ARGUMENT', 'fields parameter is required: the fields to retrieve');
  if (ids.length > MAX_IDS) return tooManyRecords(MAX_IDS);
  const fields: FieldDef[] = [];
  for (const name of fieldNames) {
    const field = def.fieldMap.get(name.toLowerCase());
    if (!field) {
      return restError(
        400,
        'INVALID_FIELD',
        `No such column '${name}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    if (!fields.includes(field)) fields.push(field);
  }
  const idField = def.fieldMap.get('id');
  if (idField && !fields.includes(idField)) fields.push(idField);
  return {
    status: 200,
    body: ids.map((raw) => {
      const id = toId18(raw);
      const record = id === undefined ? undefined : req.org.store.get(id);
      return record && !record.deleted && record.type === def.name ? renderRecord(record, def, req.version, fields) : null;
    }),
  };
}
