import type { Command } from "commander";
import type { Registrar } from "./program.js";

export function registerLogs(_program: Command, _r: Registrar): void {}
