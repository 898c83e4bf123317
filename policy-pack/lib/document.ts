// Reads an IAM policy document, as a JSON string or an object, into statements whose elements are
// always arrays of strings, and lists every way the document departs from the IAM grammar.
// Policies judge the statements; only policy-document-well-formed reports the problems, so one
// malformed document yields one set of messages. Values unknown during preview are read through
// the analyzer's proxy and throw UnknownValueError, which must reach the policy server unchanged:
// nothing here catches anything but JSON.parse.

/** Bucket policies name a Principal; identity policies must not. */
export type DocumentKind = "resource" | "identity";

/** `"*"` or, per principal type (AWS, Service, ...), the string entries given. */
export type Principal = "*" | ReadonlyMap<string, readonly string[]>;

/** Condition operator -> condition key -> values, all as strings. */
export type Condition = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

export interface Statement {
  /** `statement "<Sid>"`, or `Statement[<index>]` when the statement has no Sid. */
  label: string;
  effect: "Allow" | "Deny";
  principal?: Principal;
  notPrincipal?: Principal;
  action?: readonly string[];
  notAction?: readonly string[];
  resource?: readonly string[];
  notResource?: readonly string[];
  condition: Condition;
}

export interface ParsedDocument {
  /** Statements with a valid Effect; an element with a malformed value is left out. */
  statements: Statement[];
  /** What is wrong, each message naming the statement it concerns. */
  problems: string[];
}

const PRINCIPAL_TYPES = ["AWS", "Service", "Federated", "CanonicalUser"] as const;
const DOCUMENT_ELEMENTS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_ELEMENTS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);
const ACTION_PATTERN = /^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The document as a JSON value, or why it cannot be one. */
function decode(value: unknown): { json?: unknown; problem?: string } {
  if (isRecord(value)) return { json: value };
  if (typeof value !== "string") {
    return {
      problem: `must be a policy document (JSON text or an object), got ${describeValue(value)}`,
    };
  }
  try {
    return { json: JSON.parse(value) };
  } catch (error) {
    return { problem: `is not valid JSON (${(error as Error).message})` };
  }
}

/** A string or a non-empty array of strings; non-string entries are reported and dropped. */
function readStrings(
  value: unknown,
  where: string,
  problems: string[],
): readonly string[] | undefined {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) {
    problems.push(`${where} must be a string or an array of strings, got ${describeValue(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    problems.push(`${where} is an empty array`);
    return undefined;
  }
  const strings: string[] = [];
  value.forEach((entry: unknown, i: number) => {
    if (typeof entry === "string") strings.push(entry);
    else problems.push(`${where}[${i}] must be a string, got ${describeValue(entry)}`);
  });
  return strings;
}

function readPrincipal(value: unknown, where: string, problems: string[]): Principal | undefined {
  if (value === "*") return "*";
  if (!isRecord(value)) {
    problems.push(
      `${where} must be "*" or an object such as {"AWS": "<role ARN>"}, got ${describeValue(value)}`,
    );
    return undefined;
  }
  const principal = new Map<string, readonly string[]>();
  for (const type of Object.keys(value)) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      problems.push(
        `${where} has an unknown principal type "${type}" (expected ${PRINCIPAL_TYPES.join(", ")})`,
      );
      continue;
    }
    const entries = readStrings(value[type], `${where}.${type}`, problems);
    for (const entry of entries ?? []) {
      if (entry !== "*" && /[*?]/.test(entry)) {
        problems.push(
          `${where}.${type} entry "${entry}" has a wildcard; IAM allows only a lone "*" there`,
        );
      }
    }
    if (entries) principal.set(type, entries);
  }
  if (Object.keys(value).length === 0) problems.push(`${where} is an empty object`);
  return principal;
}

function readActions(
  value: unknown,
  where: string,
  problems: string[],
): readonly string[] | undefined {
  const actions = readStrings(value, where, problems);
  for (const action of actions ?? []) {
    if (!ACTION_PATTERN.test(action)) {
      problems.push(`${where} entry "${action}" is not an action ("*" or "<service>:<action>")`);
    }
  }
  return actions;
}

function readConditionValues(
  value: unknown,
  where: string,
  problems: string[],
): string[] | undefined {
  const entries = Array.isArray(value) ? (value as unknown[]) : [value];
  if (entries.length === 0) {
    problems.push(`${where} is an empty array`);
    return undefined;
  }
  const values: string[] = [];
  entries.forEach((entry, i) => {
    if (typeof entry === "string" || typeof entry === "number" || typeof entry === "boolean") {
      values.push(String(entry));
    } else {
      const at = Array.isArray(value) ? `${where}[${i}]` : where;
      problems.push(`${at} must be a string, number or boolean, got ${describeValue(entry)}`);
    }
  });
  return values;
}

const NO_CONDITION: Condition = new Map();

function readCondition(value: unknown, where: string, problems: string[]): Condition {
  if (value === undefined) return NO_CONDITION;
  const condition = new Map<string, ReadonlyMap<string, readonly string[]>>();
  if (!isRecord(value)) {
    problems.push(
      `${where} must be an object of {"<operator>": {"<key>": <value>}}, got ${describeValue(value)}`,
    );
    return condition;
  }
  for (const operator of Object.keys(value)) {
    const block = value[operator];
    if (!isRecord(block)) {
      problems.push(
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

/** Reads the pair (X, NotX): exactly one may be present, and it must be. */
function readPair<T>(
  statement: Record<string, unknown>,
  name: string,
  where: string,
  problems: string[],
  read: (value: unknown, where: string, problems: string[]) => T | undefined,
  required: boolean,
): { value?: T; notValue?: T } {
  const has = statement[name] !== undefined;
  const hasNot = statement[`Not${name}`] !== undefined;
  if (has && hasNot) {
    problems.push(`${where} has both ${name} and Not${name}; use one`);
  } else if (!has && !hasNot && required) {
    problems.push(`${where} has no ${name}`);
  }
  return {
    value: has ? read(statement[name], `${where} ${name}`, problems) : undefined,
    notValue: hasNot ? read(statement[`Not${name}`], `${where} Not${name}`, problems) : undefined,
  };
}

function statementLabel(index: number, sid: unknown): string {
  return typeof sid === "string" && sid !== "" ? `statement "${sid}"` : `Statement[${index}]`;
}

function readStatement(
  raw: unknown,
  index: number,
  kind: DocumentKind,
  problems: string[],
): Statement | undefined {
  if (!isRecord(raw)) {
    problems.push(`Statement[${index}] must be an object, got ${describeValue(raw)}`);
    return undefined;
  }
  const label = statementLabel(index, raw.Sid);
  for (const element of Object.keys(raw)) {
    if (!STATEMENT_ELEMENTS.has(element)) {
      problems.push(
        `${label} has an unknown element "${element}" (expected ${[...STATEMENT_ELEMENTS].join(", ")})`,
      );
    }
  }
  if (raw.Sid !== undefined && typeof raw.Sid !== "string") {
    problems.push(`${label} Sid must be a string, got ${describeValue(raw.Sid)}`);
  }
  const principals = readPair(
    raw,
    "Principal",
    label,
    problems,
    readPrincipal,
    kind === "resource",
  );
  if (kind === "identity" && (principals.value || principals.notValue)) {
    problems.push(`${label} names a principal, which an identity policy cannot do; remove it`);
  }
  const actions = readPair(raw, "Action", label, problems, readActions, true);
  const resources = readPair(raw, "Resource", label, problems, readStrings, true);
  const condition = readCondition(raw.Condition, `${label} Condition`, problems);
  const effect = raw.Effect;
  if (effect !== "Allow" && effect !== "Deny") {
    problems.push(`${label} Effect must be "Allow" or "Deny", got ${describeValue(effect)}`);
    return undefined;
  }
  return {
    label,
    effect,
    principal: principals.value,
    notPrincipal: principals.notValue,
    action: actions.value,
    notAction: actions.notValue,
    resource: resources.value,
    notResource: resources.notValue,
    condition,
  };
}

// Every policy of the pack parses the same document of a resource; text documents are parsed once.
const parsedTexts: Record<DocumentKind, Map<string, ParsedDocument>> = {
  resource: new Map(),
  identity: new Map(),
};
const MAX_PARSED_TEXTS = 32;

/**
 * Parses a policy document given as JSON text or as an object. The result is shared between
 * callers: treat it as read-only.
 */
export function parsePolicyDocument(value: unknown, kind: DocumentKind): ParsedDocument {
  if (typeof value !== "string") return parse(value, kind);
  const cache = parsedTexts[kind];
  let parsed = cache.get(value);
  if (!parsed) {
    parsed = parse(value, kind);
    if (cache.size >= MAX_PARSED_TEXTS) cache.delete(cache.keys().next().value ?? "");
    cache.set(value, parsed);
  }
  return parsed;
}

function parse(value: unknown, kind: DocumentKind): ParsedDocument {
  const problems: string[] = [];
  const { json, problem } = decode(value);
  if (problem !== undefined) return { statements: [], problems: [problem] };
  if (!isRecord(json)) {
    return {
      statements: [],
      problems: [`must be a JSON object with a Statement, got ${describeValue(json)}`],
    };
  }
  for (const element of Object.keys(json)) {
    if (!DOCUMENT_ELEMENTS.has(element)) {
      problems.push(
        `has an unknown top-level element "${element}" (expected Version, Id, Statement)`,
      );
    }
  }
  if (
    json.Version !== undefined &&
    !(typeof json.Version === "string" && VERSIONS.has(json.Version))
  ) {
    problems.push(`Version must be "2012-10-17", got ${describeValue(json.Version)}`);
  }
  const raw = json.Statement;
  if (raw === undefined) return { statements: [], problems: [...problems, "has no Statement"] };
  if (!isRecord(raw) && !Array.isArray(raw)) {
    problems.push(`Statement must be an object or an array of objects, got ${describeValue(raw)}`);
    return { statements: [], problems };
  }
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) problems.push("Statement is an empty array");
  const statements: Statement[] = [];
  list.forEach((entry, index) => {
    const statement = readStatement(entry, index, kind, problems);
    if (statement) statements.push(statement);
  });
  return { statements, problems };
}
