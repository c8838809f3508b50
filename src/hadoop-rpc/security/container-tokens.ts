// Reads the credentials the NodeManager gave this container ($HADOOP_TOKEN_FILE_LOCATION).
import { readFile } from "node:fs/promises";
import { TokenFileError } from "../errors.js";
import { decodeTokenStorage, type Credentials } from "./token-file.js";

export async function readContainerTokens(path = process.env.HADOOP_TOKEN_FILE_LOCATION): Promise<Credentials> {
  if (!path) throw new TokenFileError("HADOOP_TOKEN_FILE_LOCATION is not set");
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new TokenFileError(`cannot read token file ${path}: ${(cause as Error).message}`, { cause });
  }
  return decodeTokenStorage(bytes);
}
