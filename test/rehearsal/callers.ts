// Who makes a request, as the IAM engine needs it: the principal it matches, how it signs, and the
// keys AWS derives from its identity. The engine derives none of them (aws:PrincipalArn,
// aws:userid, ... are taken as given), so each caller carries its own.

/**
 * How a caller signs: a role session's temporary credentials, an IAM user's or the root's access
 * keys, or an AWS service as itself (the Lambda service assuming the execution role).
 */
export type Credentials = "temporary" | "long-term" | "service";

export interface Caller {
  /** How rows name it, e.g. "the writer's Lambda session". */
  label: string;
  principal: string;
  accountId: string;
  credentials: Credentials;
  keys: Record<string, string>;
  /** The Lambda function whose execution environment holds the caller's credentials. */
  functionArn?: string;
  /** The S3 gateway endpoint every S3 request of the caller goes through: its code runs in a VPC. */
  s3Endpoint?: S3Endpoint;
}

export interface S3Endpoint {
  endpointId: string;
  vpcId: string;
}

function arnParts(arn: string): { partition: string; accountId: string; resource: string } {
  const [, partition, , , accountId, ...rest] = arn.split(":");
  return { partition, accountId, resource: rest.join(":") };
}

/** An IAM principal: the ARN the engine matches and the keys AWS derives from the identity. */
function iamCaller(
  label: string,
  principal: string,
  principalArn: string,
  type: string,
  userid: string,
  credentials: Credentials,
  extraKeys: Record<string, string> = {},
): Caller {
  const { accountId } = arnParts(principalArn);
  return {
    label,
    principal,
    accountId,
    credentials,
    keys: {
      "aws:PrincipalArn": principalArn,
      "aws:PrincipalAccount": accountId,
      "aws:PrincipalType": type,
      "aws:userid": userid,
      "aws:PrincipalIsAWSService": "false",
      ...extraKeys,
    },
  };
}

/**
 * A session of an IAM role, as Lambda's assumed role makes every request: aws:PrincipalArn is the
 * role's ARN, aws:userid its unique id and the session name. `functionArn` names the function
 * whose execution environment holds the session, for a Lambda execution role.
 */
export function roleSession(
  label: string,
  roleArn: string,
  roleUniqueId: string,
  sessionName: string,
  functionArn?: string,
): Caller {
  const { partition, accountId, resource } = arnParts(roleArn);
  // A session ARN names the role without its path.
  const roleName = resource.split("/").pop() ?? resource;
  const session = `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
  const caller = iamCaller(
    label,
    session,
    roleArn,
    "AssumedRole",
    `${roleUniqueId}:${sessionName}`,
    "temporary",
  );
  return functionArn ? { ...caller, functionArn } : caller;
}

/** An IAM user with its access keys. */
export function iamUser(
  label: string,
  partition: string,
  accountId: string,
  name: string,
  uniqueId: string,
): Caller {
  const arn = `arn:${partition}:iam::${accountId}:user/${name}`;
  return iamCaller(label, arn, arn, "User", uniqueId, "long-term", { "aws:username": name });
}

export function accountRoot(label: string, partition: string, accountId: string): Caller {
  const arn = `arn:${partition}:iam::${accountId}:root`;
  return iamCaller(label, arn, arn, "Account", accountId, "long-term");
}

/** An AWS service principal acting as itself, e.g. lambda.amazonaws.com assuming a role. */
export function awsService(service: string): Caller {
  return {
    label: service,
    principal: service,
    accountId: "",
    credentials: "service",
    keys: { "aws:PrincipalIsAWSService": "true", "aws:PrincipalServiceName": service },
  };
}
