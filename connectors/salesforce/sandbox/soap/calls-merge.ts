import { toId18 } from '../ids.js';
import type { FieldValue, RecordError, SRecord } from '../model.js';
import { isoDate } from '../time.js';
import { limitCount, objectOrFault, saveOptions, type CallContext, type CallHandler } from './call.js';
import { errorsXml } from './results.js';
import { readSObject, saveInputOf } from './sobject-input.js';
import { xsdBoolean } from './envelope.js';
import { child, childrenNamed, each, el, leaf, textOf, type XNode } from './xml.js';

/**
 * merge (up to three Leads, Contacts or Accounts: master fields updated, the others' related
 * records re-parented to the master, then the others deleted with MasterRecordId set) and
 * convertLead (Account, Contact and, unless asked not to, Opportunity from a Lead). Each request is
 * its own transaction, as in Salesforce.
 */

const MERGEABLE = new Set(['Lead', 'Contact', 'Account']);

class RequestFailed extends Error {
  constructor(readonly errors: readonly RecordError[]) {
    super(errors[0]?.message ?? 'failed');
  }
}

function error(statusCode: string, message: string, fields: string[] = []): RequestFailed {
  return new RequestFailed([{ statusCode, message, fields }]);
}

/** Run one request in its own transaction; its failure undoes what it did. */
function inTransaction<T>(c: CallContext, fn: () => T): T | RequestFailed {
  try {
    return c.org.store.transaction(fn);
  } catch (err) {
    if (err instanceof RequestFailed) return err;
    throw err;
  }
}

/** Write fields the API may not write (system bookkeeping), after the fallible steps succeeded. */
function stamp(c: CallContext, record: SRecord, values: Record<string, FieldValue>): void {
  c.org.store.writeSystemFields(record.id, values);
}

function live(c: CallContext, id: string | undefined, type: string): SRecord {
  const record = id === undefined ? undefined : c.org.store.get(id);
  if (!record || record.type !== type) throw error('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
  if (record.deleted) throw error('ENTITY_IS_DELETED', 'entity is deleted');
  return record;
}

function mergeOne(c: CallContext, request: XNode): string {
  const master = readSObject(child(request, 'masterRecord') ?? { name: 'masterRecord', attrs: {}, children: [], text: '' });
  const def = objectOrFault(c, master.type);
  const victimIds = childrenNamed(request, 'recordToMergeIds').map((n) => n.text.trim());
  const outcome = inTransaction(c, () => {
    if (!MERGEABLE.has(def.name)) throw error('INVALID_TYPE_FOR_OPERATION', `${def.name} records cannot be merged`);
    if (victimIds.length === 0) throw error('REQUIRED_FIELD_MISSING', 'Required field is missing: recordToMergeIds');
    if (victimIds.length > 2) throw error('LIMIT_EXCEEDED', 'A merge request can merge up to three records, including the master record');
    const masterRecord = live(c, toId18(master.id ?? ''), def.name);
    const victims = victimIds.map((id) => live(c, toId18(id), def.name));
    if (victims.some((v) => v.id === masterRecord.id)) throw error('INVALID_ID_FIELD', 'The master record id is also in the list of records to merge');
    const { values, errors } = saveInputOf(c, def, master);
    if (errors.length > 0) throw new RequestFailed(errors);
    if (Object.keys(values).length > 0) {
      const updated = c.org.store.update(masterRecord.id, values, saveOptions(c), def.name);
      if (!updated.ok) throw new RequestFailed(updated.errors);
    }
    const related = new Set<string>();
    for (const victim of victims) {
      for (const { record, field } of c.org.store.referencing(victim.id)) {
        // lookups the API cannot write (ConvertedAccountId, MasterRecordId) keep pointing at the loser
        if (!field.updateable || victims.some((v) => v.id === record.id)) continue;
        const moved = c.org.store.update(record.id, { [field.name]: masterRecord.id }, saveOptions(c));
        if (!moved.ok) throw new RequestFailed(moved.errors);
        related.add(record.id);
      }
      const deleted = c.org.store.delete(victim.id);
      if (!deleted.ok) throw new RequestFailed(deleted.errors);
    }
    return { master: masterRecord, victims, related: [...related] };
  });
  if (outcome instanceof RequestFailed) return el('result', errorsXml(outcome.errors) + leaf('id', null) + leaf('success', false));
  for (const v of outcome.victims) stamp(c, v, { MasterRecordId: outcome.master.id });
  return el('result', leaf('id', outcome.master.id) + each('mergedRecordIds', outcome.victims.map((v) => v.id)) + leaf('success', true) + each('updatedRelatedIds', outcome.related));
}

const merge: CallHandler = (c) => {
  // the WSDL names the element `request`; jsforce sends `mergeRequests`: every child is a request
  const requests = c.call.children;
  limitCount(requests, 200);
  return requests.map((r) => mergeOne(c, r)).join('');
};

// Lead field → the field it becomes on the Account and on the Contact
const TO_ACCOUNT: Readonly<Record<string, string>> = {
  Company: 'Name', Industry: 'Industry', AnnualRevenue: 'AnnualRevenue', NumberOfEmployees: 'NumberOfEmployees', Phone: 'Phone', Rating: 'Rating',
  Street: 'BillingStreet', City: 'BillingCity', State: 'BillingState', PostalCode: 'BillingPostalCode', Country: 'BillingCountry',
};
const TO_CONTACT: Readonly<Record<string, string>> = {
  FirstName: 'FirstName', LastName: 'LastName', Salutation: 'Salutation', Title: 'Title', Email: 'Email', Phone: 'Phone', LeadSource: 'LeadSource',
  Street: 'MailingStreet', City: 'MailingCity', State: 'MailingState', PostalCode: 'MailingPostalCode', Country: 'MailingCountry', Description: 'Description',
};

function mapped(lead: SRecord, mapping: Readonly<Record<string, string>>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [from, to] of Object.entries(mapping)) {
    const v = lead.values[from];
    if (v !== null && v !== undefined && v !== '') out[to] = v;
  }
  return { ...out, ...extra };
}

function created(c: CallContext, type: string, values: Record<string, unknown>): string {
  // values come from stored records, so they are typed already
  const outcome = c.org.store.create(type, values, { mode: 'json', userId: saveOptions(c).userId });
  if (!outcome.ok) throw new RequestFailed(outcome.errors);
  return outcome.id;
}

/** The last day of the quarter of a date: the close date Salesforce gives converted opportunities. */
function quarterEnd(ms: number): string {
  const d = new Date(ms);
  const quarterLastMonth = Math.floor(d.getUTCMonth() / 3) * 3 + 3;
  return isoDate(Date.UTC(d.getUTCFullYear(), quarterLastMonth, 0));
}

function convertOne(c: CallContext, node: XNode): string {
  const leadId = toId18(textOf(node, 'leadId') ?? '');
  const outcome = inTransaction(c, () => {
    const lead = live(c, leadId, 'Lead');
    if (lead.values.IsConverted === true) throw error('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
    const status = textOf(node, 'convertedStatus');
    if (status === undefined || status === '') throw error('REQUIRED_FIELD_MISSING', 'Required field is missing: convertedStatus', ['convertedStatus']);
    if (!/converted/i.test(status) || /not converted/i.test(status)) throw error('INVALID_STATUS', `invalid convertedStatus: ${status}`);
    // new records belong to the given owner, else to the lead's owner
    const owner = { OwnerId: textOf(node, 'ownerId') ?? lead.values.OwnerId };
    const accountId = textOf(node, 'accountId') ? live(c, toId18(textOf(node, 'accountId')!), 'Account').id : created(c, 'Account', mapped(lead, TO_ACCOUNT, owner));
    let contactId: string;
    if (textOf(node, 'contactId')) {
      contactId = live(c, toId18(textOf(node, 'contactId')!), 'Contact').id;
      if (xsdBoolean(textOf(node, 'overwriteLeadSource')) && lead.values.LeadSource) {
        const updated = c.org.store.update(contactId, { LeadSource: lead.values.LeadSource }, saveOptions(c));
        if (!updated.ok) throw new RequestFailed(updated.errors);
      }
    } else contactId = created(c, 'Contact', mapped(lead, TO_CONTACT, { AccountId: accountId, ...owner }));
    const opportunityId = xsdBoolean(textOf(node, 'doNotCreateOpportunity'))
      ? null
      : created(c, 'Opportunity', {
          Name: textOf(node, 'opportunityName') || lead.values.Company,
          AccountId: accountId,
          StageName: 'Prospecting',
          CloseDate: quarterEnd(c.org.now()),
          ...(lead.values.LeadSource ? { LeadSource: lead.values.LeadSource } : {}),
          ...owner,
        });
    const updated = c.org.store.update(lead.id, { Status: status }, saveOptions(c));
    if (!updated.ok) throw new RequestFailed(updated.errors);
    return { lead, accountId, contactId, opportunityId };
  });
  if (outcome instanceof RequestFailed) {
    return el('result', leaf('accountId', null) + leaf('contactId', null) + errorsXml(outcome.errors) + leaf('leadId', leadId ?? null) + leaf('opportunityId', null) + leaf('success', false));
  }
  stamp(c, outcome.lead, {
    IsConverted: true,
    ConvertedDate: isoDate(c.org.now()),
    ConvertedAccountId: outcome.accountId,
    ConvertedContactId: outcome.contactId,
    ConvertedOpportunityId: outcome.opportunityId,
  });
  return el(
    'result',
    leaf('accountId', outcome.accountId) + leaf('contactId', outcome.contactId) + leaf('leadId', outcome.lead.id) + leaf('opportunityId', outcome.opportunityId) + leaf('success', true),
  );
}

const convertLead: CallHandler = (c) => {
  // the WSDL names the element `leadConverts`; any element child is taken as one, as merge does
  const converts = c.call.children;
  limitCount(converts, 100);
  return converts.map((n) => convertOne(c, n)).join('');
};

/** merge and convertLead by name. */
export const MERGE_CALLS: Readonly<Record<string, CallHandler>> = { merge, convertLead };
