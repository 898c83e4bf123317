// One row of the access proof before it is evaluated: who asks what, where, against which
// documents, and what the answer must be. Every row family (accessRows.ts, kmsRows.ts,
// endpointRows.ts, networkRows.ts) builds its rows with row() below.
import { SimulationIdentityPolicy } from "@cloud-copilot/iam-simulate";
import { LinkPolicies, Operation } from "./intendedAccess";
import { Caller } from "./callers";
import { Request } from "./requestContext";
import { Place } from "./rowSubjects";

export type Expectation = "allowed" | "denied";
export type Severity = "required" | "hardening";
/** A hardening control; when one fails, the proof advises the statement that adds it. */
export type Control =
  "tls-only" | "bucket-owner-pin" | "no-overwrite" | "acl" | "no-acl-grant" | "bucket-key-only";
export type Scope =
  | "identity policy alone"
  | "bucket policy alone"
  | "both policies"
  | "key policy alone"
  | "endpoint policy alone"
  | "every gate"
  | "trust policy"
  | "account A";

export interface AccessCase {
  scope: Scope;
  name: string;
  severity: Severity;
  control?: Control;
  expect: Expectation;
  caller: Caller;
  request: Request;
  identityPolicies: SimulationIdentityPolicy[];
  resourcePolicy?: unknown;
  /** How verdicts name the resource policy, e.g. "bucket policy". */
  resourcePolicyName: string;
  /** The policy of the VPC endpoint the request goes through, if it goes through one. */
  endpointPolicy?: unknown;
  /** How verdicts name the endpoint policy, e.g. "endpoint policy". */
  endpointPolicyName?: string;
  /** An allowed row must be granted to the caller's own principal, not to its whole account. */
  exactPrincipal?: boolean;
  /** Rows of one kind, e.g. "the other S3 object actions", that reports may show as one line. */
  group?: string;
}

/** The documents a row is evaluated against. */
export type RowShape = Pick<
  AccessCase,
  "scope" | "identityPolicies" | "resourcePolicy" | "endpointPolicy" | "endpointPolicyName"
> & {
  resourcePolicyName: string;
};

/** Rows of account A's own resources: the identity policy alone decides, in one account. */
export function accountAShape(policies: LinkPolicies): RowShape {
  return {
    scope: "account A",
    identityPolicies: [{ name: "identity policy", policy: policies.identityPolicy }],
    resourcePolicyName: "resource policy",
  };
}

export interface RowOptions {
  expect: Expectation;
  control?: Control;
  secureTransport?: boolean;
  /** Words after the place, e.g. "without If-None-Match". */
  qualifier?: string;
  exactPrincipal?: boolean;
  group?: string;
  /** What the request carries besides the operation's headers: KMS context, the VPC it is from. */
  request?: Partial<Request>;
}

export function row(
  shape: RowShape,
  caller: Caller,
  operation: Operation,
  place: Place,
  options: RowOptions,
): AccessCase {
  const secureTransport = options.secureTransport ?? true;
  const verb = options.expect === "allowed" ? "may" : "may not";
  const words = [caller.label, verb, operation.name, place.label, options.qualifier];
  if (!secureTransport) words.push("over plain HTTP");
  return {
    ...shape,
    name: words.filter(Boolean).join(" "),
    severity: options.control ? "hardening" : "required",
    control: options.control,
    expect: options.expect,
    caller,
    request: {
      action: operation.action,
      resource: place.arn,
      resourceAccount: place.accountId,
      region: place.region,
      secureTransport,
      headers: operation.headers,
      ...operation.request,
      ...options.request,
    },
    exactPrincipal: options.exactPrincipal,
    ...(options.group ? { group: options.group } : {}),
  };
}

/** A request named after its action, e.g. "GetObject" for s3:GetObject. */
export function plain(action: string): Operation {
  return { name: action.replace(/^[a-z0-9-]+:/, ""), action };
}
