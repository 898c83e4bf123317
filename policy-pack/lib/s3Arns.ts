// What a Resource entry can address in S3. IAM matches an ARN segment by segment (see
// `arnSegments`); `*` and `?` match within a segment, and in the resource part they span `/`.
// AWS compares resource ARNs case-sensitively (IAM User Guide, "IAM JSON policy elements:
// Resource"); the pack compares them case-insensitively on purpose, so an entry that differs from
// an object ARN only in case counts as addressing it: the pack never blocks a document on case.
import { ArnSegments, PARTITION, arnSegments } from "./arns";
import { Language, exactly, literal, oneOrMore, overlaps, zeroOrMore } from "./patternOverlap";
import { hasWildcard, matchesEverything, wildcardMatches } from "./wildcard";

const PARTITIONS = [
  "aws",
  "aws-cn",
  "aws-us-gov",
  "aws-iso",
  "aws-iso-b",
  "aws-iso-e",
  "aws-iso-f",
];
const notSlash = (c: string) => c !== "/";
const anything = () => true;

/** `<bucket>/<key>`: a bucket name and a non-empty key. */
const BUCKET_OBJECT: Language = [...oneOrMore(notSlash), ...literal("/"), ...oneOrMore(anything)];
/** `accesspoint/<name>/object/<key>`, an object reached through an access point. */
const ACCESS_POINT_OBJECT: Language = [
  ...literal("accesspoint/"),
  ...oneOrMore(notSlash),
  ...literal("/object/"),
  ...oneOrMore(anything),
];
const REGION: Language = zeroOrMore((c) => /[a-z0-9-]/.test(c));
const ACCOUNT: Language = exactly(12, (c) => c >= "0" && c <= "9");
const EMPTY: Language = [];

/** The lower-cased segments of an ARN entry; undefined for a non-ARN or one that matches none. */
function segments(entry: string): ArnSegments | undefined {
  const lower = entry.toLowerCase();
  return lower.startsWith("arn:") ? arnSegments(lower) : undefined;
}

function isPartition(pattern: string): boolean {
  return hasWildcard(pattern)
    ? PARTITIONS.some((p) => wildcardMatches(pattern, p))
    : PARTITION.test(pattern);
}

/**
 * False only for an S3 ARN entry (or an ARN whose wildcards could make it one) that matches no
 * object: no `arn:<partition>:s3:::<bucket>/<key>` and no
 * `arn:<partition>:s3:<region>:<account>:accesspoint/<name>/object/<key>`, with non-empty names
 * and key. `*`, `arn:aws:s3:::*`, `arn:aws:s3:::b*`, `arn:aws:s3:::b/*` and `.../object/*` can
 * address objects; `arn:aws:s3:::b`, `arn:aws:s3:::b/` and `.../accesspoint/ap` cannot. ARNs of
 * other services cannot. An entry that is not an ARN at all (a placeholder such as
 * `Bucket ARN/*`) is not judged and counts as able to.
 */
export function canAddressObject(entry: string): boolean {
  if (matchesEverything(entry) || !entry.toLowerCase().startsWith("arn:")) return true;
  if (!hasWildcard(entry)) return objectArnKey(entry) !== undefined;
  let verdict = addressing.get(entry);
  if (verdict === undefined) {
    verdict = patternCanAddressObject(entry);
    if (addressing.size >= MAX_REMEMBERED) addressing.clear();
    addressing.set(entry, verdict);
  }
  return verdict;
}

// Verdicts on the wildcard entries judged lately: a document's entries recur across its policies.
const addressing = new Map<string, boolean>();
const MAX_REMEMBERED = 4_096;

function patternCanAddressObject(entry: string): boolean {
  const arn = segments(entry);
  if (!arn || !isPartition(arn.partition) || !wildcardMatches(arn.service, "s3")) return false;
  return (
    (overlaps(arn.region, EMPTY) &&
      overlaps(arn.account, EMPTY) &&
      overlaps(arn.resource, BUCKET_OBJECT)) ||
    (overlaps(arn.region, REGION) &&
      overlaps(arn.account, ACCOUNT) &&
      overlaps(arn.resource, ACCESS_POINT_OBJECT))
  );
}

/** The key of a wildcard-free object ARN (either form), or undefined for any other entry. */
export function objectArnKey(entry: string): string | undefined {
  if (hasWildcard(entry)) return undefined;
  const arn = segments(entry);
  if (!arn || arn.service !== "s3" || !PARTITION.test(arn.partition)) return undefined;
  const viaAccessPoint = /^[a-z0-9-]*$/.test(arn.region) && /^\d{12}$/.test(arn.account);
  const key =
    arn.region === "" && arn.account === ""
      ? /^[^/]+\/(.+)$/.exec(arn.resource)?.[1]
      : viaAccessPoint
        ? /^accesspoint\/[^/]+\/object\/(.+)$/.exec(arn.resource)?.[1]
        : undefined;
  return key === undefined ? undefined : entry.slice(entry.length - key.length);
}

/** A key that names a folder rather than a file: it ends with `/`, or its last part has no `.`. */
export function looksLikeFolder(key: string): boolean {
  return key.endsWith("/") || !key.slice(key.lastIndexOf("/") + 1).includes(".");
}

/**
 * The objects of the bucket or access point an entry names: `arn:aws:s3:::b` -> `arn:aws:s3:::b/*`,
 * `...:accesspoint/ap` -> `...:accesspoint/ap/object/*`; a placeholder for any other entry.
 */
export function objectsOf(entry: string): string {
  const arn = segments(entry);
  if (arn?.service !== "s3" || hasWildcard(entry)) return "arn:aws:s3:::<bucket>/*";
  const base = entry.replace(/\/+$/, "");
  return /^accesspoint\/[^/]+$/.test(arn.resource) ? `${base}/object/*` : `${base}/*`;
}

/**
 * True for `*` and for S3 ARNs whose bucket part starts with a wildcard (`arn:aws:s3:::*`, or
 * `arn:aws:s3:::*` followed by `/` and a key pattern): they name every bucket.
 */
export function namesEveryBucket(entry: string): boolean {
  if (matchesEverything(entry)) return true;
  const arn = segments(entry);
  return (
    arn !== undefined &&
    isPartition(arn.partition) &&
    wildcardMatches(arn.service, "s3") &&
    overlaps(arn.region, EMPTY) &&
    overlaps(arn.account, EMPTY) &&
    arn.resource.startsWith("*")
  );
}
