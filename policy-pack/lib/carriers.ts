// Where each resource type keeps its policy documents, what kind of document each is, and the
// size AWS accepts for it. Matching on type tokens (rather than on @pulumi/aws classes with
// validateResourceOfType) lets one policy cover resources of two providers and keeps the pack free
// of provider SDKs, which it would otherwise type-check on every run. Type tokens and property
// names are those of @pulumi/aws 7.48 and of pulumi-aws-native's SDK.
import { isRecord } from "./document/elements";
import { DocumentKind, SizeLimit } from "./document/model";

export interface PolicySource {
  /** The property holding the document, e.g. `policy` or `inlinePolicies[0] ("uploads")`. */
  label: string;
  kind: DocumentKind;
  limit: SizeLimit;
  document: unknown;
}

export interface ResourcePolicies {
  /** The documents the resource carries; empty when it carries none. */
  sources: PolicySource[];
  /** A required document that is missing, or a container of documents with an odd shape. */
  problems: string[];
  /** A limit all the sources share, and the property that holds them, e.g. `inlinePolicies`. */
  shared?: { label: string; limit: SizeLimit };
}

interface Carrier {
  kind: DocumentKind;
  read(props: Record<string, unknown>): ResourcePolicies;
}

// Sizes: S3 user guide ("Bucket policies are limited to 20 KB", "Access point policies are
// limited to 20 KB"); IAM quotas (managed policy 6,144 characters; inline policies of a role
// 10,240, of a user 2,048, of a group 5,120, all of a principal's inline policies together; white
// space not counted); KMS key policy 32 KB; VPC endpoint policy 20,480 characters. The pack never
// counts whitespace, so it never refuses a document AWS would accept. A list of inline policies
// is held to its limit as a whole; an inline policy that is a resource of its own (RolePolicy)
// is held to it alone, as the pack sees one resource at a time.
const BUCKET: SizeLimit = { characters: 20_480, what: "an S3 bucket policy" };
const ACCESS_POINT: SizeLimit = { characters: 20_480, what: "an S3 access point policy" };
const MANAGED: SizeLimit = { characters: 6_144, what: "an IAM managed policy" };
const ROLE: SizeLimit = { characters: 10_240, what: "the inline policies of an IAM role" };
const USER: SizeLimit = { characters: 2_048, what: "the inline policies of an IAM user" };
const GROUP: SizeLimit = { characters: 5_120, what: "the inline policies of an IAM group" };
const KEY: SizeLimit = { characters: 32_768, what: "a KMS key policy" };
const ENDPOINT: SizeLimit = { characters: 20_480, what: "a VPC endpoint policy" };

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && !/\S/.test(value));
}

/** A document in one property; an optional one may be absent, a required one may not. */
function property(kind: DocumentKind, limit: SizeLimit, name: string, required = true): Carrier {
  return {
    kind,
    read(props) {
      const document = props[name];
      if (!isAbsent(document)) {
        return { sources: [{ label: name, kind, limit, document }], problems: [] };
      }
      return { sources: [], problems: required ? [`${name} is missing or empty`] : [] };
    },
  };
}

/**
 * A list of inline policies, `[{ <nameKey>, <documentKey> }]`, which share `limit`; an entry may
 * omit its document.
 */
function inlineList(limit: SizeLimit, list: string, nameKey: string, documentKey: string): Carrier {
  const shape = `{ ${nameKey}, ${documentKey} }`;
  return {
    kind: "identity",
    read(props) {
      const entries = props[list];
      if (isAbsent(entries)) return { sources: [], problems: [] };
      if (!Array.isArray(entries)) {
        return { sources: [], problems: [`${list} must be an array of ${shape}`] };
      }
      const sources: PolicySource[] = [];
      const problems: string[] = [];
      entries.forEach((entry: unknown, i: number) => {
        if (!isRecord(entry)) {
          problems.push(`${list}[${i}] must be an object ${shape}`);
          return;
        }
        const name = typeof entry[nameKey] === "string" ? ` ("${entry[nameKey]}")` : "";
        const document = entry[documentKey];
        if (!isAbsent(document)) {
          sources.push({ label: `${list}[${i}]${name}`, kind: "identity", limit, document });
        }
      });
      return { sources, problems, shared: { label: list, limit } };
    },
  };
}

const CARRIERS: ReadonlyMap<string, Carrier> = new Map([
  ["aws:s3/bucketPolicy:BucketPolicy", property("bucket", BUCKET, "policy")],
  ["aws:s3/bucket:Bucket", property("bucket", BUCKET, "policy", false)],
  ["aws:s3/bucketV2:BucketV2", property("bucket", BUCKET, "policy", false)],
  ["aws-native:s3:BucketPolicy", property("bucket", BUCKET, "policyDocument")],
  ["aws:s3/accessPoint:AccessPoint", property("accessPoint", ACCESS_POINT, "policy", false)],
  [
    "aws:s3control/accessPointPolicy:AccessPointPolicy",
    property("accessPoint", ACCESS_POINT, "policy"),
  ],
  ["aws-native:s3:AccessPoint", property("accessPoint", ACCESS_POINT, "policy", false)],
  ["aws:iam/policy:Policy", property("identity", MANAGED, "policy")],
  ["aws:iam/rolePolicy:RolePolicy", property("identity", ROLE, "policy")],
  ["aws:iam/userPolicy:UserPolicy", property("identity", USER, "policy")],
  ["aws:iam/groupPolicy:GroupPolicy", property("identity", GROUP, "policy")],
  ["aws:iam/role:Role", inlineList(ROLE, "inlinePolicies", "name", "policy")],
  ["aws-native:iam:ManagedPolicy", property("identity", MANAGED, "policyDocument")],
  ["aws-native:iam:RolePolicy", property("identity", ROLE, "policyDocument", false)],
  ["aws-native:iam:UserPolicy", property("identity", USER, "policyDocument", false)],
  ["aws-native:iam:GroupPolicy", property("identity", GROUP, "policyDocument", false)],
  ["aws-native:iam:Role", inlineList(ROLE, "policies", "policyName", "policyDocument")],
  ["aws-native:iam:User", inlineList(USER, "policies", "policyName", "policyDocument")],
  ["aws-native:iam:Group", inlineList(GROUP, "policies", "policyName", "policyDocument")],
  ["aws:kms/key:Key", property("key", KEY, "policy", false)],
  ["aws:kms/keyPolicy:KeyPolicy", property("key", KEY, "policy")],
  ["aws-native:kms:Key", property("key", KEY, "keyPolicy", false)],
  ["aws:ec2/vpcEndpoint:VpcEndpoint", property("endpoint", ENDPOINT, "policy", false)],
  ["aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy", property("endpoint", ENDPOINT, "policy", false)],
  ["aws-native:ec2:VpcEndpoint", property("endpoint", ENDPOINT, "policyDocument", false)],
]);

/** Resource types that carry documents of the given kinds. */
export function typesOf(kinds: readonly DocumentKind[]): string[] {
  return [...CARRIERS].filter(([, c]) => kinds.includes(c.kind)).map(([type]) => type);
}

/** The kind of document a resource type carries, read without touching its props. */
export function kindOf(type: string): DocumentKind | undefined {
  return CARRIERS.get(type)?.kind;
}

/** The policy documents of a resource, or undefined when its type carries none. */
export function readResourcePolicies(
  type: string,
  props: Record<string, unknown>,
): ResourcePolicies | undefined {
  return CARRIERS.get(type)?.read(props);
}
