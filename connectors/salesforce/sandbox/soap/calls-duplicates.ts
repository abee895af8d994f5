import { toId18 } from '../ids.js';
import type { FieldValue, SRecord } from '../model.js';
import { limitCount, objectOrFault, type CallContext, type CallHandler } from './call.js';
import { SoapFault } from './faults.js';
import { javaDouble } from './results.js';
import { readSObject } from './sobject-input.js';
import { childrenNamed, el, leaf } from './xml.js';

/**
 * findDuplicates and findDuplicatesByIds with the org's standard duplicate rules: Accounts match
 * by Name, Contacts and Leads by Email or by first and last name (case-insensitive). Objects with
 * no rule get NO_ACTIVE_DUPLICATE_RULE.
 */

interface Rule {
  readonly duplicateRule: string;
  readonly matchingRule: string;
  /** each alternative is a set of fields that must all be equal */
  readonly keys: readonly (readonly string[])[];
}

const RULES: Readonly<Record<string, Rule>> = {
  Account: { duplicateRule: 'Standard_Account_Duplicate_Rule', matchingRule: 'Standard_Account_Match_Rule_v1_0', keys: [['Name']] },
  Contact: { duplicateRule: 'Standard_Contact_Duplicate_Rule', matchingRule: 'Standard_Contact_Match_Rule_v1_1', keys: [['Email'], ['FirstName', 'LastName']] },
  Lead: { duplicateRule: 'Standard_Lead_Duplicate_Rule', matchingRule: 'Standard_Lead_Match_Rule_v1_0', keys: [['Email'], ['FirstName', 'LastName']] },
};

const MAX_RECORDS = 50;

function norm(v: FieldValue | undefined): string {
  return typeof v === 'string' ? v.trim().toLowerCase() : v === null || v === undefined ? '' : String(v);
}

/** Live records of the type that match the candidate under the rule (itself excluded). */
function matchesOf(c: CallContext, type: string, rule: Rule, candidate: Readonly<Record<string, FieldValue | undefined>>, self: string | undefined): SRecord[] {
  const usable = rule.keys.filter((key) => key.every((f) => norm(candidate[f]) !== ''));
  if (usable.length === 0) return [];
  return [...c.org.store.records(type)].filter((r) => !r.deleted && r.id !== self && usable.some((key) => key.every((f) => norm(r.values[f]) === norm(candidate[f]))));
}

/** FindDuplicatesResult: duplicateResults…, errors…, success. */
function resultXml(type: string, rule: Rule, matches: readonly SRecord[]): string {
  if (matches.length === 0) return el('result', leaf('success', true));
  const records = matches.map((r) => el('matchRecords', leaf('matchConfidence', javaDouble(100)) + el('record', leaf('sf:type', type) + leaf('sf:Id', r.id), ' xsi:type="sf:sObject"')));
  const matchResult = el(
    'matchResults',
    leaf('entityType', type) + leaf('matchEngine', 'FuzzyMatchEngine') + records.join('') + leaf('rule', rule.matchingRule) + leaf('size', matches.length) + leaf('success', true),
  );
  const duplicate = el(
    'duplicateResults',
    leaf('allowSave', true) + leaf('duplicateRule', rule.duplicateRule) + leaf('duplicateRuleEntityType', type) + leaf('errorMessage', 'Use one of these records?') + matchResult,
  );
  return el('result', duplicate + leaf('success', true));
}

function ruleFor(type: string): Rule {
  const rule = RULES[type];
  if (!rule) throw new SoapFault('NO_ACTIVE_DUPLICATE_RULE', `No active duplicate rules are defined for the ${type} object type.`);
  return rule;
}

const findDuplicates: CallHandler = (c) => {
  const nodes = childrenNamed(c.call, 'sObjects');
  limitCount(nodes, MAX_RECORDS);
  const inputs = nodes.map((n) => {
    const input = readSObject(n);
    const def = objectOrFault(c, input.type);
    // the candidate's values by canonical field name
    const values: Record<string, FieldValue> = {};
    for (const [name, v] of Object.entries(input.fields)) values[def.fieldMap.get(name.toLowerCase())?.name ?? name] = v;
    return { type: def.name, values, rule: ruleFor(def.name) };
  });
  return inputs.map((i) => resultXml(i.type, i.rule, matchesOf(c, i.type, i.rule, i.values, undefined))).join('');
};

const findDuplicatesByIds: CallHandler = (c) => {
  const ids = childrenNamed(c.call, 'ids').map((n) => n.text.trim());
  limitCount(ids, MAX_RECORDS);
  return ids
    .map((raw) => {
      const record = c.org.store.get(toId18(raw) ?? '');
      if (!record || record.deleted) {
        return el('result', el('errors', leaf('message', `invalid id: ${raw}`) + leaf('statusCode', 'INVALID_ID_FIELD')) + leaf('success', false));
      }
      const rule = ruleFor(record.type);
      return resultXml(record.type, rule, matchesOf(c, record.type, rule, record.values, record.id));
    })
    .join('');
};

/** The duplicate-finding operations by name. */
export const DUPLICATE_CALLS: Readonly<Record<string, CallHandler>> = { findDuplicates, findDuplicatesByIds };
