// How long starting an application may take, for every caller (the CLI's submit, YarnCluster, local
// mode): one set of bounds, so the CLI, the TypeScript library and the Python package (which drives
// the CLI) wait alike. A caller's own timeout replaces them.

/** The ApplicationMaster's registration with the RM (its container localized and started). */
export const REGISTRATION_TIMEOUT_MS = 120_000;
/** The whole start of a dask cluster: the scheduler and the requested workers running. */
export const READY_TIMEOUT_MS = 600_000;
/** The local ApplicationMaster's control server (a process on this machine, no queue). */
export const LOCAL_START_TIMEOUT_MS = 60_000;
/** Attaching to a running cluster: its scheduler's address published. */
export const ATTACH_TIMEOUT_MS = 120_000;
/** shutdown(): the AM's own unregistering before the application is killed instead. */
export const SHUTDOWN_WAIT_MS = 90_000;
