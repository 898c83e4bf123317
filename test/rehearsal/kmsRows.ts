// Rows of the SSE-KMS gate. S3 calls B's key with the writer's identity (kms:GenerateDataKey for a
// PutObject and a CreateMultipartUpload, kms:Decrypt for the parts), through S3 and with the
// bucket's ARN as encryption context; across accounts the key policy and the identity policy must
// both allow each call. Each is proven alone against a counterpart that allows everything, and the
// bucket policy's Deny of uploads that name another encryption is proven with the headers a
// client could send.
import { AccessCase, RowShape, plain, row } from "./accessCase";
import {
  IntendedAccess,
  LinkPolicies,
  Operation,
  kmsOperations,
  throughS3,
  upload,
  writerOperations,
} from "./intendedAccess";
import { ALLOW_EVERYTHING, Place, resourcePolicyAllowing, subjects } from "./rowSubjects";
import { OTHER_KEY_ACTIONS, otherKeyActions } from "./unintendedActions";

/** What B's key administrators keep doing. */
const ADMINISTRATION_ACTIONS = ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"];

function keyPlaces(intended: IntendedAccess, stranger: string) {
  const keyArn = intended.kms?.keyArn ?? "";
  const [, partition, , region, , resource] = keyArn.split(":");
  return {
    key: { label: "on B's key", arn: keyArn, accountId: intended.bucketAccountId, region },
    strangerKey: {
      label: "on a key of a third account",
      arn: `arn:${partition}:kms:${region}:${stranger}:${resource}`,
      accountId: stranger,
      region,
    },
  };
}

/** GenerateDataKey asked of KMS directly, with the bucket's context S3 would set: not via S3. */
function directly(intended: IntendedAccess): Operation {
  const { request } = throughS3(intended, "kms:GenerateDataKey", "");
  return {
    name: "GenerateDataKey directly, with the bucket's encryption context,",
    action: "kms:GenerateDataKey",
    request: { encryptionContext: request?.encryptionContext },
  };
}

/** GenerateDataKey through S3 for an object of another bucket of account B. */
function forAnotherBucket(intended: IntendedAccess): Operation {
  const other = throughS3(intended, "kms:GenerateDataKey", "GenerateDataKey for another bucket");
  return {
    ...other,
    request: {
      ...other.request,
      encryptionContext: { "aws:s3:arn": `${intended.bucketArn}-other` },
    },
  };
}

/**
 * Every other key action, asked as S3 asks for the writer's uploads (through S3, with the
 * bucket's encryption context where the action takes one), as a confused or stolen session might:
 * the request most likely to match a grant conditioned for S3.
 */
function unneeded(intended: IntendedAccess): Operation[] {
  return otherKeyActions(intended).map((action) =>
    throughS3(intended, action, `${action.slice(4)} through S3`),
  );
}

const OTHER_KEY_ROW = { expect: "denied", group: OTHER_KEY_ACTIONS } as const;

/** The writer's identity policy alone: a key policy that lets the role do anything. */
export function keyUseByIdentityPolicy(
  intended: IntendedAccess,
  policies: LinkPolicies,
): AccessCase[] {
  if (!intended.kms) return [];
  const { at, who } = subjects(intended);
  const { key, strangerKey } = keyPlaces(intended, at.otherAccount.accountId);
  const shape: RowShape = {
    scope: "identity policy alone",
    identityPolicies: [{ name: "identity policy", policy: policies.identityPolicy }],
    resourcePolicy: resourcePolicyAllowing(intended.roleArn, "kms:*"),
    resourcePolicyName: "permissive key policy",
  };
  const writer = (op: Operation, place: Place, expect: "allowed" | "denied") =>
    row(shape, who.writer, op, place, { expect });
  const generate = kmsOperations(intended)[0];
  return [
    ...kmsOperations(intended).map((op) => writer(op, key, "allowed")),
    writer(directly(intended), key, "denied"),
    writer(forAnotherBucket(intended), key, "denied"),
    writer(generate, strangerKey, "denied"),
    ...unneeded(intended).map((op) => row(shape, who.writer, op, key, OTHER_KEY_ROW)),
  ];
}

/** The key policy alone: every caller's identity policy allows everything. */
export function keyPolicyAlone(intended: IntendedAccess, policies: LinkPolicies): AccessCase[] {
  if (!intended.kms || policies.keyPolicy === undefined) return [];
  const { at, who } = subjects(intended);
  const { key } = keyPlaces(intended, at.otherAccount.accountId);
  const shape: RowShape = {
    scope: "key policy alone",
    identityPolicies: [ALLOW_EVERYTHING],
    resourcePolicy: policies.keyPolicy,
    resourcePolicyName: "key policy",
  };
  const [generate] = kmsOperations(intended);
  const denied = { expect: "denied" } as const;
  return [
    ...kmsOperations(intended).map((op) =>
      row(shape, who.writer, op, key, { expect: "allowed", exactPrincipal: true }),
    ),
    row(shape, who.writer, directly(intended), key, denied),
    row(shape, who.writer, forAnotherBucket(intended), key, denied),
    ...unneeded(intended).map((op) => row(shape, who.writer, op, key, OTHER_KEY_ROW)),
    ...[who.otherRoleOfA, who.rootOfA, who.strangerRole].map((caller) =>
      row(shape, caller, generate, key, denied),
    ),
    ...ADMINISTRATION_ACTIONS.map((action) =>
      row(shape, who.adminOfB, plain(action), key, { expect: "allowed" }),
    ),
    row(shape, who.adminOfB, throughS3(intended, "kms:Decrypt", "Decrypt for GetObject"), key, {
      expect: "allowed",
    }),
  ];
}

/**
 * The bucket policy alone, with SSE-KMS: the writer's uploads carry no encryption header, so the
 * bucket's default applies (the PutObject and multipart rows above); an upload that names an
 * encryption other than B's key is refused, also on CreateMultipartUpload, which carries it.
 */
export function uploadKeyRows(intended: IntendedAccess, shape: RowShape): AccessCase[] {
  if (!intended.kms) return [];
  const { at, who } = subjects(intended);
  const put = upload(intended);
  const create = writerOperations(intended).find((op) => op.name === "CreateMultipartUpload");
  const keyOfA = `arn:${intended.partition}:kms:${intended.bucketRegion}:${intended.writerAccountId}:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;
  const headers: [Operation | undefined, string, { sse: string; sseKmsKeyId?: string }][] = [
    [put, "with SSE-S3 (AES256)", { sse: "AES256" }],
    [put, "with aws:kms and no key id (the AWS managed key)", { sse: "aws:kms" }],
    [put, "with a key of account A", { sse: "aws:kms", sseKmsKeyId: keyOfA }],
    [create, "with SSE-S3 (AES256)", { sse: "AES256" }],
  ];
  return headers.flatMap(([op, qualifier, sse]) =>
    op
      ? [
          row(shape, who.writer, { ...op, headers: { ...op.headers, ...sse } }, at.target, {
            expect: "denied",
            control: "bucket-key-only",
            qualifier,
          }),
        ]
      : [],
  );
}
