import { locate } from './location';
import { TemplateError, type TemplateNotice } from './notices';
import { occurrenceOf, PLACEHOLDER_HERE, type Occurrence, type Vocabulary } from './placeholder-syntax';

const JSON_NUMBER_HERE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const MAX_NESTING = 256;
// Quoting these sends "2" / "true": JellyNext's show template has them bare for a reason.
const BARE_BY_INTENT = new Set(['seasonnumber', 'isanime']);

function describe(char: string | undefined): string {
  if (char === undefined) return 'the end of the template';
  if (char === '\n') return 'a line break';
  return `'${char}'`;
}

/**
 * A JSON parser over the template itself, in which a placeholder outside quotes counts as a value
 * (rendered as a typed JSON literal). It finds each placeholder's context (inside a string or bare) and reports errors at
 * their place in the template, not in some rendered text the user never wrote.
 */
export class JsonTemplateScanner {
  readonly occurrences: Occurrence[] = [];
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly src: string,
    private readonly names: Vocabulary,
    private readonly warnings: TemplateNotice[],
    private readonly hints: TemplateNotice[],
    private readonly messageReads: Set<string>,
  ) {}

  scan(): void {
    this.skipWhitespace();
    if (this.pos === this.src.length) return;
    this.value();
    this.skipWhitespace();
    if (this.pos < this.src.length) this.fail('unexpected text after the end of the JSON value');
  }

  private fail(reason: string, at = this.pos): never {
    throw new TemplateError(locate(this.src, at), reason);
  }

  private skipWhitespace(): void {
    const src = this.src;
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return;
      this.pos++;
    }
  }

  private value(): void {
    const c = this.src[this.pos];
    switch (c) {
      case '{':
        if (!this.placeholder(false)) this.nested(() => this.object());
        return;
      case '[':
        this.nested(() => this.array());
        return;
      case '"':
        this.string();
        return;
      case 't':
        this.literal('true');
        return;
      case 'f':
        this.literal('false');
        return;
      case 'n':
        this.literal('null');
        return;
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
          this.number();
          return;
        }
        this.fail(`expected a value, found ${describe(c)}`);
    }
  }

  private nested(parse: () => void): void {
    if (++this.depth > MAX_NESTING) this.fail('the JSON is nested too deeply');
    parse();
    this.depth--;
  }

  /** At a `{`: records a placeholder and moves past it, or returns false when this is no placeholder. */
  private placeholder(inString: boolean): boolean {
    PLACEHOLDER_HERE.lastIndex = this.pos;
    const match = PLACEHOLDER_HERE.exec(this.src);
    if (!match) return false;
    this.occurrences.push(occurrenceOf(this.src, match, inString, this.names, this.warnings, this.messageReads));
    this.pos += match[0].length;
    return true;
  }

  private object(): void {
    this.pos++;
    this.skipWhitespace();
    if (this.src[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      const c = this.src[this.pos];
      if (c !== '"') {
        this.fail(
          c === undefined
            ? 'the template ends inside an object: a "}" is missing'
            : `expected a quoted property name, found ${describe(c)}`,
        );
      }
      this.string();
      this.skipWhitespace();
      if (this.src[this.pos] !== ':') this.fail(`expected ':' after the property name, found ${describe(this.src[this.pos])}`);
      this.pos++;
      this.skipWhitespace();
      this.value();
      if (this.closedAfterItem('}', 'a property value')) return;
    }
  }

  private array(): void {
    this.pos++;
    this.skipWhitespace();
    if (this.src[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      this.value();
      if (this.closedAfterItem(']', 'an array item')) return;
    }
  }

  /** After an item of an object or array: true at its closing bracket; otherwise steps past the ',' (never a trailing one). */
  private closedAfterItem(close: '}' | ']', item: string): boolean {
    this.skipWhitespace();
    const next = this.src[this.pos];
    if (next === close) {
      this.pos++;
      return true;
    }
    if (next !== ',') this.fail(`expected ',' or '${close}' after ${item}, found ${describe(next)}`);
    const comma = this.pos;
    this.pos++;
    this.skipWhitespace();
    if (this.src[this.pos] === close) this.fail(`a trailing ',' before '${close}' is not allowed in JSON`, comma);
    return false;
  }

  private string(): void {
    const src = this.src;
    const open = this.pos;
    this.pos++;
    for (;;) {
      if (this.pos >= src.length) this.fail("this string is never closed: a '\"' is missing", open);
      const c = src.charCodeAt(this.pos);
      if (c === 34) break;
      if (c === 92) {
        this.escapeSequence();
      } else if (c < 0x20) {
        this.fail('a line break or control character inside a string must be written as an escape such as \\n');
      } else if (c !== 123 || !this.placeholder(true)) {
        this.pos++;
      }
    }
    const content = src.slice(open + 1, this.pos);
    this.pos++;
    const bare = /^\{([A-Za-z]+)\}$/.exec(content);
    if (bare && BARE_BY_INTENT.has(bare[1].toLowerCase())) {
      this.hints.push({
        ...locate(src, open),
        message: `"{${bare[1]}}" is in quotes, so it is sent as a string; remove the quotes to send a JSON ${bare[1].toLowerCase() === 'isanime' ? 'boolean' : 'number'}`,
      });
    }
  }

  private escapeSequence(): void {
    const next = this.src[this.pos + 1];
    if (next !== undefined && '"\\/bfnrt'.includes(next)) {
      this.pos += 2;
      return;
    }
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(this.src.slice(this.pos + 2, this.pos + 6))) {
      this.pos += 6;
      return;
    }
    this.fail(`invalid escape '\\${next ?? ''}' in a string`);
  }

  private number(): void {
    JSON_NUMBER_HERE.lastIndex = this.pos;
    const match = JSON_NUMBER_HERE.exec(this.src);
    if (!match || match[0] === '-') this.fail('invalid number');
    this.pos += match[0].length;
  }

  private literal(word: string): void {
    if (!this.src.startsWith(word, this.pos)) {
      const found = /^[A-Za-z_]+/.exec(this.src.slice(this.pos))?.[0] ?? this.src[this.pos];
      this.fail(`expected a value, found '${found}' (text needs quotes)`);
    }
    this.pos += word.length;
  }
}
