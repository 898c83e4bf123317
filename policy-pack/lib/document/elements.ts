// Readers of a statement's elements in the IAM policy grammar. Each returns what it could read and
// records what departs from the grammar; values unknown during preview are read through the
// analyzer's proxy and throw UnknownValueError, which nothing here catches.
import { Findings } from "../findings";
import { Condition, Principal } from "./model";

const PRINCIPAL_TYPES = ["AWS", "Service", "Federated", "CanonicalUser"] as const;
const ACTION_PATTERN = /^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** A string or a non-empty array of strings; non-string entries are reported and dropped. */
export function readStrings(
  value: unknown,
  where: string,
  problems: Findings,
): readonly string[] | undefined {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) {
    problems.add(`${where} must be a string or an array of strings, got ${describeValue(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    problems.add(`${where} is an empty array`);
    return undefined;
  }
  const strings: string[] = [];
  value.forEach((entry: unknown, i: number) => {
    if (typeof entry === "string") strings.push(entry);
    else problems.add(`${where}[${i}] must be a string, got ${describeValue(entry)}`);
  });
  return strings;
}

export function readPrincipal(
  value: unknown,
  where: string,
  problems: Findings,
): Principal | undefined {
  if (value === "*") return "*";
  if (!isRecord(value)) {
    problems.add(
      `${where} must be "*" or an object such as {"AWS": "<role ARN>"}, got ${describeValue(value)}`,
    );
    return undefined;
  }
  const principal = new Map<string, readonly string[]>();
  for (const type of Object.keys(value)) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      problems.add(
        `${where} has an unknown principal type "${type}" (expected ${PRINCIPAL_TYPES.join(", ")})`,
      );
      continue;
    }
    const entries = readStrings(value[type], `${where}.${type}`, problems);
    for (const entry of entries ?? []) {
      if (entry !== "*" && /[*?]/.test(entry)) {
        problems.add(
          `${where}.${type} entry "${entry}" has a wildcard; IAM allows only a lone "*" there`,
        );
      }
    }
    if (entries) principal.set(type, entries);
  }
  if (Object.keys(value).length === 0) problems.add(`${where} is an empty object`);
  return principal;
}

export function readActions(
  value: unknown,
  where: string,
  problems: Findings,
): readonly string[] | undefined {
  const actions = readStrings(value, where, problems);
  for (const action of actions ?? []) {
    if (!ACTION_PATTERN.test(action)) {
      problems.add(`${where} entry "${action}" is not an action ("*" or "<service>:<action>")`);
    }
  }
  return actions;
}

function readConditionValues(
  value: unknown,
  where: string,
  problems: Findings,
): string[] | undefined {
  const entries = Array.isArray(value) ? (value as unknown[]) : [value];
  if (entries.length === 0) {
    problems.add(`${where} is an empty array`);
    return undefined;
  }
  const values: string[] = [];
  entries.forEach((entry, i) => {
    if (typeof entry === "string" || typeof entry === "number" || typeof entry === "boolean") {
      values.push(String(entry));
    } else {
      const at = Array.isArray(value) ? `${where}[${i}]` : where;
      problems.add(`${at} must be a string, number or boolean, got ${describeValue(entry)}`);
    }
  });
  return values;
}

const NO_CONDITION: Condition = new Map();

export function readCondition(value: unknown, where: string, problems: Findings): Condition {
  if (value === undefined) return NO_CONDITION;
  const condition = new Map<string, ReadonlyMap<string, readonly string[]>>();
  if (!isRecord(value)) {
    problems.add(
      `${where} must be an object of {"<operator>": {"<key>": <value>}}, got ${describeValue(value)}`,
    );
    return condition;
  }
  for (const operator of Object.keys(value)) {
    const block = value[operator];
    if (!isRecord(block)) {
      problems.add(
        `${where}.${operator} must be an object of {"<key>": <value>}, got ${describeValue(block)}`,
      );
      continue;
    }
    const keys = new Map<string, readonly string[]>();
    for (const key of Object.keys(block)) {
      const values = readConditionValues(block[key], `${where}.${operator}["${key}"]`, problems);
      if (values) keys.set(key, values);
    }
    condition.set(operator, keys);
  }
  return condition;
}
