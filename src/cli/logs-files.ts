// What `logs` shows by default: the services' own output. The NodeManager also keeps, for every
// container, the launch script, a listing of its working directory and the prelaunch output;
// those are YARN's, useful only when a launch fails, and shown with --all-files.
export interface LogsOptions {
  service?: string;
  container?: string;
  file?: string;
  follow?: boolean;
  allFiles?: boolean;
}

const NODE_MANAGER_FILES = /^(launch_container\.sh|directory\.info|prelaunch\..*)$/;

export const defaultLogFile = (name: string): boolean => !NODE_MANAGER_FILES.test(name);

/** --file picks one file; otherwise the services' own files, or every file with --all-files. */
export const chosenFile = (opts: LogsOptions) => (name: string) =>
  opts.file ? name === opts.file : Boolean(opts.allFiles) || defaultLogFile(name);
