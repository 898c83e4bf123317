// Plausible bugs in the documents of the two extra gates, each applied to the documents the
// program plans for the sse-kms-vpc fixture (SSE-KMS with B's key, a function in a VPC): the key
// policy, the writer's grant on B's keys and network interfaces, the bucket policy's encryption
// Deny and the S3 gateway endpoint's policy. The mutation spec proves each is caught.
import { bucketArn } from "../../components/policies";
import { ObjectOwnership, roleArnAccountId } from "../../components/validation";
import { LinkDescription } from "./intendedAccess";
import { Document, Documents, Mutation, Statement, bySid, DEFAULT_MODE, drop } from "./mutations";

function mutation(
  name: string,
  apply: Mutation["apply"],
  mode: ObjectOwnership = DEFAULT_MODE,
): Mutation {
  return { name, mode, link: "sse-kms-vpc", apply };
}

/** The first statement of a document whose Sid starts with `prefix`. */
function startingWith(document: Document | undefined, prefix: string): Statement {
  const found = document?.Statement.find((s) => String(s.Sid).startsWith(prefix));
  if (!found) throw new Error(`the planned document has no statement ${prefix}...`);
  return found;
}

/** The key policy's grant to the writer role. */
const keyUser = (d: Documents) => startingWith(d.keyPolicy, "AllowBucketKeyUseBy");
/** The identity policy's use of B's keys. */
const keyUse = (d: Documents) => bySid(d.identityPolicy, "UseBucketKeyThroughS3");
const endpoint = (d: Documents) => bySid(d.endpointPolicy, "WriterUploadsUnderTargetPrefix");
const encryptionDeny = (d: Documents) =>
  bySid(d.bucketPolicy, "DenyWriterUploadEncryptedOtherwise");
const createInterfaces = (d: Documents) =>
  bySid(d.identityPolicy, "CreateNetworkInterfacesInFunctionSubnets");

/** The StringEquals block of a statement's Condition, to edit one key of it. */
function stringEquals(statement: Statement): Record<string, unknown> {
  return (statement.Condition as Record<string, Record<string, unknown>>).StringEquals;
}

const regionOf = (link: LinkDescription) => link.kms?.keyArn.split(":")[3] ?? "";

export const KMS_VPC_MUTATIONS: Mutation[] = [
  // Key policy (account B).
  mutation("key policy: kms:* for the writer role", (d) => (keyUser(d).Action = "kms:*")),
  mutation("key policy: kms:CreateGrant for the writer role too", (d) => {
    keyUser(d).Action = [keyUser(d).Action, "kms:CreateGrant"].flat();
  }),
  mutation("key policy: kms:* to account A's root, as a cross-account how-to would", (d, link) => {
    const statement = keyUser(d);
    statement.Principal = { AWS: `arn:aws:iam::${roleArnAccountId(link.roleArn)}:root` };
    statement.Action = "kms:*";
    delete statement.Condition;
  }),
  mutation("key policy: Principal account A's root instead of the role", (d, link) => {
    keyUser(d).Principal = { AWS: `arn:aws:iam::${roleArnAccountId(link.roleArn)}:root` };
  }),
  mutation("key policy: no kms:ViaService condition", (d) => {
    delete stringEquals(keyUser(d))["kms:ViaService"];
  }),
  mutation("key policy: kms:ViaService of another region", (d) => {
    stringEquals(keyUser(d))["kms:ViaService"] = "s3.us-west-2.amazonaws.com";
  }),
  mutation(
    "key policy: the object ARN as encryption context, as without a Bucket Key",
    (d, link) => {
      stringEquals(keyUser(d))["kms:EncryptionContext:aws:s3:arn"] =
        `${bucketArn(link.bucketName)}/*`;
    },
  ),
  mutation("key policy: encryption context of another bucket (a copied policy)", (d, link) => {
    stringEquals(keyUser(d))["kms:EncryptionContext:aws:s3:arn"] =
      `${bucketArn(link.bucketName)}-staging`;
  }),
  mutation("key policy: no encryption-context condition", (d) => {
    delete stringEquals(keyUser(d))["kms:EncryptionContext:aws:s3:arn"];
  }),
  mutation("key policy: encryption context of any bucket (StringLike arn:aws:s3:::*)", (d) => {
    const statement = keyUser(d);
    const { "kms:ViaService": via } = stringEquals(statement);
    statement.Condition = {
      StringEquals: { "kms:ViaService": via },
      StringLike: { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::*" },
    };
  }),
  mutation("key policy: kms:GenerateDataKey only, no kms:Decrypt for multipart", (d) => {
    keyUser(d).Action = "kms:GenerateDataKey";
  }),
  mutation("key policy: B's administration statement dropped", (d) => {
    drop(d.keyPolicy, "AccountBAdministersTheKeyThroughIam");
  }),

  // Identity policy (account A): B's keys.
  mutation("identity policy: kms actions on Resource *", (d) => (keyUse(d).Resource = "*")),
  mutation("identity policy: kms:* on B's keys", (d) => (keyUse(d).Action = "kms:*")),
  mutation("identity policy: no kms:ViaService condition", (d) => {
    delete stringEquals(keyUse(d))["kms:ViaService"];
  }),
  mutation("identity policy: no kms conditions at all", (d) => delete keyUse(d).Condition),
  mutation("identity policy: kms:GenerateDataKey only, no kms:Decrypt for multipart", (d) => {
    keyUse(d).Action = "kms:GenerateDataKey";
  }),
  mutation("identity policy: keys of B's account in another region", (d, link) => {
    keyUse(d).Resource = String(keyUse(d).Resource).replace(regionOf(link), "us-west-2");
  }),

  // Bucket policy (account B): encryption.
  mutation("bucket policy: encryption Deny dropped", (d) => {
    drop(d.bucketPolicy, "DenyWriterUploadEncryptedOtherwise");
  }),
  mutation("bucket policy: encryption Deny without its Null guard", (d) => {
    const deny = encryptionDeny(d);
    const { StringNotEquals } = deny.Condition as Record<string, unknown>;
    deny.Condition = { StringNotEquals };
  }),
  mutation("bucket policy: the usual Deny of s3:x-amz-server-side-encryption != aws:kms", (d) => {
    encryptionDeny(d).Condition = {
      StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
    };
  }),
  mutation("bucket policy: that Deny with a Null guard, aws:kms with any key allowed", (d) => {
    encryptionDeny(d).Condition = {
      StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
      Null: { "s3:x-amz-server-side-encryption": "false" },
    };
  }),

  // S3 gateway endpoint policy (account A).
  mutation("endpoint policy: Action s3:*", (d) => (endpoint(d).Action = "s3:*")),
  mutation("endpoint policy: Resource *", (d) => (endpoint(d).Resource = "*")),
  mutation("endpoint policy: the default full access (*, *, *)", (d) => {
    d.endpointPolicy = {
      Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
    } as Document;
  }),
  mutation("endpoint policy: no aws:PrincipalArn condition", (d) => delete endpoint(d).Condition),
  mutation("endpoint policy: Resource the bucket ARN, no /*", (d, link) => {
    endpoint(d).Resource = bucketArn(link.bucketName);
  }),
  mutation(
    "endpoint policy: s3:PutObject only, though the writer sends an ACL",
    (d) => (endpoint(d).Action = "s3:PutObject"),
    "BucketOwnerPreferred",
  ),

  // Identity policy (account A): network interfaces.
  mutation("identity policy: ec2:CreateNetworkInterface on *", (d) => {
    createInterfaces(d).Resource = "*";
  }),
  mutation("identity policy: AWSLambdaVPCAccessExecutionRole's ec2 actions on *", (d) => {
    drop(d.identityPolicy, "CreateNetworkInterfacesInFunctionSubnets");
    drop(d.identityPolicy, "ManageFunctionNetworkInterfaces");
    bySid(d.identityPolicy, "DescribeNetworkInterfacesAndSubnets").Action = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ];
  }),
  mutation("identity policy: ec2:* on the function's network interfaces", (d) => {
    bySid(d.identityPolicy, "ManageFunctionNetworkInterfaces").Action = "ec2:*";
  }),
  mutation("identity policy: no ec2:DescribeSubnets, as older guides list", (d) => {
    bySid(d.identityPolicy, "DescribeNetworkInterfacesAndSubnets").Action =
      "ec2:DescribeNetworkInterfaces";
  }),
];
