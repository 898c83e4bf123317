import * as assert from "assert";
import { kmsKeyPolicyNoBroadGrants as policy } from "../../policy-pack/policies/kmsKeyPolicyNoBroadGrants";
import { policyArgs } from "../harness/carriers";
import {
  ACCOUNT_A,
  ACCOUNT_B,
  ROLE_ARN,
  ROOT_ARN,
  Statement,
  sampleKeyPolicy,
  policyDocument,
} from "../harness/policyDocuments";
import { resourceArgs } from "../harness/policyRunner";
import { assertHasResourceViolation, assertNotApplicable, onlyViolation } from "./assertions";
import { describePolicyContract, itFiresOn, itPassesOn } from "./contract";

const key = (changes: Statement) => policyArgs("key", sampleKeyPolicy(changes));
const B_ROOT = `arn:aws:iam::${ACCOUNT_B}:root`;
const THROUGH_EC2 = {
  "kms:CallerAccount": ACCOUNT_B,
  "kms:ViaService": "ec2.us-east-1.amazonaws.com",
};

describe("policy kms-key-policy-no-broad-grants", () => {
  describePolicyContract(policy, "advisory", ["key"], {
    fires: () => sampleKeyPolicy({ Action: "kms:*" }),
    message: `grants every KMS action to AWS ${ROLE_ARN}`,
    passes: () => sampleKeyPolicy(),
  });

  describe("fires on a statement that grants kms:* beyond the key's root or trusts another account", () => {
    itFiresOn(policy, key, "(the key's account is 222222222222)", {
      "kms:* to the writer role": { Action: "kms:*" },
      "* to the writer role": { Action: "*" },
      "NotAction to the writer role": { Action: undefined, NotAction: "kms:ScheduleKeyDeletion" },
      "the root of the writer's account": { Principal: { AWS: ROOT_ARN } },
      "the writer's account as a bare id": { Principal: { AWS: ACCOUNT_A } },
      "everyone, unrestricted": { Principal: "*", Condition: undefined },
      "everyone in another account (kms:CallerAccount)": {
        Principal: { AWS: "*" },
        Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT_A } },
      },
    });
  });

  describe("passes the grants AWS documents for a key's own account and named roles", () => {
    itPassesOn(policy, key, {
      "the writer role with named actions through S3": {},
      "everyone in the key's account through one service (AWS managed keys)": {
        Principal: { AWS: "*" },
        Condition: { StringEquals: THROUGH_EC2 },
      },
      "the key's own root with named actions": { Principal: { AWS: B_ROOT } },
      "a Deny of kms:* to everyone": { Effect: "Deny", Principal: "*", Action: "kms:*" },
    });
  });

  describe("knows the key's account", () => {
    it("from keyAccountIds, before the document's administration statement", async () => {
      const args = policyArgs("key", sampleKeyPolicy(), { keyAccountIds: [ACCOUNT_A] });
      await assertHasResourceViolation(policy, args, `trusts the account root ${B_ROOT}`);
      await assertHasResourceViolation(policy, args, `grants every KMS action to AWS ${B_ROOT}`);
    });

    it("and asks for keyAccountIds when the document names no administering root", async () => {
      const statement = { Effect: "Allow", Principal: { AWS: ROOT_ARN }, Action: "kms:Decrypt" };
      const document = policyDocument({ ...statement, Resource: "*" });
      const message = await onlyViolation(policy, policyArgs("key", document));
      assert.match(
        message,
        /trusts the account root arn:aws:iam::123456789012:root \(set keyAccountIds to the key's account\)/,
      );
    });
  });

  it("names every reason of a statement in one message", async () => {
    const message = await onlyViolation(
      policy,
      key({ Principal: { AWS: [ROOT_ARN, ROLE_ARN] }, Action: "kms:*" }),
    );
    assert.match(
      message,
      /^policy statement "AllowWriterThroughS3": grants every KMS action to AWS arn:aws:iam::123456789012:root, AWS arn:aws:iam::123456789012:role\/my-lambda-execution-role; trusts the account root arn:aws:iam::123456789012:root \(the key's account is 222222222222\)/,
    );
  });

  it("is not applicable to a key that keeps KMS's default key policy (no policy property)", async () => {
    await assertNotApplicable(policy, resourceArgs("aws:kms/key:Key", { enableKeyRotation: true }));
  });
});
