import type { Project } from '../artifacts/project.js';
import type { Diagnostic } from '../artifacts/diagnostics.js';

/** The outcome of one (re)load of the project. */
export interface ReloadReport {
  readonly at: Date;
  /** 'initial' for the load at startup */
  readonly trigger: 'initial' | 'watch' | 'management' | 'signal';
  readonly ok: boolean;
  /** every diagnostic of the attempt (errors and warnings) */
  readonly diagnostics: readonly Diagnostic[];
  /** how long loading, validating and swapping took */
  readonly ms: number;
}

/**
 * What the management API, health checks and metrics see of a running server: the project now
 * serving (which a reload replaces atomically), its history, and the few things that can be
 * changed at run time. One per process, created by startServer.
 */
export interface ServerState {
  /** Ferry's version (package.json) */
  readonly version: string;
  readonly startedAt: Date;
  /** the project folder (absolute) */
  readonly projectDir: string;
  /** http://host:port of the API listener */
  readonly apiUrl: string;
  /** the project serving new requests now */
  current(): Project;
  /** the last reload attempt (the initial load first) */
  lastReload(): ReloadReport;
  /** successful and failed reloads since startup (the initial load not counted) */
  reloadCounts(): { readonly ok: number; readonly failed: number };
  /** load and validate the whole project again; swap it in when valid, else keep the old one */
  reload(trigger: ReloadReport['trigger']): Promise<ReloadReport>;
  /** the root logger's level, and changing it at run time */
  logLevel(): string;
  setLogLevel(level: string): void;
  /** whether the API listener is accepting requests (false while draining) */
  listening(): boolean;
}
