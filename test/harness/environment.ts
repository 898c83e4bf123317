// process.env changed for a while and put back: the function reads its configuration from the
// environment, and all specs share one process.
import type { Environment } from "../../lambda/config";

/** Sets (or, for undefined, removes) variables; returns a function that restores the old ones. */
export function setEnvironment(variables: Environment): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(variables)) {
    saved[name] = process.env[name];
    apply(name, value);
  }
  return () => {
    for (const [name, value] of Object.entries(saved)) apply(name, value);
  };
}

function apply(name: string, value: string | undefined): void {
  if (value === undefined) Reflect.deleteProperty(process.env, name);
  else process.env[name] = value;
}
