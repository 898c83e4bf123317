// Where each resource type keeps its policy documents. Matching on type tokens (rather than on
// @pulumi/aws classes with validateResourceOfType) lets one policy cover resources of two providers
// and keeps the pack free of provider SDKs, which it would otherwise type-check on every run.
import { DocumentKind, isRecord } from "./document";

export type PolicyFamily = "bucket" | "identity";

export interface PolicySource {
  /** The property holding the document, e.g. `policy` or `inlinePolicies[0] ("uploads")`. */
  label: string;
  kind: DocumentKind;
  document: unknown;
}

export interface ResourcePolicies {
  /** The documents the resource carries; empty when it carries none. */
  sources: PolicySource[];
  /** A required document that is missing, or a container of documents with an odd shape. */
  problems: string[];
}

interface Carrier {
  family: PolicyFamily;
  read(props: Record<string, unknown>): ResourcePolicies;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && !/\S/.test(value));
}

/** A document in one property; an optional one may be absent, a required one may not. */
function property(family: PolicyFamily, name: string, required: boolean): Carrier {
  const kind: DocumentKind = family === "bucket" ? "resource" : "identity";
  return {
    family,
    read(props) {
      const document = props[name];
      if (!isAbsent(document)) return { sources: [{ label: name, kind, document }], problems: [] };
      return { sources: [], problems: required ? [`${name} is missing or empty`] : [] };
    },
  };
}

/** `aws.iam.Role` inline policies: `[{ name, policy }]`; an entry without a policy is allowed. */
const roleInlinePolicies: Carrier = {
  family: "identity",
  read(props) {
    const list = props.inlinePolicies;
    if (isAbsent(list)) return { sources: [], problems: [] };
    if (!Array.isArray(list)) {
      return { sources: [], problems: ["inlinePolicies must be an array of { name, policy }"] };
    }
    const sources: PolicySource[] = [];
    const problems: string[] = [];
    list.forEach((entry: unknown, i: number) => {
      if (!isRecord(entry)) {
        problems.push(`inlinePolicies[${i}] must be an object { name, policy }`);
        return;
      }
      const name = typeof entry.name === "string" ? ` ("${entry.name}")` : "";
      if (!isAbsent(entry.policy)) {
        sources.push({
          label: `inlinePolicies[${i}]${name}`,
          kind: "identity",
          document: entry.policy,
        });
      }
    });
    return { sources, problems };
  },
};

const CARRIERS: ReadonlyMap<string, Carrier> = new Map([
  ["aws:s3/bucketPolicy:BucketPolicy", property("bucket", "policy", true)],
  ["aws:s3/bucket:Bucket", property("bucket", "policy", false)],
  ["aws:s3/bucketV2:BucketV2", property("bucket", "policy", false)],
  ["aws-native:s3:BucketPolicy", property("bucket", "policyDocument", true)],
  ["aws:iam/rolePolicy:RolePolicy", property("identity", "policy", true)],
  ["aws:iam/policy:Policy", property("identity", "policy", true)],
  ["aws:iam/userPolicy:UserPolicy", property("identity", "policy", true)],
  ["aws:iam/groupPolicy:GroupPolicy", property("identity", "policy", true)],
  ["aws:iam/role:Role", roleInlinePolicies],
]);

/** Resource types whose documents a family's policies read. */
export function typesOf(family: PolicyFamily): string[] {
  return [...CARRIERS].filter(([, c]) => c.family === family).map(([type]) => type);
}

/** The family of policy documents a resource type carries, read without touching its props. */
export function familyOf(type: string): PolicyFamily | undefined {
  return CARRIERS.get(type)?.family;
}

/** The policy documents of a resource, or undefined when its type carries none. */
export function readResourcePolicies(
  type: string,
  props: Record<string, unknown>,
): ResourcePolicies | undefined {
  return CARRIERS.get(type)?.read(props);
}
