// Parses one Hadoop `*-site.xml` file (<configuration><property><name/><value/><final/></property>…).
// Pure: takes the text and the file name, so a malformed file can be reported by name and line.
import { TsdaskError } from "../errors.js";
import { readXml, XmlSyntaxError, type XmlElement } from "./xml-reader.js";

export interface SiteProperty {
  readonly name: string;
  readonly value: string;
  /** `<final>true</final>`: resources loaded later may not override it (Hadoop Configuration). */
  readonly final: boolean;
  /** The file it came from, for messages such as "set in yarn-site.xml". */
  readonly source: string;
}

export function parseSiteXml(text: string, source: string): SiteProperty[] {
  let root: XmlElement;
  try {
    root = readXml(text);
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    throw new TsdaskError(
      "HADOOP_CONF_MALFORMED",
      `${source}:${e.line}:${e.col}: malformed XML: ${e.reason}`,
      `Fix the XML in ${source} (it must be a Hadoop <configuration> file), or point HADOOP_CONF_DIR elsewhere.`,
    );
  }
  if (root.name !== "configuration") {
    throw new TsdaskError(
      "HADOOP_CONF_MALFORMED",
      `${source}: no <configuration> root element (found <${root.name}>)`,
      `A Hadoop site file looks like <configuration><property>…</property></configuration>; fix ${source}.`,
    );
  }
  const out: SiteProperty[] = [];
  for (const p of root.children) {
    if (p.name !== "property") continue;
    const field = (n: string) => p.children.find((c) => c.name === n);
    // Values stay strings exactly as written: Hadoop does not trim a value until it is read as a
    // number, boolean or address, and "0700" must not become 700.
    const name = field("name")?.text.trim();
    const value = field("value");
    // Hadoop skips a property without a name or value rather than failing the whole file.
    if (!name || value === undefined) continue;
    out.push({ name, value: value.text, final: field("final")?.text.trim() === "true", source });
  }
  return out;
}
