// Who we are on the cluster under simple auth, decided in one place for the CLI, the library and
// local mode: the given user (the spec's `user:` or --user), else $HADOOP_USER_NAME, else the OS
// user — Hadoop's order. An empty HADOOP_USER_NAME counts as unset (as a shell's `export
// HADOOP_USER_NAME=` means), so it never becomes an empty `user.name`.
import { userInfo } from "node:os";

export function resolveUser(
  given: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return given || env.HADOOP_USER_NAME || userInfo().username;
}
