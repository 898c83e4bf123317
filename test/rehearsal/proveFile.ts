// Reads the file that `npm start -- --prove <file>` proves: a link and its hand-written documents.
//   {"link": {"roleArn", "bucketName", "prefix", "bucketAccountId", "objectOwnership",
//    "bucketRegion"}, "trustPolicy", "identityPolicy", "bucketPolicy"}
// With SSE-KMS, "keyPolicy" (and "link.kmsKeyArn"); with a function in a VPC, "endpointPolicy"
// (and optionally "link.vpcEndpointId", "link.vpcId"). Every problem is collected and named by
// its field, with the fix, before anything is proven.
import * as fs from "fs";
import {
  OBJECT_OWNERSHIP_MODES,
  ObjectOwnership,
  accountIdProblem,
  bucketNameProblem,
  kmsKeyArnProblem,
  objectOwnershipProblem,
  prefixProblem,
  regionProblem,
  roleArnAccountId,
  roleArnProblem,
} from "../../components/validation";
import { ec2IdProblem } from "../../components/vpcConfig";
import { LinkDescription, LinkPolicies } from "./intendedAccess";

/** The file cannot be proven; the message names the file and every field at fault. */
export class ProveFileError extends Error {}

export interface ProveInput {
  file: string;
  link: LinkDescription;
  policies: LinkPolicies;
}

const TOP_FIELDS = [
  "link",
  "trustPolicy",
  "identityPolicy",
  "bucketPolicy",
  "keyPolicy",
  "endpointPolicy",
];
const LINK_FIELDS = [
  "roleArn",
  "bucketName",
  "prefix",
  "bucketAccountId",
  "objectOwnership",
  "bucketRegion",
  "roleUniqueId",
  "functionName",
  "kmsKeyArn",
  "vpcEndpointId",
  "vpcId",
];
/** Stand-ins for values only the deployed role and function know; see README. */
const DEFAULT_ROLE_UNIQUE_ID = "AROAEXAMPLEWRITERROLE";
const DEFAULT_FUNCTION_NAME = "uploader";
/** Stand-ins for an endpoint's ids: they matter only to policies that name them. */
const DEFAULT_VPC_ENDPOINT_ID = "vpce-0123456789abcdef0";
const DEFAULT_VPC_ID = "vpc-0123456789abcdef0";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unknownFields(value: Record<string, unknown>, known: string[], where: string): string[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => `${where}${key}: unknown field; the fields are ${known.join(", ")}`);
}

class Fields {
  readonly problems: string[] = [];
  constructor(private readonly value: Record<string, unknown>) {}

  /** A string field; `check` says what is wrong with its value. */
  string(
    name: string,
    check: (value: string) => string | undefined,
    fallback?: string,
  ): string | undefined {
    const value = this.value[name];
    if (value === undefined && fallback !== undefined) return fallback;
    if (value === undefined) {
      this.problems.push(`link.${name}: missing`);
      return undefined;
    }
    if (typeof value !== "string") {
      const hint =
        typeof value === "number"
          ? ' in quotes, e.g. "222222222222" (a JSON number loses leading zeros)'
          : "";
      this.problems.push(`link.${name}: must be a string${hint}`);
      return undefined;
    }
    const problem = check(value);
    if (problem) this.problems.push(`link.${name}: ${problem}`);
    return problem ? undefined : value;
  }
}

/** A policy document: a JSON object with a Statement, or JSON text of one. */
function document(json: Record<string, unknown>, name: string, problems: string[]): unknown {
  let value = json[name];
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch (error) {
      problems.push(`${name}: is text that is not JSON (${(error as Error).message})`);
      return undefined;
    }
  }
  if (!isRecord(value) || value.Statement === undefined) {
    problems.push(
      `${name}: must be a policy document, an object such as {"Version": "2012-10-17", "Statement": [...]}`,
    );
    return undefined;
  }
  return value;
}

function readLink(json: Record<string, unknown>, problems: string[]): LinkDescription | undefined {
  if (!isRecord(json.link)) {
    problems.push(
      'link: missing; give {"roleArn", "bucketName", "prefix", "bucketAccountId", "objectOwnership"}',
    );
    return undefined;
  }
  problems.push(...unknownFields(json.link, LINK_FIELDS, "link."));
  const fields = new Fields(json.link);
  const link = {
    roleArn: fields.string("roleArn", roleArnProblem),
    bucketName: fields.string("bucketName", bucketNameProblem),
    prefix: fields.string("prefix", prefixProblem),
    bucketAccountId: fields.string("bucketAccountId", accountIdProblem),
    // The program's default mode, the first of the modes (components/config.ts).
    objectOwnership: fields.string(
      "objectOwnership",
      objectOwnershipProblem,
      OBJECT_OWNERSHIP_MODES[0],
    ) as ObjectOwnership | undefined,
    roleUniqueId: fields.string(
      "roleUniqueId",
      (id) =>
        /^AROA[0-9A-Z]{4,124}$/.test(id)
          ? undefined
          : `"${id}" is not a role's unique id (AROA...)`,
      DEFAULT_ROLE_UNIQUE_ID,
    ),
    sessionName: fields.string(
      "functionName",
      (name) =>
        /^[\w-]{1,64}$/.test(name) ? undefined : `"${name}" is not a Lambda function name`,
      DEFAULT_FUNCTION_NAME,
    ),
  };
  const bucketRegion =
    json.link.bucketRegion === undefined ? undefined : fields.string("bucketRegion", regionProblem);
  const gates = readGates(json, fields, link.bucketAccountId, bucketRegion, problems);
  problems.push(...fields.problems);
  if (link.roleArn && link.bucketAccountId === roleArnAccountId(link.roleArn)) {
    problems.push(
      "link.roleArn: is in the bucket's own account; this proof is for a writer in another account",
    );
  }
  const complete = Object.values(link).every((value) => value !== undefined);
  return complete
    ? { ...(link as LinkDescription), ...(bucketRegion ? { bucketRegion } : {}), ...gates }
    : undefined;
}

/** The key of SSE-KMS and the endpoint of a VPC, when the file proves those gates. */
function readGates(
  json: Record<string, unknown>,
  fields: Fields,
  bucketAccountId: string | undefined,
  bucketRegion: string | undefined,
  problems: string[],
): Pick<LinkDescription, "kms" | "vpc"> {
  const record = json.link as Record<string, unknown>;
  // The key's region is the bucket's: S3 uses only a key of its own region.
  const keyProblem = (arn: string) => {
    const [, , , region = "", account = ""] = arn.split(":");
    return kmsKeyArnProblem(arn, bucketAccountId ?? account, bucketRegion ?? region);
  };
  const keyArn =
    record.kmsKeyArn === undefined ? undefined : fields.string("kmsKeyArn", keyProblem);
  if (json.keyPolicy !== undefined && record.kmsKeyArn === undefined) {
    problems.push(
      "link.kmsKeyArn: missing; the key policy's key, arn:aws:kms:<bucket region>:<bucket account>:key/<key id>",
    );
  }
  if (json.endpointPolicy === undefined) return keyArn ? { kms: { keyArn } } : {};
  const endpointId = fields.string(
    "vpcEndpointId",
    (id) => ec2IdProblem(id, "vpce"),
    DEFAULT_VPC_ENDPOINT_ID,
  );
  const vpcId = fields.string("vpcId", (id) => ec2IdProblem(id, "vpc"), DEFAULT_VPC_ID);
  return {
    ...(keyArn ? { kms: { keyArn } } : {}),
    ...(endpointId && vpcId ? { vpc: { endpointId, vpcId } } : {}),
  };
}

/** The input of a proof, from parsed JSON; throws ProveFileError naming every bad field. */
export function parseProveInput(json: unknown, file: string): ProveInput {
  const fail = (problems: string[]) =>
    new ProveFileError(`${file}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  if (!isRecord(json)) {
    throw fail(['must be a JSON object {"link", "trustPolicy", "identityPolicy", "bucketPolicy"}']);
  }
  const problems = unknownFields(json, TOP_FIELDS, "");
  const link = readLink(json, problems);
  const identityPolicy = document(json, "identityPolicy", problems);
  const bucketPolicy = document(json, "bucketPolicy", problems);
  const optional = (name: string) =>
    json[name] === undefined ? undefined : document(json, name, problems);
  const trustPolicy = optional("trustPolicy");
  const keyPolicy = optional("keyPolicy");
  const endpointPolicy = optional("endpointPolicy");
  if (problems.length > 0 || !link) throw fail(problems);
  return {
    file,
    link,
    policies: {
      identityPolicy,
      bucketPolicy,
      ...(trustPolicy ? { trustPolicy } : {}),
      ...(keyPolicy ? { keyPolicy } : {}),
      ...(endpointPolicy ? { endpointPolicy } : {}),
    },
  };
}

export function readProveFile(file: string): ProveInput {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ProveFileError(`${file}: cannot be read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ProveFileError(`${file}: is not valid JSON (${(error as Error).message})`);
  }
  return parseProveInput(json, file);
}
