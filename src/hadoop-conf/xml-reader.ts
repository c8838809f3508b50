// A small strict reader for the XML of Hadoop's `*-site.xml` files: elements, attributes (checked,
// not kept), character data with the five predefined entities and character references, CDATA,
// comments, processing instructions and a DOCTYPE without an internal subset. That is all the
// Configuration format uses; what this reader does not know (an internal DTD subset, an entity it
// cannot resolve) is refused with its line and column, never guessed. It replaced a general XML
// library whose load and first parse cost every command about 10 ms (bench: status).
// Pure: text in, a tree out.

export interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  /** The element's own character data (text and CDATA between its tags, not its children's). */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly col: number,
    readonly reason: string,
  ) {
    super(`${line}:${col}: ${reason}`);
  }
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const SPACE = /[ \t\r\n]*/y;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
/** Deeper than any configuration file; the bound keeps a hostile file from exhausting the stack. */
const MAX_DEPTH = 64;

/** The root element of an XML document. Throws XmlSyntaxError. */
export function readXml(text: string): XmlElement {
  return new Reader(text.startsWith("\uFEFF") ? text.slice(1) : text).document();
}

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  document(): XmlElement {
    this.misc();
    if (this.s[this.i] !== "<")
      throw this.fail(this.i < this.s.length ? "expected the root element" : "the file is empty");
    const root = this.element(0);
    this.misc();
    if (this.i < this.s.length) throw this.fail("content after the root element");
    return root;
  }

  /** Whitespace, comments, processing instructions and a DOCTYPE, outside the root element. */
  private misc(): void {
    for (;;) {
      this.space();
      if (this.at("<?")) this.skipPast("?>", "processing instruction");
      else if (this.at("<!--")) this.skipPast("-->", "comment");
      else if (this.at("<!DOCTYPE")) {
        const end = this.s.indexOf(">", this.i);
        const subset = this.s.indexOf("[", this.i);
        if (subset !== -1 && (end === -1 || subset < end))
          throw this.fail("a DOCTYPE with an internal subset is not supported in a site file", subset);
        if (end === -1) throw this.fail("the DOCTYPE is not closed");
        this.i = end + 1;
      } else return;
    }
  }

  private element(depth: number): XmlElement {
    if (depth > MAX_DEPTH) throw this.fail(`elements nested deeper than ${MAX_DEPTH}`);
    this.i++; // "<"
    const el: XmlElement = { name: this.name("an element name"), children: [], text: "" };
    for (;;) {
      this.space();
      if (this.at("/>")) {
        this.i += 2;
        return el;
      }
      if (this.at(">")) {
        this.i++;
        break;
      }
      this.attribute();
    }
    for (;;) {
      const lt = this.s.indexOf("<", this.i);
      if (lt === -1) throw this.fail(`<${el.name}> is not closed`, this.s.length);
      el.text += this.chars(this.i, lt);
      this.i = lt;
      if (this.at("</")) {
        this.i += 2;
        const start = this.i;
        const name = this.name("an element name");
        if (name !== el.name) throw this.fail(`expected </${el.name}>, found </${name}>`, start);
        this.space();
        this.expect(">");
        return el;
      }
      if (this.at("<!--")) this.skipPast("-->", "comment");
      else if (this.at("<![CDATA[")) {
        const end = this.s.indexOf("]]>", this.i);
        if (end === -1) throw this.fail("a CDATA section is not closed");
        el.text += this.s.slice(this.i + 9, end);
        this.i = end + 3;
      } else if (this.at("<?")) this.skipPast("?>", "processing instruction");
      else el.children.push(this.element(depth + 1));
    }
  }

  private attribute(): void {
    this.name("an attribute or the end of the tag");
    this.space();
    this.expect("=");
    this.space();
    const quote = this.s[this.i];
    if (quote !== '"' && quote !== "'") throw this.fail("an attribute value must be quoted");
    const end = this.s.indexOf(quote, this.i + 1);
    if (end === -1) throw this.fail("an attribute value is not closed");
    const lt = this.s.indexOf("<", this.i + 1);
    if (lt !== -1 && lt < end) throw this.fail("'<' in an attribute value", lt);
    this.chars(this.i + 1, end); // checks its entities
    this.i = end + 1;
  }

  /** The text from..to with its entities resolved. */
  private chars(from: number, to: number): string {
    let out = "";
    let i = from;
    for (let amp = this.s.indexOf("&", i); amp !== -1 && amp < to; amp = this.s.indexOf("&", i)) {
      const semi = this.s.indexOf(";", amp);
      if (semi === -1 || semi > to || semi - amp > 12) throw this.fail("'&' that starts no entity (write &amp;)", amp);
      out += this.s.slice(i, amp) + this.entity(this.s.slice(amp + 1, semi), amp);
      i = semi + 1;
    }
    return out + this.s.slice(i, to);
  }

  private entity(ref: string, at: number): string {
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    const code = m ? parseInt(m[1] ?? m[2]!, m[1] ? 16 : 10) : NaN;
    if (!(code > 0 && code <= 0x10ffff)) throw this.fail(`unknown entity &${ref};`, at);
    return String.fromCodePoint(code);
  }

  private name(what: string): string {
    NAME.lastIndex = this.i;
    const m = NAME.exec(this.s);
    if (!m) throw this.fail(`expected ${what}`);
    this.i = NAME.lastIndex;
    return m[0];
  }

  private space(): void {
    SPACE.lastIndex = this.i;
    SPACE.exec(this.s);
    this.i = SPACE.lastIndex;
  }

  private at(token: string): boolean {
    return this.s.startsWith(token, this.i);
  }

  private expect(token: string): void {
    if (!this.at(token)) throw this.fail(`expected '${token}'`);
    this.i += token.length;
  }

  private skipPast(end: string, what: string): void {
    const at = this.s.indexOf(end, this.i);
    if (at === -1) throw this.fail(`a ${what} is not closed`);
    this.i = at + end.length;
  }

  private fail(reason: string, at = this.i): XmlSyntaxError {
    const before = this.s.slice(0, at);
    const line = before.split("\n").length;
    return new XmlSyntaxError(line, at - before.lastIndexOf("\n"), reason);
  }
}
