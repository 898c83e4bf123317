import * as assert from "assert";
import { keyPolicy } from "../../components/kmsPolicies";
import { kmsKeyPolicyNoBroadGrants as policy } from "../../policy-pack/policies/kmsKeyPolicyNoBroadGrants";
import { CARRIERS, policyArgs } from "../harness/carriers";
import { UNKNOWN } from "../harness/engineValues";
import {
  ACCOUNT_A,
  ACCOUNT_B,
  GUIDE_BUCKET,
  ROLE_ARN,
  ROOT_ARN,
  Statement,
  sampleKeyPolicy,
  policyDocument,
} from "../harness/policyDocuments";
import { resourceArgs } from "../harness/policyRunner";
import {
  assertHasResourceViolation,
  assertNoResourceViolations,
  assertNotApplicable,
  onlyViolation,
} from "./assertions";
import { describePolicyContract, itFiresOn, itPassesOn } from "./contract";

const key = (changes: Statement) => policyArgs("key", sampleKeyPolicy(changes));
const B_ROOT = `arn:aws:iam::${ACCOUNT_B}:root`;
const FOREIGN = "999999999999";
const FOREIGN_ROOT = `arn:aws:iam::${FOREIGN}:root`;
const B_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT_B}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TAKEN_AS_B = `(the key's account is taken to be ${ACCOUNT_B}, the one account granted every KMS action without a condition; another account granted so cannot be told apart from the owner: set keyAccountIds to the key's account)`;

/** A key policy whose administration statement grants kms:* to `principal` alone. */
const administeredBy = (principal: unknown) =>
  policyDocument({
    Sid: "Admin",
    Effect: "Allow",
    Principal: principal,
    Action: "kms:*",
    Resource: "*",
  });

/** An aws.kms.KeyPolicy of `document` for the key `keyId`. */
const keyPolicyFor = (keyId: unknown, document: unknown, config: Record<string, unknown> = {}) =>
  resourceArgs("aws:kms/keyPolicy:KeyPolicy", { keyId, policy: JSON.stringify(document) }, config);
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
    itFiresOn(policy, key, TAKEN_AS_B, {
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
    it("from the ARN an aws.kms.KeyPolicy gives as keyId: another account's root with kms:* alone is caught", async () => {
      const message = await onlyViolation(
        policy,
        keyPolicyFor(B_KEY_ARN, administeredBy({ AWS: FOREIGN_ROOT })),
      );
      assert.strictEqual(
        message,
        `policy statement "Admin": grants every KMS action to AWS ${FOREIGN_ROOT}; trusts the account root ${FOREIGN_ROOT} (the key's account is ${ACCOUNT_B}, its keyId's). Grant the role ARNs that use the key only the actions they need, e.g. kms:GenerateDataKey and kms:Decrypt with kms:ViaService.`,
      );
    });

    it("from keyId before keyAccountIds, and passes the key's own root with kms:*", async () => {
      const config = { keyAccountIds: [FOREIGN] };
      await assertNoResourceViolations(policy, keyPolicyFor(B_KEY_ARN, sampleKeyPolicy(), config));
    });

    it("from keyAccountIds when keyId is not an ARN, before the document's administration statement", async () => {
      const args = policyArgs("key", sampleKeyPolicy(), { keyAccountIds: [ACCOUNT_A] });
      await assertHasResourceViolation(policy, args, `trusts the account root ${B_ROOT}`);
      await assertHasResourceViolation(policy, args, `grants every KMS action to AWS ${B_ROOT}`);
      const foreign = policyArgs("key", administeredBy({ AWS: FOREIGN_ROOT }), {
        keyAccountIds: [ACCOUNT_B],
      });
      await assertHasResourceViolation(policy, foreign, `trusts the account root ${FOREIGN_ROOT}`);
    });

    it("from the document when keyId is not known during preview, without failing the preview", async () => {
      const document = sampleKeyPolicy({ Principal: { AWS: ROOT_ARN } });
      await assertHasResourceViolation(policy, keyPolicyFor(UNKNOWN, document), TAKEN_AS_B);
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

    it("but cannot tell another account's lone administrator from the owner without keyId or keyAccountIds", async () => {
      await assertNoResourceViolations(
        policy,
        policyArgs("key", administeredBy({ AWS: FOREIGN_ROOT })),
      );
    });
  });

  describe("fires when several accounts are granted every KMS action without a condition: a key has one owner", () => {
    const several = `grants every KMS action without a condition to the roots of 2 accounts, ${ACCOUNT_B}, ${FOREIGN}: a key has one owning account`;
    it("in one statement", async () => {
      const document = administeredBy({ AWS: [B_ROOT, FOREIGN_ROOT] });
      await assertHasResourceViolation(policy, policyArgs("key", document), several);
    });

    it("in two statements, one of them a bare account id", async () => {
      const document = policyDocument(
        ...[B_ROOT, FOREIGN].map((principal, i) => ({
          Sid: `Admin${i}`,
          Effect: "Allow",
          Principal: { AWS: principal },
          Action: "kms:*",
          Resource: "*",
        })),
      );
      const message = await onlyViolation(policy, policyArgs("key", document));
      assert.match(message, new RegExp(`^policy ${several}`));
      assert.match(
        message,
        /set keyAccountIds to the key's account to have each other one reported/,
      );
    });
  });

  it("passes the project's own key policy (components/kmsPolicies.ts) on every key resource type", async () => {
    const bucket = { bucketName: GUIDE_BUCKET, prefix: "inbound/", bucketAccountId: ACCOUNT_B };
    const target = {
      ...bucket,
      objectOwnership: "ObjectWriter" as const,
      bucketRegion: "eu-west-3",
    };
    const document = keyPolicy(target, [{ roleArn: ROLE_ARN }]);
    for (const carrier of CARRIERS.key) {
      await assertNoResourceViolations(
        policy,
        resourceArgs(carrier.type, carrier.props(JSON.stringify(document))),
      );
    }
    await assertNoResourceViolations(policy, keyPolicyFor(B_KEY_ARN, document));
  });

  it("names every reason of a statement in one message", async () => {
    const message = await onlyViolation(
      policy,
      key({ Principal: { AWS: [ROOT_ARN, ROLE_ARN] }, Action: "kms:*" }),
    );
    assert.match(
      message,
      /^policy statement "AllowWriterThroughS3": grants every KMS action to AWS arn:aws:iam::123456789012:root, AWS arn:aws:iam::123456789012:role\/my-lambda-execution-role; trusts the account root arn:aws:iam::123456789012:root \(the key's account is taken to be 222222222222,/,
    );
  });

  it("is not applicable to a key that keeps KMS's default key policy (no policy property)", async () => {
    await assertNotApplicable(policy, resourceArgs("aws:kms/key:Key", { enableKeyRotation: true }));
  });
});
