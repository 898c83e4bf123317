// Who calls and where, for the rows of the access proof: the writer's session and the callers
// that must be refused, the places an object can be, and the permissive counterparts each document
// is proven against. All derived from the intended access, with accounts and names unlike the
// link's own.
import { IntendedAccess } from "./intendedAccess";
import { accountRoot, iamUser, roleSession } from "./requestContext";

const SAMPLE_KEY = "data-20261127T120000.000Z-request.json";
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
}

/** Where objects can be: under the prefix, next to it, in another bucket, in another account. */
function places(intended: IntendedAccess, stranger: string) {
  const { prefix, bucketArn, bucketAccountId } = intended;
  const inBucket = (label: string, keyPrefix: string): Place => ({
    label,
    arn: `${bucketArn}/${keyPrefix}${SAMPLE_KEY}`,
    accountId: bucketAccountId,
  });
  const outside = ["other/", "elsewhere/"].find(
    (p) => !p.startsWith(prefix) && !prefix.startsWith(p),
  );
  // A prefix without a trailing "/" covers its siblings by design ("data" grants "data-x/").
  const sibling = prefix.endsWith("/") ? `${prefix.slice(0, -1)}-x/` : undefined;
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
    },
    otherAccount: {
      label: "in a same-named bucket of another account",
      arn: `${bucketArn}/${prefix}${SAMPLE_KEY}`,
      accountId: stranger,
    },
    bucket: { label: "on the bucket", arn: bucketArn, accountId: bucketAccountId },
  };
}

/** A 12-digit account that is neither A nor B. */
function strangerAccount(intended: IntendedAccess): string {
  const taken = [intended.writerAccountId, intended.bucketAccountId];
  return ["333333333333", "444444444444", "555555555555"].find((a) => !taken.includes(a)) ?? "";
}

function callers(intended: IntendedAccess, stranger: string) {
  const { partition, roleArn, writerAccountId: a, bucketAccountId: b } = intended;
  const roleName = roleArn.split("/").pop() ?? "";
  return {
    writer: roleSession(
      "the writer's Lambda session",
      roleArn,
      intended.roleUniqueId,
      intended.sessionName,
    ),
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
  const stranger = strangerAccount(intended);
  return { at: places(intended, stranger), who: callers(intended, stranger) };
}
