import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostics, SourcePos } from './diagnostics.js';

export type YamlPath = readonly (string | number)[];

/** How diagnostics name a file: relative to the current folder, so editors and terminals can open it. */
export function displayPath(abs: string): string {
  return relative(process.cwd(), abs) || abs;
}

/**
 * A parsed YAML file that remembers where everything came from, so any problem found later
 * (schema, references, expressions) can be reported at its exact line and column.
 */
export class YamlFile {
  readonly file: string;
  readonly text: string;
  readonly data: unknown;
  readonly #doc: Document.Parsed;
  readonly #lines: LineCounter;
  readonly #sourceLines: string[];

  private constructor(file: string, text: string, doc: Document.Parsed, lines: LineCounter) {
    this.file = file;
    this.text = text;
    this.#doc = doc;
    this.#lines = lines;
    this.#sourceLines = text.split(/\r?\n/);
    this.data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  }

  /** Parse text; YAML syntax errors (and duplicate keys) are reported and yield undefined. */
  static parse(file: string, text: string, diags: Diagnostics, code: string): YamlFile | undefined {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const pos = lines.linePos(e.pos[0]);
        const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        diags.error(code, `YAML ${message}`, { file, line: pos.line, col: pos.col }, text.split(/\r?\n/)[pos.line - 1]);
      }
      return undefined;
    }
    try {
      return new YamlFile(file, text, doc, lines);
    } catch (err) {
      // toJS can still fail, e.g. on an alias bomb
      diags.error(code, `YAML ${(err as Error).message}`, { file, line: 1, col: 1 });
      return undefined;
    }
  }

  /** Read and parse a file from disk. */
  static read(absPath: string, displayPath: string, diags: Diagnostics, code: string): YamlFile | undefined {
    return YamlFile.parse(displayPath, readFileSync(absPath, 'utf8'), diags, code);
  }

  /** Position of the node at `path` (or of its key when `atKey`); falls back to the nearest ancestor. */
  locate(path: YamlPath, atKey = false): SourcePos {
    let node: unknown = this.#doc.contents;
    let offset = 0;
    let keyOffset: number | undefined;
    for (const seg of path) {
      keyOffset = undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        keyOffset = (pair.key as Node).range?.[0];
        node = pair.value;
        offset = (pair.value as Node | null)?.range?.[0] ?? keyOffset ?? offset;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
        node = node.items[seg];
        offset = (node as Node).range?.[0] ?? offset;
      } else {
        break;
      }
    }
    if (node === this.#doc.contents && path.length === 0) offset = (node as Node | null)?.range?.[0] ?? 0;
    return this.#pos(atKey && keyOffset !== undefined ? keyOffset : offset);
  }

  /**
   * Position of a character inside the string scalar at `path` (for expression errors): exact for
   * plain and quoted one-line scalars and for block scalars; the scalar's start otherwise.
   */
  locateInString(path: YamlPath, index: number): SourcePos {
    const node = this.#doc.getIn(path as (string | number)[], true);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return this.locate(path);
    const start = node.range[0];
    const before = node.value.slice(0, index);
    const nl = before.lastIndexOf('\n');
    const base = this.#pos(start);
    switch (node.type) {
      case 'PLAIN':
      case 'QUOTE_DOUBLE':
      case 'QUOTE_SINGLE': {
        if (nl !== -1) return base;
        const quote = node.type === 'PLAIN' ? 0 : 1;
        return { file: this.file, line: base.line, col: base.col + quote + index };
      }
      case 'BLOCK_LITERAL':
      case 'BLOCK_FOLDED': {
        // Content lines follow the header line; all share the block's indentation, which the
        // first non-empty one shows (deeper-indented lines keep their extra spaces in the value).
        const lineIndex = before.split('\n').length - 1;
        const line = base.line + 1 + lineIndex;
        const firstContent = this.#sourceLines.slice(base.line).find((l) => l.trim() !== '') ?? '';
        const indent = /^ */.exec(firstContent)![0].length;
        return { file: this.file, line, col: indent + 1 + (before.length - nl - 1) };
      }
      default:
        return base;
    }
  }

  /** The source line for a caret snippet. */
  snippet(line: number): string | undefined {
    return this.#sourceLines[line - 1];
  }

  #pos(offset: number): SourcePos {
    const { line, col } = this.#lines.linePos(offset);
    return { file: this.file, line, col };
  }
}
