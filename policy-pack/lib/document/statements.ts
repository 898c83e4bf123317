// Reads the Statement element of a document into statements, recording every departure from the
// IAM grammar.
import { Findings } from "../findings";
import {
  describeValue,
  isRecord,
  readActions,
  readCondition,
  readPrincipal,
  readStrings,
} from "./elements";
import { DocumentKind, Statement } from "./model";

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

type Reader<T> = (value: unknown, where: string, problems: Findings) => T | undefined;

/** Reads the pair (X, NotX): exactly one may be present, and, when `required`, one must be. */
function readPair<T>(
  statement: Record<string, unknown>,
  name: string,
  where: string,
  problems: Findings,
  read: Reader<T>,
  required: boolean,
): { value?: T; notValue?: T } {
  const has = statement[name] !== undefined;
  const hasNot = statement[`Not${name}`] !== undefined;
  if (has && hasNot) {
    problems.add(`${where} has both ${name} and Not${name}; use one`);
  } else if (!has && !hasNot && required) {
    problems.add(`${where} has no ${name}`);
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
  problems: Findings,
): Statement | undefined {
  if (!isRecord(raw)) {
    problems.add(`Statement[${index}] must be an object, got ${describeValue(raw)}`);
    return undefined;
  }
  const label = statementLabel(index, raw.Sid);
  for (const element of Object.keys(raw)) {
    if (!STATEMENT_ELEMENTS.has(element)) {
      problems.add(
        `${label} has an unknown element "${element}" (expected ${[...STATEMENT_ELEMENTS].join(", ")})`,
      );
    }
  }
  if (raw.Sid !== undefined && typeof raw.Sid !== "string") {
    problems.add(`${label} Sid must be a string, got ${describeValue(raw.Sid)}`);
  }
  const identity = kind === "identity";
  const principals = readPair(raw, "Principal", label, problems, readPrincipal, !identity);
  if (identity && (principals.value || principals.notValue)) {
    problems.add(`${label} names a principal, which an identity policy cannot do; remove it`);
  }
  const actions = readPair(raw, "Action", label, problems, readActions, true);
  const resources = readPair(raw, "Resource", label, problems, readStrings, true);
  const condition = readCondition(raw.Condition, `${label} Condition`, problems);
  const effect = raw.Effect;
  if (effect !== "Allow" && effect !== "Deny") {
    problems.add(`${label} Effect must be "Allow" or "Deny", got ${describeValue(effect)}`);
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

/** The statements of a document's Statement element (an object or an array of objects). */
export function readStatements(raw: unknown, kind: DocumentKind, problems: Findings): Statement[] {
  if (raw === undefined) {
    problems.add("has no Statement");
    return [];
  }
  if (!isRecord(raw) && !Array.isArray(raw)) {
    problems.add(`Statement must be an object or an array of objects, got ${describeValue(raw)}`);
    return [];
  }
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) problems.add("Statement is an empty array");
  return list.flatMap((entry, index) => readStatement(entry, index, kind, problems) ?? []);
}
