import * as assert from "assert";
import { noAccountRootPrincipal as policy } from "../../policy-pack/policies/noAccountRootPrincipal";
import { bucketPolicyArgs, guideBucketArgs as guide } from "../harness/carriers";
import {
  ACCOUNT_A,
  GUIDE_UPLOAD_STATEMENT,
  ROLE_ARN,
  ROOT_ARN,
  guideBucketPolicy,
  policyDocument,
} from "../harness/policyDocuments";
import { runPolicy } from "../harness/policyRunner";
import { assertNoResourceViolations, onlyViolation } from "./assertions";
import { describePolicyContract, itFiresOn, itPassesOn } from "./contract";

const everyone = (condition: Record<string, unknown>) => ({ Principal: "*", Condition: condition });

describe("policy s3-bucket-policy-no-account-root-principal", () => {
  describePolicyContract(policy, "mandatory", ["bucket", "accessPoint"], {
    fires: { Principal: { AWS: ROOT_ARN } },
    message: "Use the Lambda execution role ARN, not the account root",
  });

  describe("fires on an Allow statement that trusts a whole account", () => {
    itFiresOn(policy, guide, `account ${ACCOUNT_A}`, {
      "a root ARN": { Principal: { AWS: ROOT_ARN } },
      "a bare 12-digit account id": { Principal: { AWS: ACCOUNT_A } },
      "a root ARN among role ARNs": { Principal: { AWS: [ROLE_ARN, ROOT_ARN] } },
      "a GovCloud root ARN": { Principal: { AWS: `arn:aws-us-gov:iam::${ACCOUNT_A}:root` } },
      "an ISO-B root ARN": { Principal: { AWS: `arn:aws-iso-b:iam::${ACCOUNT_A}:root` } },
      "a root ARN with a condition that names one role": {
        Principal: { AWS: ROOT_ARN },
        Condition: { ArnEquals: { "aws:PrincipalArn": ROLE_ARN } },
      },
      '"*" pinned only by aws:PrincipalAccount': everyone({
        StringEquals: { "aws:PrincipalAccount": ACCOUNT_A },
      }),
      '{"AWS": "*"} pinned only by aws:SourceAccount': {
        Principal: { AWS: "*" },
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT_A } },
      },
      '"*" with ArnLike aws:PrincipalArn on every principal of the account': everyone({
        ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_A}:*` },
      }),
      '"*" with StringLike aws:PrincipalArn on every role of the account': everyone({
        StringLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_A}:role/*` },
      }),
      '"*" with ArnLike aws:PrincipalArn role* (* spans /, so every role)': everyone({
        ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_A}:role*` },
      }),
      '"*" with ArnLike aws:PrincipalArn user* (every user)': everyone({
        ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_A}:user*` },
      }),
      '"*" with ArnLike aws:PrincipalArn role* under a wildcard service (* matches iam)': everyone({
        ArnLike: { "aws:PrincipalArn": `arn:aws:*::${ACCOUNT_A}:role*` },
      }),
      '"*" with ArnLike aws:PrincipalArn user/* under service i?m': everyone({
        ArnLike: { "aws:PrincipalArn": `arn:aws:i?m::${ACCOUNT_A}:user/*` },
      }),
      '"*" with ArnLike aws:PrincipalArn on every assumed-role session': everyone({
        ArnLike: { "aws:PrincipalArn": `arn:aws:sts::${ACCOUNT_A}:assumed-role/*` },
      }),
      '"*" pinned to an account beside a condition that admits everyone': everyone({
        StringEquals: { "aws:PrincipalAccount": ACCOUNT_A },
        StringLike: { "aws:PrincipalOrgID": "o-*" },
      }),
    });
  });

  describe("passes principals narrower than an account, and statements it does not judge", () => {
    itPassesOn(policy, guide, {
      "a role ARN": {},
      "an assumed-role session ARN": {
        Principal: { AWS: `arn:aws:sts::${ACCOUNT_A}:assumed-role/r/s` },
      },
      "a user named root": { Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:user/root` } },
      "an 11-digit number": { Principal: { AWS: "12345678901" } },
      "a service principal": { Principal: { Service: "lambda.amazonaws.com" } },
      "an account id under Service": { Principal: { Service: ACCOUNT_A } },
      "a placeholder account (arn:aws:iam::elb-account-id:root)": {
        Principal: { AWS: "arn:aws:iam::elb-account-id:root" },
      },
      '"*" pinned to an account and to one role': everyone({
        StringEquals: { "aws:PrincipalAccount": ACCOUNT_A },
        ArnEquals: { "aws:PrincipalArn": ROLE_ARN },
      }),
      '"*" with ArnLike aws:PrincipalArn on roles under one path': everyone({
        ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_A}:role/uploaders/*` },
      }),
      '"*" with ArnLike aws:PrincipalArn on roles named with a prefix': everyone({
        ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_A}:role/uploader-*` },
      }),
      '"*" with ArnLike aws:PrincipalArn on roles ending in a name': everyone({
        ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_A}:role*uploader` },
      }),
      '"*" restricted to an organization (the public rule judges it)': everyone({
        StringEquals: { "aws:PrincipalOrgID": "o-abc123" },
      }),
      '"*" with no condition (the public rule judges it)': { Principal: "*" },
      "a Deny naming an account root": { Effect: "Deny", Principal: { AWS: ROOT_ARN } },
      "NotPrincipal (its own rule judges it)": {
        Principal: undefined,
        NotPrincipal: { AWS: ROOT_ARN },
      },
    });
  });

  it("reports every root entry of a statement, one message each", async () => {
    const { violations } = await runPolicy(
      policy,
      guide({ Principal: { AWS: [ROOT_ARN, "210987654321"] } }),
    );
    assert.strictEqual(violations.length, 2);
  });

  describe("messages", () => {
    it("name the statement by Sid and give the fix", async () => {
      const message = await onlyViolation(policy, guide({ Principal: { AWS: ROOT_ARN } }));
      assert.match(
        message,
        /^policy statement "AllowCrossAccountUpload": Principal arn:aws:iam::123456789012:root is the account root/,
      );
      assert.match(message, /arn:aws:iam::123456789012:role\/<lambda-execution-role>/);
    });

    it("name a statement without Sid by its index, and keep the principal's partition", async () => {
      const document = policyDocument(GUIDE_UPLOAD_STATEMENT, {
        ...GUIDE_UPLOAD_STATEMENT,
        Sid: undefined,
        Principal: { AWS: `arn:aws-cn:iam::${ACCOUNT_A}:root` },
      });
      const message = await onlyViolation(policy, bucketPolicyArgs(document));
      assert.match(message, /^policy Statement\[1\]: /);
      assert.match(message, /arn:aws-cn:iam::123456789012:role\/<lambda-execution-role>/);
    });

    it("say that a bare account id means the account root", async () => {
      const message = await onlyViolation(policy, guide({ Principal: { AWS: ACCOUNT_A } }));
      assert.match(
        message,
        /Principal 123456789012 is a bare account id, the same as that account's root/,
      );
    });

    it('say which condition pins "*" to which account', async () => {
      const message = await onlyViolation(
        policy,
        guide(everyone({ StringEquals: { "aws:PrincipalAccount": ACCOUNT_A } })),
      );
      assert.match(
        message,
        /Principal "\*" restricted only by aws:PrincipalAccount to account 123456789012 trusts every role and user in it, exactly like its root/,
      );
    });
  });

  describe("exemptAccountIds", () => {
    it("exempts the accounts listed, as roots and as root-equivalents", async () => {
      const config = { exemptAccountIds: [ACCOUNT_A] };
      const pinned = everyone({ StringEquals: { "aws:PrincipalAccount": ACCOUNT_A } });
      await assertNoResourceViolations(policy, bucketPolicyArgs(guideBucketPolicy(pinned), config));
      const document = guideBucketPolicy({ Principal: { AWS: [ROOT_ARN, "210987654321"] } });
      const message = await onlyViolation(policy, bucketPolicyArgs(document, config));
      assert.match(message, /account 210987654321/);
    });

    it("defaults to no exemption", () => {
      assert.deepStrictEqual(policy.configSchema?.properties.exemptAccountIds?.default, []);
    });
  });
});
