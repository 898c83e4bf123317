// The shipped Pulumi.account-*.yaml are examples the user overwrites. These specs check only what
// must hold whatever values they carry, and run the same checks on a copy changed the way the
// README's `pulumi config set` steps change it, and on a hand-written user's fixture.
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { ACME_STACKS, PROJECT_ROOT } from "../harness/paths";
import { stackFileConfig, stackAccountId } from "../harness/stackFiles";
import { StackRun, onlyOfType, runStackPair } from "../harness/stacks";
import { USER_VALUES, userStackFiles } from "../harness/userStacks";

/** No registration may carry file contents: the state stays small. */
const MAX_WIRE_INPUT_BYTES = 10_000;

const STACK_SETS: { title: string; dir: () => string }[] = [
  { title: "the shipped stack files", dir: () => PROJECT_ROOT },
  {
    title: "the shipped stack files after the README's pulumi config set with a user's values",
    dir: () => userStackFiles(),
  },
  {
    title: "a Pulumi Cloud user's hand-written stack files (fixture acme)",
    dir: () => ACME_STACKS,
  },
];

for (const { title, dir: makeDir } of STACK_SETS) {
  describe(title, () => {
    let dir: string;
    let writer: StackRun;
    let bucket: StackRun;
    before(async () => {
      dir = makeDir();
      ({ writer, bucket } = await runStackPair(dir));
    });

    it("parse, validate, and make account-a the writer and account-b the bucket", () => {
      assert.strictEqual(writer.outputs.side, "writer");
      assert.strictEqual(bucket.outputs.side, "bucket");
    });

    it("agree: the bucket trusts exactly the writer's role, for the writer's bucket and prefix", () => {
      const target = writer.outputs.target as { bucketName: string; prefix: string };
      assert.deepStrictEqual(bucket.outputs.writerRoleArns, [writer.outputs.roleArn]);
      assert.strictEqual(bucket.outputs.bucketName, target.bucketName);
      assert.strictEqual(bucket.outputs.uploadPrefix, target.prefix);
    });

    it("deploy each side into its own stack's account", () => {
      const writerAccount = stackAccountId(stackFileConfig("account-a", dir));
      const bucketAccount = stackAccountId(stackFileConfig("account-b", dir));
      assert.strictEqual(String(writer.outputs.roleArn).split(":")[4], writerAccount);
      const target = writer.outputs.target as { bucketAccountId: string };
      assert.strictEqual(target.bucketAccountId, bucketAccount);
    });

    it("send the engine no file contents: the function's code is an archive by path", () => {
      const code = onlyOfType(writer, "aws:lambda/function:Function").wireInputs.code as Record<
        string,
        unknown
      >;
      assert.strictEqual(code[pulumi.runtime.specialSigKey], pulumi.runtime.specialArchiveSig);
      assert.strictEqual(typeof code.path, "string");
      for (const resource of [...writer.resources, ...bucket.resources]) {
        const bytes = JSON.stringify(resource.wireInputs).length;
        assert.ok(bytes < MAX_WIRE_INPUT_BYTES, `${resource.type} sends ${bytes} bytes`);
      }
    });
  });
}

describe("the user's copy really carries the user's values", () => {
  it("other accounts, region, bucket, prefix and org, account ids stored as numbers", () => {
    const dir = userStackFiles();
    const writer = stackFileConfig("account-a", dir);
    const bucket = stackFileConfig("account-b", dir);
    assert.strictEqual(writer["aws:allowedAccountIds"], `[${USER_VALUES.writerAccount}]`);
    assert.strictEqual(bucket["aws:allowedAccountIds"], `[${USER_VALUES.bucketAccount}]`);
    assert.strictEqual(bucket["aws:region"], USER_VALUES.region);
    assert.strictEqual(bucket["cross-account-s3-upload:bucketName"], USER_VALUES.bucketName);
    assert.strictEqual(bucket["cross-account-s3-upload:prefix"], USER_VALUES.prefix);
    assert.strictEqual(
      bucket["cross-account-s3-upload:writerStacks"],
      JSON.stringify([USER_VALUES.writerStack]),
    );
  });
});
