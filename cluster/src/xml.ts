// Writes Hadoop *-site.xml files. Values are escaped; keys are written in insertion order
// so the files diff cleanly between runs.
import { writeFileSync } from "node:fs";

export type Props = Record<string, string | number | boolean>;

function escape(v: string): string {
  return v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function siteXml(props: Props): string {
  const body = Object.entries(props)
    .map(([k, v]) => `  <property><name>${escape(k)}</name><value>${escape(String(v))}</value></property>`)
    .join("\n");
  return `<?xml version="1.0"?>\n<!-- written by cluster/hadoop; edits are overwritten on the next 'up' -->\n<configuration>\n${body}\n</configuration>\n`;
}

export function writeSite(path: string, props: Props): void {
  writeFileSync(path, siteXml(props));
}
