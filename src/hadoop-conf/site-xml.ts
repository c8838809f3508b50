// Parses one Hadoop `*-site.xml` file (<configuration><property><name/><value/><final/></property>…).
// Pure: takes the text and the file name, so a malformed file can be reported by name and line.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { TsdaskError } from "../errors.js";

export interface SiteProperty {
  readonly name: string;
  readonly value: string;
  /** `<final>true</final>`: resources loaded later may not override it (Hadoop Configuration). */
  readonly final: boolean;
  /** The file it came from, for messages such as "set in yarn-site.xml". */
  readonly source: string;
}

const parser = new XMLParser({
  isArray: (name) => name === "property",
  // Values stay strings exactly as written: Hadoop does not trim a value until it is read as a
  // number, boolean or address, and "0700" must not become 700.
  parseTagValue: false,
  trimValues: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  processEntities: true,
});

export function parseSiteXml(text: string, source: string): SiteProperty[] {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw new TsdaskError(
      "HADOOP_CONF_MALFORMED",
      `${source}:${line}:${col}: malformed XML: ${msg}`,
      `Fix the XML in ${source} (it must be a Hadoop <configuration> file), or point HADOOP_CONF_DIR elsewhere.`,
    );
  }
  const doc = parser.parse(text) as { configuration?: unknown };
  if (!doc || typeof doc !== "object" || !("configuration" in doc)) {
    throw new TsdaskError(
      "HADOOP_CONF_MALFORMED",
      `${source}: no <configuration> root element`,
      `A Hadoop site file looks like <configuration><property>…</property></configuration>; fix ${source}.`,
    );
  }
  const root = doc.configuration;
  const props = root && typeof root === "object" ? ((root as { property?: unknown[] }).property ?? []) : [];
  const out: SiteProperty[] = [];
  for (const p of props) {
    if (!p || typeof p !== "object") continue;
    const rec = p as Record<string, unknown>;
    const name = text1(rec.name).trim();
    // Hadoop skips a property without a name or value rather than failing the whole file.
    if (!name || rec.value === undefined) continue;
    out.push({ name, value: text1(rec.value), final: text1(rec.final).trim() === "true", source });
  }
  return out;
}

function text1(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "object") return ""; // e.g. <value/> parsed as an empty object
  return String(v);
}
