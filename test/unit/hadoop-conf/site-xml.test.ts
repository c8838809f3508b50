// The *-site.xml reader on hand-written documents: what Hadoop's Configuration files contain
// (entities, CDATA, comments, XInclude attributes, <final>) and what must be refused with a place.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TsdaskError } from "../../../src/errors.js";
import { parseSiteXml } from "../../../src/hadoop-conf/site-xml.js";
import { readXml, XmlSyntaxError } from "../../../src/hadoop-conf/xml-reader.js";

const SITE = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
<!DOCTYPE configuration>
<!-- Licensed to the Apache Software Foundation -->
<configuration xmlns:xi="http://www.w3.org/2001/XInclude">
  <xi:include href="extra.xml"/>
  <property>
    <name> fs.defaultFS </name>
    <value>hdfs://nn.example.com:8020</value>
    <description>the "default" &amp; only</description>
  </property>
  <property><name>a.b</name><value>  0700 </value><final> true </final></property>
  <property><name>entities</name><value>&lt;x&gt; &quot;q&quot; &apos;a&apos; &#65;&#x263A;</value></property>
  <property><name>cdata</name><value><![CDATA[<not & a tag>]]></value></property>
  <property><name>empty</name><value/></property>
  <property><name>no.value</name></property>
  <property><value>no name</value></property>
  <property><name>commented</name><!-- c --><value>x<!-- inside -->y</value></property>
</configuration>
`;

test("a site file: names trimmed, values exactly as written, entities and CDATA resolved, <final>", () => {
  const props = parseSiteXml(SITE, "core-site.xml");
  assert.deepEqual(
    props.map((p) => [p.name, p.value, p.final]),
    [
      ["fs.defaultFS", "hdfs://nn.example.com:8020", false],
      ["a.b", "  0700 ", true],
      ["entities", "<x> \"q\" 'a' A\u263A", false],
      ["cdata", "<not & a tag>", false],
      ["empty", "", false],
      ["commented", "xy", false],
    ],
  );
  assert.ok(props.every((p) => p.source === "core-site.xml"));
});

const syntax = (text: string, line: number, re: RegExp) =>
  assert.throws(
    () => readXml(text),
    (e: unknown) => e instanceof XmlSyntaxError && e.line === line && re.test(e.reason),
    JSON.stringify(text),
  );

test("malformed documents are refused with the line and column of the fault", () => {
  syntax("<a>\n <b></c>\n</a>", 2, /expected <\/b>, found <\/c>/);
  syntax("<a>\n\n  x &nbsp; y</a>", 3, /unknown entity &nbsp;/);
  syntax("<a>fish & chips</a>", 1, /'&' that starts no entity/);
  syntax("<a><b>", 1, /<b> is not closed/);
  syntax("<a/><b/>", 1, /content after the root element/);
  syntax("", 1, /empty/);
  syntax('<!DOCTYPE c [<!ENTITY x "y">]>\n<c/>', 1, /internal subset/);
  syntax("<a x=1/>", 1, /must be quoted/);
  syntax('<a x="<"/>', 1, /'<' in an attribute value/);
  syntax("<a><!-- open </a>", 1, /comment is not closed/);
  syntax(`${"<a>".repeat(100)}${"</a>".repeat(100)}`, 1, /nested deeper/);
  assert.equal(new XmlSyntaxError(2, 5, "x").message, "2:5: x");
});

test("a site file that is not XML or not <configuration> is HADOOP_CONF_MALFORMED naming file:line:col", () => {
  assert.throws(
    () =>
      parseSiteXml("<configuration>\n  <property><name>a</name><value>b</valu></property>\n</configuration>", "y.xml"),
    (e: unknown) =>
      e instanceof TsdaskError &&
      e.code === "HADOOP_CONF_MALFORMED" &&
      /^y\.xml:2:\d+: malformed XML: expected <\/value>, found <\/valu>$/.test(e.message),
  );
  assert.throws(
    () => parseSiteXml("<properties/>", "z.xml"),
    (e: unknown) =>
      e instanceof TsdaskError && /z\.xml: no <configuration> root element \(found <properties>\)/.test(e.message),
  );
});
