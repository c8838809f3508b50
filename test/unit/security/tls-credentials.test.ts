// The per-application CA and its leaves, checked with node's own X.509 parser (not forge, which
// made them): CA flags, the chain, key usages, SANs, the key matching the certificate, and that
// two applications' CAs do not trust each other.
import assert from "node:assert/strict";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { test } from "node:test";
import { issueLeaf, makeAppCredentials } from "../../../src/security/index.js";

const app = makeAppCredentials("application_1_0001");
const ca = new X509Certificate(app.ca.cert);

test("the CA is a CA, self-signed, valid now and for about a year", () => {
  assert.equal(ca.ca, true);
  assert.ok(ca.verify(ca.publicKey), "self-signed");
  assert.match(ca.subject, /CN=tsdask-yarn CA application_1_0001/);
  const from = Date.parse(ca.validFrom);
  const to = Date.parse(ca.validTo);
  assert.ok(from <= Date.now() && Date.now() < to);
  assert.ok(to - Date.now() > 300 * 86_400_000, "long-running clusters outlive a short certificate");
});

test("the dask leaf chains to the CA, is no CA, and serves both ends of mutual TLS", () => {
  const leaf = new X509Certificate(app.dask.cert);
  assert.equal(leaf.ca, false);
  assert.ok(leaf.checkIssued(ca));
  assert.ok(leaf.verify(ca.publicKey));
  assert.deepEqual(leaf.keyUsage?.sort(), ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
  assert.ok(leaf.checkPrivateKey(createPrivateKey(app.dask.key)), "the key belongs to the certificate");
  assert.match(app.dask.key, /^-----BEGIN PRIVATE KEY-----/);
});

test("a leaf for the AM's host names every name and address given, and node's check accepts them", () => {
  const am = issueLeaf(app.ca, { commonName: "am", hosts: ["nm1.example.org", "10.0.0.7", "::1", "nm1.example.org"] });
  const x = new X509Certificate(am.cert);
  assert.equal(x.subjectAltName, "DNS:nm1.example.org, IP Address:10.0.0.7, IP Address:0:0:0:0:0:0:0:1");
  assert.equal(x.checkHost("nm1.example.org"), "nm1.example.org");
  assert.equal(x.checkIP("10.0.0.7"), "10.0.0.7");
  assert.equal(x.checkHost("nm2.example.org"), undefined);
  assert.ok(x.verify(ca.publicKey));
});

test("another application's CA does not verify this application's leaves", () => {
  const other = new X509Certificate(makeAppCredentials("application_1_0002").ca.cert);
  const leaf = new X509Certificate(app.dask.cert);
  assert.equal(leaf.checkIssued(other), false);
  assert.equal(leaf.verify(other.publicKey), false);
  assert.notEqual(other.fingerprint256, ca.fingerprint256);
});
