import type { Command } from "commander";
import type { Registrar } from "./program.js";

export function registerSubmit(_program: Command, _r: Registrar): void {}
