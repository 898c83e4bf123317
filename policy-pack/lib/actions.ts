// What a statement's Action element grants. Actions match case-insensitively, with IAM wildcards.
import { Statement } from "./document/model";
import { S3_OBJECT_ACTIONS, S3_OTHER_ACTIONS } from "./s3Actions";
import { hasWildcard, matchesEverything, wildcardMatches } from "./wildcard";

interface ActionSets {
  object: ReadonlySet<string>;
  objectList: readonly string[];
  /** Every other S3 action, lower-cased. */
  other: readonly string[];
  /** Each Action entry (lower-cased) already judged: does it grant only object actions? */
  verdicts: Map<string, boolean>;
}

const setsByList = new WeakMap<readonly string[], ActionSets>();
const MAX_VERDICTS = 4_096;

/** The lower-cased action sets for a configured objectActions list, built once per list. */
function actionSets(objectActions: readonly string[]): ActionSets {
  let sets = setsByList.get(objectActions);
  if (!sets) {
    const object = new Set(objectActions.map((a) => a.toLowerCase()));
    const every = [...S3_OBJECT_ACTIONS, ...S3_OTHER_ACTIONS].map((a) => a.toLowerCase());
    const other = every.filter((a) => !object.has(a));
    sets = { object, objectList: [...object], other, verdicts: new Map() };
    setsByList.set(objectActions, sets);
  }
  return sets;
}

function grantsOnlyObjectActions(entry: string, sets: ActionSets): boolean {
  const pattern = entry.toLowerCase();
  if (!hasWildcard(pattern)) return sets.object.has(pattern);
  let verdict = sets.verdicts.get(pattern);
  if (verdict === undefined) {
    verdict =
      sets.objectList.some((a) => wildcardMatches(pattern, a)) &&
      !sets.other.some((a) => wildcardMatches(pattern, a));
    if (sets.verdicts.size >= MAX_VERDICTS) sets.verdicts.clear();
    sets.verdicts.set(pattern, verdict);
  }
  return verdict;
}

/**
 * The Action entries of a statement that grant at least one of `objectActions` and no other S3
 * action: `s3:PutObject`, `s3:GetObject*`, `s3:?utObject`. An entry that also grants bucket
 * actions (`s3:*`, `s3:Put*`, `s3:List*`, `*`) is written for those too, and NotAction grants
 * everything it does not list: neither is an object grant.
 */
export function objectOnlyEntries(
  statement: Statement,
  objectActions: readonly string[],
): string[] {
  const sets = actionSets(objectActions);
  return (statement.action ?? []).filter((entry) => grantsOnlyObjectActions(entry, sets));
}

/** True when the entry matches one of the object actions. */
function grantsSomeObjectAction(entry: string, sets: ActionSets): boolean {
  const pattern = entry.toLowerCase();
  if (!hasWildcard(pattern)) return sets.object.has(pattern);
  return sets.objectList.some((action) => wildcardMatches(pattern, action));
}

/**
 * True when the statement grants one of `objectActions`: an Action entry matches one, or a
 * NotAction list leaves one out.
 */
export function grantsObjectAction(
  statement: Statement,
  objectActions: readonly string[],
): boolean {
  const sets = actionSets(objectActions);
  if (statement.notAction) {
    const excluded = statement.notAction.map((p) => p.toLowerCase());
    return sets.objectList.some((action) => !excluded.some((p) => wildcardMatches(p, action)));
  }
  return (statement.action ?? []).some((entry) => grantsSomeObjectAction(entry, sets));
}

/** An entry that grants every action of `service`: `*`, `<service>:*`, `*:*`, in any case. */
function grantsEveryActionOf(entry: string, service: string): boolean {
  const colon = entry.indexOf(":");
  if (colon < 0) return matchesEverything(entry);
  const prefix = entry.slice(0, colon).toLowerCase();
  return wildcardMatches(prefix, service) && matchesEverything(entry.slice(colon + 1));
}

/**
 * True when the statement grants `service` wholesale: an Action entry that grants every action of
 * it (see `grantsEveryActionOf`), or a NotAction list that leaves some of its actions in (none of
 * its entries covers the whole service).
 */
export function grantsServiceWide(statement: Statement, service: string): boolean {
  if (statement.notAction) return !statement.notAction.some((a) => grantsEveryActionOf(a, service));
  return (statement.action ?? []).some((a) => grantsEveryActionOf(a, service));
}

/**
 * An action entry that grants every action of its service: `*`, `s3:*`, `*:*`. With
 * `partial`, any entry with a wildcard (`s3:Put*`, `s3:Get?bject`) counts too.
 */
export function isWildcardAction(action: string, partial: boolean): boolean {
  const name = action.includes(":") ? action.slice(action.indexOf(":") + 1) : action;
  return partial ? hasWildcard(action) : matchesEverything(name);
}
