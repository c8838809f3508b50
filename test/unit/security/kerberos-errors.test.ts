// GSS-API failure texts → typed errors. The messages are what MIT krb5 1.20 (Debian 12) said
// through the `kerberos` binding on the secure local cluster, copied from real runs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { kerberosError } from "../../../src/security/index.js";

const NOT_IN_CACHE =
  "No credentials were supplied, or the credentials were unavailable or inaccessible: Can't find client principal tester@WRONG.TEST in cache collection";

test("a principal the ticket cache has nothing for: KERBEROS_PRINCIPAL_UNKNOWN, pointing at klist and the realm", () => {
  const e = kerberosError(new Error(NOT_IN_CACHE), "127.0.0.1", "tester@WRONG.TEST");
  assert.equal(e.code, "KERBEROS_PRINCIPAL_UNKNOWN");
  assert.match(e.message, /^Kerberos authentication to HTTP\/127\.0\.0\.1 failed: .*tester@WRONG\.TEST/);
  assert.match(e.hint!, /'klist' shows the principal it holds \(check the realm\); run 'kinit tester@WRONG\.TEST'/);
});

test("the same with a keytab: the hint names the keytab and 'klist -kt'", () => {
  const e = kerberosError(new Error(NOT_IN_CACHE), "127.0.0.1", "tester@WRONG.TEST", "/k/tester.keytab");
  assert.equal(e.code, "KERBEROS_PRINCIPAL_UNKNOWN");
  assert.match(
    e.hint!,
    /The keytab \/k\/tester\.keytab holds no key for tester@WRONG\.TEST: 'klist -kt \/k\/tester\.keytab'/,
  );
});

test("no cache at all is still KERBEROS_NO_TICKET; an unknown message falls back to KERBEROS_FAILED", () => {
  const none = kerberosError(
    new Error(
      "No credentials were supplied, or the credentials were unavailable or inaccessible: No Kerberos credentials available (default cache: FILE:/x)",
    ),
    "h",
    "u@R",
  );
  assert.equal(none.code, "KERBEROS_NO_TICKET");
  assert.equal(kerberosError(new Error("something new"), "h", "u@R").code, "KERBEROS_FAILED");
});
