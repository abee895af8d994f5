import type { SRecord } from '../model.js';

/**
 * Fields Salesforce computes from others, refreshed after every write: a person's Name, and the
 * closed/won flags that follow a stage or status.
 */
export function derive(record: SRecord): void {
  const v = record.values;
  switch (record.type) {
    case 'Contact':
    case 'Lead':
    case 'User':
      v.Name = [v.FirstName, v.LastName].filter((p) => typeof p === 'string' && p !== '').join(' ');
      break;
    case 'Opportunity':
      v.IsClosed = v.StageName === 'Closed Won' || v.StageName === 'Closed Lost';
      v.IsWon = v.StageName === 'Closed Won';
      break;
    case 'Case': {
      const closed = v.Status === 'Closed';
      if (closed && !v.IsClosed) v.ClosedDate = v.LastModifiedDate ?? null;
      if (!closed) v.ClosedDate = null;
      v.IsClosed = closed;
      break;
    }
    case 'Task':
      v.IsClosed = v.Status === 'Completed';
      break;
    default:
      break;
  }
}
