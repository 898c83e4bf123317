// Proves a link's policies with a real IAM policy engine: every row generated from the intended
// access (accessRows.ts) evaluated with its full request context (evaluateRow.ts).
import { keyAdministrationStatement } from "../../components/kmsPolicies";
import { POLICY_VERSION, PolicyStatement } from "../../components/policies";
import { WriterNetworkOutputs } from "../../components/stackOutputs";
import { isObjectOwnership } from "../../components/validation";
import { StackRun, ofType, onlyOfType } from "../harness/stacks";
import { accessCases } from "./accessRows";
import { withEngineShim } from "./engineShim";
import { AccessRow, evaluateRow } from "./evaluateRow";
import { LinkDescription, LinkPolicies, LinkKey, LinkVpc, intendedAccess } from "./intendedAccess";
import { PlannedLink } from "./plan";

export interface PlannedDocuments {
  link: LinkDescription;
  policies: LinkPolicies & { trustPolicy: unknown };
}

/**
 * Stand-in ids of an endpoint the stack does not create (no routeTableIds): the proof assumes it
 * holds endpointPolicyStatements, as the writer stack's plan says.
 */
const ASSUMED_ENDPOINT_ID = "vpce-0assumedbythestack";

/** A document of `type`'s `name` input, when the stack registers one such resource. */
function optionalInput(run: StackRun, type: string, name: string): unknown {
  const [found] = ofType(run, type);
  return found ? JSON.parse(found.inputs[name] as string) : undefined;
}

/**
 * The execution role's identity policies as one document: IAM evaluates a role's policies
 * together, and in a VPC the role has two (the upload grant and the network-interface grant).
 */
function plannedIdentityPolicy(writer: StackRun): unknown {
  const documents = ofType(writer, "aws:iam/rolePolicy:RolePolicy").map(
    (policy) => JSON.parse(policy.inputs.policy as string) as { Statement: PolicyStatement[] },
  );
  return { Version: POLICY_VERSION, Statement: documents.flatMap((d) => d.Statement) };
}

/**
 * SSE-KMS: B's key and its policy: the one the stack creates, or for an existing key AWS's
 * default administration statement with the statements the stack says to add.
 */
function plannedKey(bucket: StackRun): { kms?: LinkKey; keyPolicy?: unknown } {
  const keyArn = bucket.outputs.kmsKeyArn as string | undefined;
  if (!keyArn) return {};
  const added = bucket.outputs.keyPolicyStatements as PolicyStatement[] | undefined;
  const keyPolicy =
    optionalInput(bucket, "aws:kms/key:Key", "policy") ??
    (added && {
      Version: POLICY_VERSION,
      Statement: [keyAdministrationStatement(keyArn.split(":")[4]), ...added],
    });
  return { kms: { keyArn }, keyPolicy };
}

/** A function in a VPC: its endpoint (created, or assumed) and its network interfaces. */
function plannedVpc(writer: StackRun): { vpc?: LinkVpc; endpointPolicy?: unknown } {
  const network = writer.outputs.network as WriterNetworkOutputs | undefined;
  if (!network) return {};
  const [, , , region, accountId] = (writer.outputs.functionArn as string).split(":");
  const assumed = writer.outputs.endpointPolicyStatements as PolicyStatement[] | undefined;
  return {
    vpc: {
      vpcId: network.vpcId,
      endpointId: network.gatewayEndpointId ?? ASSUMED_ENDPOINT_ID,
      network: {
        region,
        accountId,
        subnetIds: network.subnetIds,
        securityGroupIds: network.securityGroupIds,
      },
    },
    endpointPolicy:
      optionalInput(writer, "aws:ec2/vpcEndpoint:VpcEndpoint", "policy") ??
      (assumed && { Version: POLICY_VERSION, Statement: assumed }),
  };
}

/** One planned link: its description and the documents each stack would send to AWS. */
export function plannedDocuments({ writer, bucket }: PlannedLink): PlannedDocuments {
  const input = (run: typeof writer.run, type: string, name: string): unknown =>
    JSON.parse(onlyOfType(run, type).inputs[name] as string);
  const state = (type: string) => onlyOfType(writer.run, type).state.arn as string;
  const ownership = onlyOfType(bucket.run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")
    .inputs.rule as { objectOwnership: string };
  if (!isObjectOwnership(ownership.objectOwnership)) {
    throw new Error(`the plan has an unknown objectOwnership ${ownership.objectOwnership}`);
  }
  const key = plannedKey(bucket.run);
  const vpc = plannedVpc(writer.run);
  return {
    link: {
      roleArn: writer.run.outputs.roleArn as string,
      roleUniqueId: writer.run.outputs.roleUniqueId as string,
      sessionName: writer.run.outputs.functionName as string,
      bucketName: bucket.run.outputs.bucketName as string,
      prefix: bucket.run.outputs.uploadPrefix as string,
      bucketAccountId: bucket.accountId,
      objectOwnership: ownership.objectOwnership,
      bucketRegion: bucket.config["aws:region"],
      functionArn: writer.run.outputs.functionArn as string,
      writerResources: {
        logGroupArn: state("aws:cloudwatch/logGroup:LogGroup"),
        failureQueueArn: state("aws:sqs/queue:Queue"),
      },
      ...(key.kms ? { kms: key.kms } : {}),
      ...(vpc.vpc ? { vpc: vpc.vpc } : {}),
    },
    policies: {
      trustPolicy: input(writer.run, "aws:iam/role:Role", "assumeRolePolicy"),
      identityPolicy: plannedIdentityPolicy(writer.run),
      bucketPolicy: input(bucket.run, "aws:s3/bucketPolicy:BucketPolicy", "policy"),
      ...(key.keyPolicy ? { keyPolicy: key.keyPolicy } : {}),
      ...(vpc.endpointPolicy ? { endpointPolicy: vpc.endpointPolicy } : {}),
    },
  };
}

/** The whole access matrix for one link, row by row. */
export async function proveAccess(
  link: LinkDescription,
  policies: LinkPolicies,
): Promise<AccessRow[]> {
  return withEngineShim(async () => {
    const rows: AccessRow[] = [];
    for (const access of accessCases(intendedAccess(link), policies)) {
      rows.push(await evaluateRow(access));
    }
    return rows;
  });
}
