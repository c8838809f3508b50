// The tsdask-yarn command line. Commands arrive with the CLI issue; this is the program shell.
import { Command } from "commander";
import { VERSION } from "../version.js";

export function program(): Command {
  return new Command("tsdask-yarn")
    .description("Deploy dask clusters and other long-lived services on Hadoop YARN")
    .version(VERSION);
}

program().parse();
