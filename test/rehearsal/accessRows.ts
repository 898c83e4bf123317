// The rows of the access proof, generated from the intended access (intendedAccess.ts) as
// callers x requests x places. In IAM the narrower side wins, so a broad grant on one side never
// changes a combined verdict: each document is therefore proven alone, against a counterpart that
// allows everything, and then both together. A row is "required" (the intended access works;
// nobody else, nothing else, nowhere else) or "hardening" (a control that narrows it further).
import { AccessCase, RowOptions, RowShape, plain, row } from "./accessCase";
import { accountA, trustPolicyAlone } from "./accountARows";
import { endpointPolicyAlone } from "./endpointRows";
import { everyGate } from "./gateRows";
import {
  IntendedAccess,
  LinkPolicies,
  Operation,
  upload,
  writerOperations,
} from "./intendedAccess";
import { keyPolicyAlone, keyUseByIdentityPolicy, uploadKeyRows } from "./kmsRows";
import { networkInterfaceRows } from "./networkRows";
import { ACL_GRANT_HEADERS } from "./requestContext";
import { ALLOW_EVERYTHING, Place, bucketPolicyAllowingEverything, subjects } from "./rowSubjects";
import { otherS3ActionRows } from "./unintendedActions";

const OTHER_ACL = "bucket-owner-read";
/** What a grant header names: a canonical user id of a third account (S3 API Reference). */
const THIRD_ACCOUNT_GRANTEE =
  'id="79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"';

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
  return [
    ...writerOperations(intended).map((op) =>
      row(shape, writer, op, at.target, { expect: "allowed" }),
    ),
    ...[...at.nearby, at.otherBucket].map((place) =>
      row(shape, writer, put, place, { expect: "denied" }),
    ),
    row(shape, writer, put, at.otherAccount, { expect: "denied", control: "bucket-owner-pin" }),
    ...otherS3ActionRows(intended, shape, writer),
    ...keyUseByIdentityPolicy(intended, policies),
  ];
}

/**
 * With ACLs enabled, the writer's ACL is bucket-owner-full-control and nothing else: no other
 * canned ACL, on an upload or an ACL change, and no grant header naming anyone, which would share
 * the object with a third account (Block Public Access does not stop a grant to one account).
 */
function aclRows(intended: IntendedAccess, shape: RowShape): AccessCase[] {
  if (!intended.objectAcl) return [];
  const { at, who } = subjects(intended);
  const put = upload(intended);
  const acl = { expect: "denied", control: "acl" } as const;
  const writer = (op: Operation, options: RowOptions) =>
    row(shape, who.writer, op, at.target, options);
  const aclChange = plain("s3:PutObjectAcl");
  return [
    writer(
      { ...put, headers: { ...put.headers, acl: OTHER_ACL } },
      {
        ...acl,
        qualifier: `with the ACL ${OTHER_ACL}`,
      },
    ),
    writer(
      { ...aclChange, headers: { acl: OTHER_ACL } },
      {
        ...acl,
        qualifier: `with the ACL ${OTHER_ACL}`,
      },
    ),
    ...ACL_GRANT_HEADERS.flatMap((header) => {
      const grant = { header, grantee: THIRD_ACCOUNT_GRANTEE };
      const qualifier = `with ${header} for a third account`;
      return [
        writer(
          { ...put, headers: { ...put.headers, acl: undefined, grant } },
          {
            ...acl,
            qualifier,
          },
        ),
        writer({ ...aclChange, headers: { grant } }, { ...acl, qualifier }),
      ];
    }),
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
  // B's administrators may overwrite: their write carries no If-None-Match.
  const adminPut: Operation = { ...put, headers: { creation: true } };
  const overHttp = { expect: "denied", control: "tls-only", secureTransport: false } as const;
  return [
    ...writerOperations(intended).map((op) =>
      writer(op, at.target, { expect: "allowed", exactPrincipal: true }),
    ),
    ...at.nearby.map((place) => writer(put, place, { expect: "denied" })),
    ...otherS3ActionRows(intended, shape, who.writer),
    writer(put, at.target, overHttp),
    writer({ ...put, headers: { ...put.headers, ifNoneMatch: false } }, at.target, {
      expect: "denied",
      control: "no-overwrite",
      qualifier: "without If-None-Match",
    }),
    ...aclRows(intended, shape),
    ...uploadKeyRows(intended, shape),
    ...[who.otherRoleOfA, who.rootOfA, who.strangerRole].map((caller) =>
      row(shape, caller, put, at.target, { expect: "denied" }),
    ),
    ...["s3:GetObject", "s3:DeleteObject"].map((a) =>
      admin(plain(a), at.target, { expect: "allowed" }),
    ),
    admin(adminPut, at.target, { expect: "allowed", qualifier: "without If-None-Match" }),
    admin(plain("s3:PutBucketPolicy"), at.bucket, { expect: "allowed" }),
    admin(plain("s3:GetObject"), at.target, overHttp),
    admin(plain("s3:PutBucketPolicy"), at.bucket, overHttp),
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
