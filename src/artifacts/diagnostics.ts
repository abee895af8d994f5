/** Where something lives in a YAML file: 1-based line and column. */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export type Severity = 'error' | 'warning';

/** One problem found while loading a project, printed by `ferry validate` as file:line:col. */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** the offending source line, for a short caret snippet */
  readonly snippet?: string;
}

/** `file:line:col` for messages. */
export function formatPos(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.col}`;
}

/** Collects every problem of a load, in order, so `ferry validate` can print them all at once. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.list.push(d);
  }

  /** Record an error at a position; `snippet` is the source line, if known. */
  error(code: string, message: string, pos: SourcePos, snippet?: string): void {
    this.list.push({ severity: 'error', code, message, file: pos.file, line: pos.line, col: pos.col, snippet });
  }

  warn(code: string, message: string, pos: SourcePos, snippet?: string): void {
    this.list.push({ severity: 'warning', code, message, file: pos.file, line: pos.line, col: pos.col, snippet });
  }

  get errorCount(): number {
    return this.list.filter((d) => d.severity === 'error').length;
  }

  get warningCount(): number {
    return this.list.filter((d) => d.severity === 'warning').length;
  }
}

/** `file:line:col: error CODE: message` and a caret under the column. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.severity} ${d.code}: ${d.message}`;
  if (d.snippet === undefined) return head;
  const gutter = `${d.line} | `;
  return `${head}\n  ${gutter}${d.snippet}\n  ${' '.repeat(gutter.length + Math.max(0, d.col - 1))}^`;
}
