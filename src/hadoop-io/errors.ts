// Errors of the pure Hadoop file-format readers. A damaged or unknown file is an input problem
// of the file, not of the user: the message names the file part and offset that did not parse.
import { TsdaskError } from "../errors.js";

/** Bytes that do not follow the Hadoop format they were read as (truncated, corrupt, unknown). */
export class HadoopFormatError extends TsdaskError {
  constructor(message: string, hint?: string) {
    super(
      "HADOOP_FILE_FORMAT",
      message,
      hint ?? "the file may be truncated (still being written) or not in the format it was read as",
    );
  }
}

/** A token file (HADOOP_TOKEN_FILE_LOCATION) or token string is missing, unreadable or malformed. */
export class TokenFileError extends TsdaskError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("HADOOP_TOKEN_FILE", message, "the AM must run in a YARN container that was given a token file", options);
  }
}
