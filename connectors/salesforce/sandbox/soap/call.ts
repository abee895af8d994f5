import type { Session, SandboxContext } from '../context.js';
import type { ObjectDef } from '../model.js';
import type { Org } from '../org.js';
import type { SaveOptions } from '../store/org-store.js';
import type { SoapHeaders } from './envelope.js';
import { Faults } from './faults.js';
import type { XNode } from './xml.js';

/** What an operation handler gets: the org, the caller, the request's headers and operation element. */
export interface CallContext {
  readonly ctx: SandboxContext;
  readonly org: Org;
  /** `62.0` */
  readonly version: string;
  /** undefined only for login */
  readonly session: Session | undefined;
  readonly headers: SoapHeaders;
  readonly call: XNode;
}

/** An operation: returns the content of its `<{name}Response>` element. */
export type CallHandler = (c: CallContext) => string;

/** The authenticated caller (every operation but login has one). */
export function callerOf(c: CallContext): Session {
  if (!c.session) throw Faults.invalidSession();
  return c.session;
}

/** Store options for SOAP writes: text values, audit fields by the caller. */
export function saveOptions(c: CallContext): SaveOptions {
  return { mode: 'text', userId: callerOf(c).userId };
}

/** The object a call names, or the INVALID_TYPE fault. */
export function objectOrFault(c: CallContext, name: string | undefined): ObjectDef {
  if (name === undefined || name === '') throw Faults.noType();
  const def = c.org.store.object(name);
  if (!def) throw Faults.invalidType(name);
  return def;
}

/** Refuse more items than an operation takes in one call. */
export function limitCount(items: readonly unknown[], max: number): void {
  if (items.length > max) throw Faults.tooMany(max);
}
