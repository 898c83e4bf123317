// The parts of an ARN, as IAM reads a Resource entry or an ARN condition value: partition,
// service, region, account, then the resource part, which may hold further colons.
import { hasWildcard } from "./wildcard";

/** A partition name: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, ... */
const PARTITION_SOURCE = "aws(?:-[a-z]+)*";

export const PARTITION = new RegExp(`^${PARTITION_SOURCE}$`);

/** `arn:<partition>:` followed by `rest` (a regular expression source), from the start. */
export function arnPattern(rest: string): RegExp {
  return new RegExp(`^arn:${PARTITION_SOURCE}:${rest}`);
}

export interface ArnSegments {
  /** What stands before the partition: `arn` in a well-formed ARN. */
  prefix: string;
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/**
 * The segments of an entry split at its colons. An entry with fewer than six segments matches
 * nothing unless it has a wildcard, which then stands for the missing segments: they are `*`.
 */
export function arnSegments(entry: string): ArnSegments | undefined {
  const parts = entry.split(":");
  if (parts.length < 6) {
    if (!hasWildcard(entry)) return undefined;
    while (parts.length < 6) parts.push("*");
  }
  const [prefix, partition, service, region, account] = parts;
  return { prefix, partition, service, region, account, resource: parts.slice(5).join(":") };
}
