// Checks across services: depends must name existing services and must not form a cycle
// (the AM would wait forever), and there must be something to run.
import { SpecError } from "./errors.js";
import type { Reader } from "./reader.js";
import { closest } from "./suggest.js";
import type { ServiceSpec } from "./types.js";

export function checkDepends(
  services: Readonly<Record<string, ServiceSpec>>,
  servicesReader: Reader | undefined,
): void {
  const names = Object.keys(services);
  const where = (name: string) => {
    const r = servicesReader?.section(name);
    return r?.has("depends") ? r.sourceOf("depends") : (r?.source ?? { kind: "default" as const });
  };
  for (const [name, s] of Object.entries(services)) {
    for (const dep of s.depends) {
      if (dep === name) {
        throw new SpecError(
          "SPEC_DEPENDS",
          `services.${name}.depends`,
          `'${name}' depends on itself`,
          where(name),
          "remove it from its own depends",
        );
      }
      if (!(dep in services)) {
        // A service cannot wait for itself: never suggest its own name.
        const near = closest(
          dep,
          names.filter((n) => n !== name),
        );
        throw new SpecError(
          "SPEC_DEPENDS",
          `services.${name}.depends`,
          `depends on '${dep}', which is not a service`,
          where(name),
          near ? `did you mean '${near}'?` : `services are: ${names.join(", ")}`,
        );
      }
    }
  }
  // Depth-first search with colours; the grey stack is the cycle when we meet a grey node again.
  const colour = new Map<string, "grey" | "black">();
  const stack: string[] = [];
  const visit = (name: string): void => {
    colour.set(name, "grey");
    stack.push(name);
    for (const dep of services[name]?.depends ?? []) {
      if (colour.get(dep) === "grey") {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep].join(" → ");
        throw new SpecError(
          "SPEC_DEPENDS",
          `services.${name}.depends`,
          `dependency cycle ${cycle}`,
          where(name),
          "break the cycle: a service can only wait for services that do not wait for it",
        );
      }
      if (!colour.has(dep)) visit(dep);
    }
    stack.pop();
    colour.set(name, "black");
  };
  for (const name of names) if (!colour.has(name)) visit(name);
}

export function checkSomethingToRun(services: Readonly<Record<string, ServiceSpec>>): void {
  if (Object.keys(services).length === 0) {
    throw new SpecError(
      "SPEC_REQUIRED",
      "services",
      "the application has no services",
      undefined,
      "set dask: auto (the default) or define services:",
    );
  }
}
