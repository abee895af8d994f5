/** A look-ahead buffer over the lexer, with the keyword and punctuation tests both parsers use. */
import { positioned, unexpectedToken } from './errors.js';
import type { SoqlError } from './errors.js';
import { Lexer } from './lexer.js';
import type { Token } from './lexer.js';

/**
 * How deep parentheses, NOT and semi-join subqueries may nest. The parsers recurse once per level,
 * so without a cap a query of a few thousand `(` exhausts the stack. Salesforce documents no such
 * limit; 100 is far beyond any real query's nesting.
 */
export const MAX_NESTING = 100;

export class TokenStream {
  readonly text: string;
  readonly #lexer: Lexer;
  readonly #buffer: Token[] = [];
  /** the error code for syntax errors: MALFORMED_QUERY, or MALFORMED_SEARCH in SOSL */
  readonly code: string;
  #depth = 0;

  constructor(text: string, start = 0, code = 'MALFORMED_QUERY') {
    this.text = text;
    this.#lexer = new Lexer(text, start);
    this.code = code;
  }

  /** The token `k` ahead without consuming it. */
  peek(k = 0): Token {
    while (this.#buffer.length <= k) this.#buffer.push(this.#lexer.next());
    return this.#buffer[k]!;
  }

  /** Consume and return the next token. */
  next(): Token {
    const token = this.peek();
    this.#buffer.shift();
    return token;
  }

  /** Whether the token `k` ahead is the (case-insensitive) keyword. */
  isKeyword(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.upper === word;
  }

  /** Whether the token `k` ahead is the punctuation. */
  isPunct(p: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.text === p;
  }

  /** Consume the keyword or fail on whatever is there. */
  expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) throw this.unexpected();
    return this.next();
  }

  /** Consume the punctuation or fail on whatever is there. */
  expectPunct(p: string): Token {
    if (!this.isPunct(p)) throw this.unexpected();
    return this.next();
  }

  /** Parse one nesting level opened by `opener`; fails there once MAX_NESTING levels are open. */
  nested<T>(opener: Token, parse: () => T): T {
    if (this.#depth >= MAX_NESTING) throw positioned(this.code, this.text, { offset: opener.pos }, `Query nested too deeply: at most ${MAX_NESTING} levels of parentheses, NOT and subqueries are allowed`);
    this.#depth++;
    try {
      return parse();
    } finally {
      this.#depth--;
    }
  }

  /** `unexpected token: 'X'` for the next token (or a given one). */
  unexpected(token: Token = this.peek()): SoqlError {
    return unexpectedToken(this.text, token.pos, token.text, this.code);
  }
}
