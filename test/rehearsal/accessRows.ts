// The rows of the access proof, generated from the intended access (intendedAccess.ts) as
// callers x requests x places. In IAM the narrower side wins, so a broad grant on one side never
// changes a combined verdict: each document is therefore proven alone, against a counterpart that
// allows everything, and then both together. A row is "required" (the intended access works;
// nobody else, nothing else, nowhere else) or "hardening" (a control that narrows it further).
import { SimulationIdentityPolicy } from "@cloud-copilot/iam-simulate";
import { AccessCase, Control, RowOptions, RowShape, accountAShape, plain, row } from "./accessCase";
import {
  IntendedAccess,
  LinkPolicies,
  Operation,
  upload,
  writerOperations,
} from "./intendedAccess";
import { endpointPolicyAlone } from "./endpointRows";
import { everyGate } from "./gateRows";
import { keyPolicyAlone, keyUseByIdentityPolicy, uploadKeyRows } from "./kmsRows";
import { networkInterfaceRows } from "./networkRows";
import { awsService } from "./requestContext";
import { ALLOW_EVERYTHING, Place, bucketPolicyAllowingEverything, subjects } from "./rowSubjects";

const OTHER_ACL = "bucket-owner-read";
/** Object actions the writer never needs; s3:PutObjectAcl too when ACLs are disabled. */
const UNNEEDED_OBJECT_ACTIONS = ["s3:GetObject", "s3:DeleteObject", "s3:PutObjectTagging"];
const BUCKET_ACTIONS = ["s3:ListBucket", "s3:PutBucketPolicy"];

/** Actions the writer must not have, with the control a grant of each would break. */
function unneededObjectActions(intended: IntendedAccess): [Operation, Control | undefined][] {
  const rows: [Operation, Control | undefined][] = UNNEEDED_OBJECT_ACTIONS.map((a) => [
    plain(a),
    undefined,
  ]);
  // With BucketOwnerEnforced, S3 refuses ACL changes anyway: a grant of it is unused, not open.
  if (!intended.actions.includes("s3:PutObjectAcl"))
    rows.push([plain("s3:PutObjectAcl"), "no-acl-grant"]);
  return rows;
}

/** The identity policy alone: the bucket side lets the role do anything anywhere. */
function identityPolicyAlone(intended: IntendedAccess, policies: LinkPolicies): AccessCase[] {
  const { at, who } = subjects(intended);
  const { writer } = who;
  const shape: RowShape = {
    scope: "identity policy alone",
    identityPolicies: [{ name: "identity policy", policy: policies.identityPolicy }],
    resourcePolicy: bucketPolicyAllowingEverything(intended.roleArn),
    resourcePolicyName: "permissive bucket policy",
  };
  const put = upload(intended);
  const elsewhere = [...at.nearby, at.otherBucket];
  return [
    ...writerOperations(intended).map((op) =>
      row(shape, writer, op, at.target, { expect: "allowed" }),
    ),
    ...elsewhere.map((place) => row(shape, writer, put, place, { expect: "denied" })),
    row(shape, writer, put, at.otherAccount, { expect: "denied", control: "bucket-owner-pin" }),
    ...unneededObjectActions(intended).flatMap(([op, control]) =>
      [at.target, ...elsewhere].map((place) =>
        row(shape, writer, op, place, { expect: "denied", control }),
      ),
    ),
    ...BUCKET_ACTIONS.map((a) => row(shape, writer, plain(a), at.bucket, { expect: "denied" })),
    ...keyUseByIdentityPolicy(intended, policies),
  ];
}

/** The bucket policy alone: every caller's identity policy allows everything. */
function bucketPolicyAlone(intended: IntendedAccess, policies: LinkPolicies): AccessCase[] {
  const { at, who } = subjects(intended);
  const shape: RowShape = {
    scope: "bucket policy alone",
    identityPolicies: [ALLOW_EVERYTHING],
    resourcePolicy: policies.bucketPolicy,
    resourcePolicyName: "bucket policy",
  };
  const put = upload(intended);
  const writer = (op: Operation, place: Place, options: RowOptions) =>
    row(shape, who.writer, op, place, options);
  const admin = (op: Operation, place: Place, options: RowOptions) =>
    row(shape, who.adminOfB, op, place, options);
  const aclRows = intended.objectAcl
    ? [
        writer({ ...put, headers: { ...put.headers, acl: OTHER_ACL } }, at.target, {
          expect: "denied",
          control: "acl",
          qualifier: `with the ACL ${OTHER_ACL}`,
        }),
        writer({ ...plain("s3:PutObjectAcl"), headers: { acl: OTHER_ACL } }, at.target, {
          expect: "denied",
          control: "acl",
          qualifier: `with the ACL ${OTHER_ACL}`,
        }),
        writer(plain("s3:PutObjectAcl"), at.target, {
          expect: "denied",
          control: "acl",
          qualifier: "with a grant list instead of a canned ACL",
        }),
      ]
    : [];
  const adminPut: Operation = { ...put, headers: { creation: true, ifNoneMatch: true } };
  return [
    ...writerOperations(intended).map((op) =>
      writer(op, at.target, { expect: "allowed", exactPrincipal: true }),
    ),
    ...at.nearby.map((place) => writer(put, place, { expect: "denied" })),
    ...unneededObjectActions(intended).map(([op, control]) =>
      writer(op, at.target, { expect: "denied", control }),
    ),
    ...BUCKET_ACTIONS.map((a) => writer(plain(a), at.bucket, { expect: "denied" })),
    writer(put, at.target, { expect: "denied", control: "tls-only", secureTransport: false }),
    writer({ ...put, headers: { ...put.headers, ifNoneMatch: false } }, at.target, {
      expect: "denied",
      control: "no-overwrite",
      qualifier: "without If-None-Match",
    }),
    ...aclRows,
    ...uploadKeyRows(intended, shape),
    ...[who.otherRoleOfA, who.rootOfA, who.strangerRole].map((caller) =>
      row(shape, caller, put, at.target, { expect: "denied" }),
    ),
    ...["s3:GetObject", "s3:DeleteObject"].map((a) =>
      admin(plain(a), at.target, { expect: "allowed" }),
    ),
    admin(adminPut, at.target, { expect: "allowed" }),
    admin(plain("s3:PutBucketPolicy"), at.bucket, { expect: "allowed" }),
    admin(plain("s3:GetObject"), at.target, {
      expect: "denied",
      control: "tls-only",
      secureTransport: false,
    }),
    admin(plain("s3:PutBucketPolicy"), at.bucket, {
      expect: "denied",
      control: "tls-only",
      secureTransport: false,
    }),
  ];
}

/** Both documents together, as AWS evaluates the cross-account request. */
function bothPolicies(intended: IntendedAccess, policies: LinkPolicies): AccessCase[] {
  const { at, who } = subjects(intended);
  const shape: RowShape = {
    scope: "both policies",
    identityPolicies: [{ name: "identity policy", policy: policies.identityPolicy }],
    resourcePolicy: policies.bucketPolicy,
    resourcePolicyName: "bucket policy",
  };
  return writerOperations(intended).map((op) =>
    row(shape, who.writer, op, at.target, { expect: "allowed", exactPrincipal: true }),
  );
}

/** The trust policy alone: only the Lambda service may assume the role. */
function trustPolicyAlone(intended: IntendedAccess, policies: LinkPolicies): AccessCase[] {
  if (policies.trustPolicy === undefined) return [];
  const { who } = subjects(intended);
  const role: Place = {
    label: "the execution role",
    arn: intended.roleArn,
    accountId: intended.writerAccountId,
  };
  const assume = plain("sts:AssumeRole");
  const shape = (identityPolicies: SimulationIdentityPolicy[]): RowShape => ({
    scope: "trust policy",
    identityPolicies,
    resourcePolicy: policies.trustPolicy,
    resourcePolicyName: "trust policy",
  });
  return [
    row(shape([]), awsService("lambda.amazonaws.com"), assume, role, { expect: "allowed" }),
    row(shape([]), awsService("ec2.amazonaws.com"), assume, role, { expect: "denied" }),
    row(shape([ALLOW_EVERYTHING]), who.rootOfA, assume, role, { expect: "denied" }),
    row(shape([ALLOW_EVERYTHING]), who.strangerRole, assume, role, { expect: "denied" }),
  ];
}

/** Account A's own resources: the function's log group and its failure queue, same account. */
function accountA(intended: IntendedAccess, policies: LinkPolicies): AccessCase[] {
  const resources = intended.writerResources;
  if (!resources) return [];
  const { writer } = subjects(intended).who;
  const shape = accountAShape(policies);
  const a = intended.writerAccountId;
  const stream = (group: string) => `${group}:log-stream:2026/11/27/[$LATEST]0123456789abcdef`;
  const otherGroup = resources.logGroupArn.replace(/log-group:.*$/, "log-group:/aws/lambda/other");
  const place = (label: string, arn: string): Place => ({ label, arn, accountId: a });
  const ownStream = place("in its own log group", stream(resources.logGroupArn));
  const queue = place("to its failure queue", resources.failureQueueArn);
  return [
    row(shape, writer, plain("logs:CreateLogStream"), ownStream, { expect: "allowed" }),
    row(shape, writer, plain("logs:PutLogEvents"), ownStream, { expect: "allowed" }),
    row(
      shape,
      writer,
      plain("logs:PutLogEvents"),
      place("in another log group", stream(otherGroup)),
      {
        expect: "denied",
      },
    ),
    row(shape, writer, plain("sqs:SendMessage"), queue, { expect: "allowed" }),
    row(
      shape,
      writer,
      plain("sqs:SendMessage"),
      place("to another queue", `${resources.failureQueueArn}-other`),
      {
        expect: "denied",
      },
    ),
    row(
      shape,
      writer,
      plain("sqs:ReceiveMessage"),
      place("from its failure queue", resources.failureQueueArn),
      {
        expect: "denied",
      },
    ),
  ];
}

/** Every row of the access matrix for one link. */
export function accessCases(intended: IntendedAccess, policies: LinkPolicies): AccessCase[] {
  return [
    ...identityPolicyAlone(intended, policies),
    ...bucketPolicyAlone(intended, policies),
    ...bothPolicies(intended, policies),
    ...keyPolicyAlone(intended, policies),
    ...endpointPolicyAlone(intended, policies),
    ...everyGate(intended, policies),
    ...trustPolicyAlone(intended, policies),
    ...accountA(intended, policies),
    ...networkInterfaceRows(intended, policies),
  ];
}
