// The identifier of a Hadoop delegation token (AbstractDelegationTokenIdentifier.readFields):
// byte version, Text owner, Text renewer, Text realUser, VLong issueDate, VLong maxDate,
// VInt sequenceNumber, VInt masterKeyId. HDFS's DelegationTokenIdentifier adds nothing to it.
// maxDate is the token's hard end (dfs.namenode.delegation.token.max-lifetime after issue);
// the renew-by time is not in it (the NameNode keeps it), so callers learn it from a renewal.
// Pure: no I/O.
import { TokenFileError } from "./errors.js";
import { WritableReader } from "./writable.js";

export interface DelegationIdentifier {
  readonly owner: string;
  readonly renewer: string;
  readonly realUser: string;
  /** ms since epoch */
  readonly issueDate: number;
  /** ms since epoch: no renewal takes the token past this. */
  readonly maxDate: number;
  readonly sequenceNumber: number;
  readonly masterKeyId: number;
}

/** The only layout version Hadoop has written (AbstractDelegationTokenIdentifier.VERSION). */
const VERSION = 0;

export function parseDelegationIdentifier(identifier: Uint8Array): DelegationIdentifier {
  const r = new WritableReader(Buffer.from(identifier), (m) => new TokenFileError(`delegation token identifier: ${m}`));
  const version = r.byte("version");
  if (version !== VERSION) throw new TokenFileError(`delegation token identifier: unknown version ${version}`);
  const owner = r.text("owner");
  const renewer = r.text("renewer");
  const realUser = r.text("real user");
  const issueDate = Number(r.vlong("issue date"));
  const maxDate = Number(r.vlong("max date"));
  const sequenceNumber = r.vint("sequence number");
  const masterKeyId = r.vint("master key id");
  return { owner, renewer, realUser, issueDate, maxDate, sequenceNumber, masterKeyId };
}
