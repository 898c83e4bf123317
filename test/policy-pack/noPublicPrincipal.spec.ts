import * as assert from "assert";
import { noPublicPrincipal as policy } from "../../policy-pack/policies/noPublicPrincipal";
import { bucketPolicyArgs, guideBucketArgs as guide } from "../harness/carriers";
import {
  ROLE_ARN,
  TLS_DENY_STATEMENT,
  guideBucketPolicy,
  policyDocument,
} from "../harness/policyDocuments";
import { assertHasResourceViolation, onlyViolation } from "./assertions";
import { describePolicyContract, itFiresOn, itPassesOn } from "./contract";

const ORG = { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } };
/** The guide's statement open to everyone, under `condition`. */
const open = (condition?: Record<string, unknown>) => ({ Principal: "*", Condition: condition });

describe("policy s3-bucket-policy-no-public-principal", () => {
  describePolicyContract(policy, "mandatory", ["bucket", "accessPoint"], {
    fires: { Principal: "*" },
    message: "allows everyone",
  });

  describe("fires on an Allow to everyone that no condition restricts", () => {
    itFiresOn(policy, guide, "allows everyone", {
      'Principal {"AWS": "*"}': { Principal: { AWS: "*" } },
      '"*" among role ARNs': { Principal: { AWS: [ROLE_ARN, "*"] } },
      "a condition on a key that does not describe the caller": open({
        Bool: { "aws:SecureTransport": "true" },
      }),
      "a negated operator": open({ StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" } }),
      "an IfExists operator": open({
        StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" },
      }),
      "ForAllValues:": open({
        "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123" },
      }),
      "StringLike with a bare *": open({ StringLike: { "aws:PrincipalArn": "*" } }),
      "StringLike where one value is a bare *": open({
        StringLike: { "aws:PrincipalArn": [ROLE_ARN, "*"] },
      }),
      "a principal ARN with a wildcard account": open({
        ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" },
      }),
      "an organization id by wildcard (o-*)": open({
        StringLike: { "aws:PrincipalOrgID": "o-*" },
      }),
      "an organization path by wildcard": open({
        "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-*/*" },
      }),
      "every VPC endpoint (vpce-*)": open({ StringLike: { "aws:SourceVpce": "vpce-*" } }),
      "every user id (*:*)": open({ StringLike: { "aws:userid": "*:session" } }),
      "IpAddress 0.0.0.0/0": open({ IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }),
      "IpAddress split into halves that cover every IPv4 address": open({
        IpAddress: { "aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"] },
      }),
      "IpAddress covering every IPv6 address": open({
        IpAddress: { "aws:SourceIp": ["::/1", "8000::/1"] },
      }),
    });
  });

  describe("passes an Allow to everyone that a condition restricts", () => {
    itPassesOn(policy, guide, {
      "aws:PrincipalOrgID under StringEquals": open(ORG),
      "a condition key in another case": open({
        StringEquals: { "AWS:principalorgid": "o-abc123" },
      }),
      "ForAnyValue:StringLike on an organization path": open({
        "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abc123/r-1/ou-2/*" },
      }),
      "StringEquals with a literal o-* (it admits only that exact id)": open({
        StringEquals: { "aws:PrincipalOrgID": "o-*" },
      }),
      "aws:SourceVpce": open({ StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } }),
      "aws:PrincipalArn under ArnLike, one role prefix": open({
        ArnLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/uploader-*" },
      }),
      "an office IP range": open({ IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }),
      "half of the IPv4 addresses": open({ IpAddress: { "aws:SourceIp": "0.0.0.0/1" } }),
      "access points of one account (AWS's delegation example)": open({
        StringEquals: { "s3:DataAccessPointAccount": "111122223333" },
      }),
      "a whole account (the root-principal rule judges it)": open({
        StringEquals: { "aws:PrincipalAccount": "111122223333" },
      }),
      "a Deny to everyone": { Principal: "*", Effect: "Deny" },
    });
  });

  it("names the statement and the fix", async () => {
    const document = policyDocument(TLS_DENY_STATEMENT, {
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::b/*",
    });
    const message = await onlyViolation(policy, bucketPolicyArgs(document));
    assert.match(message, /^policy Statement\[1\]: allows everyone, anonymous callers included/);
    assert.match(message, /Name the Lambda execution role ARN under Principal.AWS/);
  });

  it("takes the restricting condition keys from restrictingConditionKeys", async () => {
    const args = bucketPolicyArgs(guideBucketPolicy(open(ORG)), {
      restrictingConditionKeys: ["aws:SourceVpce"],
    });
    await assertHasResourceViolation(policy, args, "allows everyone");
  });
});
