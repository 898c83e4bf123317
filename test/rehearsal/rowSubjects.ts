// Who calls and where, for the rows of the access proof: the writer's session and the callers
// that must be refused, the places an object can be, and the permissive counterparts each document
// is proven against. All derived from the intended access, with accounts and names unlike the
// link's own.
import { accountRoot, iamUser, roleSession } from "./callers";
import { IntendedAccess } from "./intendedAccess";

/** A key as the function names an upload: `data-<request id>.json` (lambda/keys.ts). */
const SAMPLE_KEY = "data-3f2b8c1e-5d4a-4e6b-9c7d-0a1b2c3d4e5f.json";
export const ALLOW_EVERYTHING = {
  name: "permissive identity policy",
  policy: {
    Version: "2012-10-17",
    Statement: [{ Sid: "AllowEverything", Effect: "Allow", Action: "*", Resource: "*" }],
  },
};

/** A resource policy that lets `principal` (a role's ARN, or "*" for anyone) do every `action`. */
export function resourcePolicyAllowing(principal: string, action: string): unknown {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: principal === "*" ? "AllowEveryoneEverything" : "AllowTheRoleEverything",
        Effect: "Allow",
        Principal: principal === "*" ? "*" : { AWS: principal },
        Action: action,
        Resource: "*",
      },
    ],
  };
}

export function bucketPolicyAllowingEverything(roleArn: string): unknown {
  return resourcePolicyAllowing(roleArn, "s3:*");
}

export interface Place {
  label: string;
  arn: string;
  accountId: string;
  /** The region whose endpoint a request for it goes to. */
  region: string;
}

/** Where objects can be: under the prefix, next to it, in another bucket, in another account. */
function places(intended: IntendedAccess, stranger: string) {
  const { prefix, bucketArn, bucketAccountId, bucketRegion: region } = intended;
  const inBucket = (label: string, keyPrefix: string): Place => ({
    label,
    arn: `${bucketArn}/${keyPrefix}${SAMPLE_KEY}`,
    accountId: bucketAccountId,
    region,
  });
  const outside = ["other/", "elsewhere/"].find(
    (p) => !p.startsWith(prefix) && !prefix.startsWith(p),
  );
  // A prefix ends with "/" (prefixProblem), or is "" for the whole bucket, which has no sibling.
  const sibling = prefix ? `${prefix.slice(0, -1)}-x/` : undefined;
  return {
    target: inBucket("under the prefix", prefix),
    nearby: [
      ...(sibling ? [inBucket(`in the sibling prefix ${sibling}`, sibling)] : []),
      ...(prefix && outside ? [inBucket("outside the prefix", outside)] : []),
    ],
    otherBucket: {
      label: "in another bucket of account B",
      arn: `${bucketArn}-other/${prefix}${SAMPLE_KEY}`,
      accountId: bucketAccountId,
      region,
    },
    otherAccount: {
      label: "in a same-named bucket of another account",
      arn: `${bucketArn}/${prefix}${SAMPLE_KEY}`,
      accountId: stranger,
      region,
    },
    bucket: { label: "on the bucket", arn: bucketArn, accountId: bucketAccountId, region },
  };
}

/** A 12-digit account that is neither of the two accounts given, e.g. neither A nor B. */
export function strangerAccount(...taken: string[]): string {
  return ["333333333333", "444444444444", "555555555555"].find((a) => !taken.includes(a)) ?? "";
}

function callers(intended: IntendedAccess, stranger: string) {
  const { partition, roleArn, writerAccountId: a, bucketAccountId: b, vpc } = intended;
  const roleName = roleArn.split("/").pop() ?? "";
  const session = roleSession(
    "the writer's Lambda session",
    roleArn,
    intended.roleUniqueId,
    intended.sessionName,
    intended.functionArn,
  );
  return {
    // A function in a VPC reaches S3 only through the endpoint, on every row.
    writer: vpc
      ? { ...session, s3Endpoint: { endpointId: vpc.endpointId, vpcId: vpc.vpcId } }
      : session,
    otherRoleOfA: roleSession(
      "another role of account A",
      `arn:${partition}:iam::${a}:role/another-role`,
      "AROAANOTHERROLEOFA001",
      "session",
    ),
    rootOfA: accountRoot("account A's root", partition, a),
    strangerRole: roleSession(
      "a same-named role of a third account",
      `arn:${partition}:iam::${stranger}:role/${roleName}`,
      "AROASTRANGERSROLE0001",
      intended.sessionName,
    ),
    adminOfB: iamUser("B's administrator", partition, b, "bucket-admin", "AIDABUCKETADMIN00001"),
  };
}

/** The callers and places of one link's rows. */
export function subjects(intended: IntendedAccess) {
  const stranger = strangerAccount(intended.writerAccountId, intended.bucketAccountId);
  return { at: places(intended, stranger), who: callers(intended, stranger) };
}
