// Typed reads of a policy's configuration. The CLI validates configuration against each policy's
// configSchema before the pack sees it, and sends nothing for unset keys, so defaults live here
// too; a wrong type can only come from a caller that skipped that validation.
import { S3_OBJECT_ACTIONS } from "./s3Actions";

export function stringList(
  config: Record<string, unknown>,
  key: string,
  fallback: readonly string[],
): readonly string[] {
  const value = config[key];
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string")) {
    throw new Error(`configuration "${key}" must be an array of strings`);
  }
  return value;
}

export function flag(config: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = config[key];
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new Error(`configuration "${key}" must be true or false`);
  }
  return value;
}

/** The schema of an option that lists 12-digit account ids, empty by default. */
export function accountIdsOption(description: string) {
  return {
    type: "array" as const,
    items: { type: "string" as const, pattern: "^\\d{12}$" },
    default: [],
    description,
  };
}

/** The `objectActions` option of the rules that judge object grants: its schema and its reader. */
export const objectActionsOption = {
  schema: {
    type: "array" as const,
    items: { type: "string" as const },
    minItems: 1,
    default: [...S3_OBJECT_ACTIONS],
    description:
      "The actions that address objects. An Action entry is an object grant when it matches one of them and no other S3 action (IAM wildcards, case-insensitive).",
  },
  read: (config: Record<string, unknown>): readonly string[] =>
    stringList(config, "objectActions", S3_OBJECT_ACTIONS),
};
