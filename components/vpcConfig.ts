// The writer's `vpc` configuration: the function's VPC, its subnets, and optionally its security
// groups and the route tables an S3 gateway endpoint goes on. Pure checks, each problem naming
// the key (e.g. `vpc.subnetIds[1]`) and the fix.
import { pathSetCommand } from "./configReader";

export interface VpcConfig {
  vpcId: string;
  /** Subnets of the function's network interfaces; two or more Availability Zones advised. */
  subnetIds: string[];
  /**
   * Absent: the stack creates a security group that allows only HTTPS out. Present: the stack
   * adds a rule-less group of its own that holds `pulumi destroy` back (writerNetwork.ts).
   */
  securityGroupIds?: string[];
  /** Present: the stack creates an S3 gateway endpoint on these route tables. */
  routeTableIds?: string[];
}

export interface VpcProblem {
  /** The key under `vpc`, e.g. "vpc.subnetIds[0]". */
  key: string;
  text: string;
  fix: string;
}

/** Lambda's limits for one function's VPC configuration (Lambda API reference, VpcConfig). */
const MAX_SUBNETS = 16;
const MAX_FUNCTION_SECURITY_GROUPS = 5;

const VPC_ID_EXAMPLE = "vpc-0123456789abcdef0";
const LISTS = {
  subnetIds: {
    prefix: "subnet",
    max: MAX_SUBNETS,
    why: `Lambda takes at most ${MAX_SUBNETS}`,
    fewer: "list fewer subnets",
    example: "subnet-0123456789abcdef0",
  },
  securityGroupIds: {
    prefix: "sg",
    max: MAX_FUNCTION_SECURITY_GROUPS - 1,
    why:
      `Lambda takes at most ${MAX_FUNCTION_SECURITY_GROUPS} per function and the stack adds ` +
      "its own release-guard group, which keeps pulumi destroy from removing the role before " +
      "Lambda has deleted the function's network interfaces",
    fewer: `list at most ${MAX_FUNCTION_SECURITY_GROUPS - 1} groups: merge the rules of two of yours into one`,
    example: "sg-0123456789abcdef0",
  },
  routeTableIds: {
    prefix: "rtb",
    max: Infinity,
    why: "",
    fewer: "",
    example: "rtb-0123456789abcdef0",
  },
} as const;
type ListField = keyof typeof LISTS;
const FIELDS = ["vpcId", ...Object.keys(LISTS)];

/** An EC2 id of the given kind: `<prefix>-` and 8 or 17 hex digits. */
export function ec2IdProblem(id: unknown, prefix: string): string | undefined {
  if (typeof id === "string" && new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(id)) {
    return undefined;
  }
  return `${JSON.stringify(id)} is not a ${prefix} id; write e.g. ${prefix}-0123456789abcdef0`;
}

function readList(
  value: Record<string, unknown>,
  field: ListField,
  problems: VpcProblem[],
): string[] | undefined {
  const raw = value[field];
  const { prefix, max, why, fewer, example } = LISTS[field];
  if (raw === undefined) return undefined;
  const key = `vpc.${field}`;
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push({
      key,
      text: "must be a non-empty list of ids",
      fix: `${pathSetCommand(`${key}[0]`, example)}, or remove it`,
    });
    return undefined;
  }
  if (raw.length > max) {
    problems.push({
      key,
      text: `lists ${raw.length} ids, more than ${max}: ${why}`,
      fix: fewer,
    });
  }
  raw.forEach((id, index) => {
    const problem =
      ec2IdProblem(id, prefix) ?? (raw.indexOf(id) < index ? "is listed twice" : undefined);
    if (problem) {
      problems.push({
        key: `${key}[${index}]`,
        text: problem,
        fix: pathSetCommand(`${key}[${index}]`, example),
      });
    }
  });
  return raw.filter((id): id is string => typeof id === "string");
}

/** The `vpc` value as `Config.getObject` returns it; undefined when the key is not set. */
export function readVpcConfig(value: unknown): { vpc?: VpcConfig; problems: VpcProblem[] } {
  if (value === undefined) return { problems: [] };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      problems: [
        {
          key: "vpc",
          text: `must be a map {"vpcId", "subnetIds", "securityGroupIds", "routeTableIds"}, got ${JSON.stringify(value)}`,
          fix: `${pathSetCommand("vpc.vpcId", VPC_ID_EXAMPLE)} and ${pathSetCommand("vpc.subnetIds[0]", LISTS.subnetIds.example)}`,
        },
      ],
    };
  }
  const fields = value as Record<string, unknown>;
  const problems: VpcProblem[] = Object.keys(fields)
    .filter((field) => !FIELDS.includes(field))
    .map((field) => ({
      key: `vpc.${field}`,
      text: `is not a field of vpc; the fields are ${FIELDS.join(", ")}`,
      fix: `pulumi config rm --path 'vpc.${field}'`,
    }));
  const vpcProblem =
    fields.vpcId === undefined
      ? "is required: the VPC of the function's subnets"
      : ec2IdProblem(fields.vpcId, "vpc");
  if (vpcProblem) {
    problems.push({
      key: "vpc.vpcId",
      text: vpcProblem,
      fix: pathSetCommand("vpc.vpcId", VPC_ID_EXAMPLE),
    });
  }
  const subnetIds = readList(fields, "subnetIds", problems);
  if (fields.subnetIds === undefined) {
    problems.push({
      key: "vpc.subnetIds",
      text: "is required: the subnets the function's network interfaces go in",
      fix: pathSetCommand("vpc.subnetIds[0]", LISTS.subnetIds.example),
    });
  }
  const securityGroupIds = readList(fields, "securityGroupIds", problems);
  const routeTableIds = readList(fields, "routeTableIds", problems);
  if (problems.length > 0 || !subnetIds) return { problems };
  return {
    vpc: {
      vpcId: fields.vpcId as string,
      subnetIds,
      ...(securityGroupIds ? { securityGroupIds } : {}),
      ...(routeTableIds ? { routeTableIds } : {}),
    },
    problems,
  };
}
