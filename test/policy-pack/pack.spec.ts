// Properties of the pack as a whole: names, default levels, configuration, and that no input,
// however odd, makes any policy throw anything but the preview-time UnknownValueError.
import { ResourceValidationPolicy } from "@pulumi/policy";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policy-pack/policies";
import { CARRIERS, KINDS } from "../harness/carriers";
import { secret } from "../harness/engineValues";
import { ROOT_ARN, guideBucketPolicy, guideIdentityPolicy } from "../harness/policyDocuments";
import { resourceArgs, runPolicy } from "../harness/policyRunner";

const DEFAULT_LEVELS = {
  "s3-bucket-policy-no-account-root-principal": "mandatory",
  "s3-bucket-policy-object-resources-end-with-slash-star": "mandatory",
  "s3-bucket-policy-no-public-principal": "mandatory",
  "s3-bucket-policy-no-allow-with-not-principal": "mandatory",
  "s3-bucket-policy-no-wildcard-actions": "advisory",
  "s3-bucket-policy-deny-insecure-transport": "advisory",
  "iam-policy-s3-object-resources-end-with-slash-star": "mandatory",
  "policy-document-well-formed": "mandatory",
  "s3-object-resource-folder-without-slash-star": "advisory",
  "kms-key-policy-no-broad-grants": "advisory",
  "vpc-endpoint-policy-no-full-s3-access": "advisory",
};

/** Documents and values no policy may crash on. */
const ODD_DOCUMENTS: unknown[] = [
  "",
  "{",
  "null",
  "42",
  "[]",
  "{}",
  { Statement: null },
  { Statement: {} },
  { Statement: [null, 1, "x", [], {}] },
  { Statement: { Effect: "Allow" } },
  {
    Statement: [
      { Effect: "Allow", Principal: null, Action: null, Resource: null, Condition: null },
    ],
  },
  {
    Statement: [
      { Effect: "Allow", Principal: { AWS: [null, {}, []] }, Action: [{}], Resource: [[]] },
    ],
  },
  {
    Statement: [
      { Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: null } },
    ],
  },
  {
    Statement: [{ Effect: "Allow", NotPrincipal: 7, NotAction: 7, NotResource: 7, Condition: [] }],
  },
  {
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "*",
        Resource: "*",
        Condition: { StringEquals: { k: [null] } },
      },
    ],
  },
  42,
  true,
  ["not", "a", "document"],
];

function defaultsOf(policy: ResourceValidationPolicy): Record<string, unknown> {
  const properties = policy.configSchema?.properties ?? {};
  return Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [
      key,
      typeof schema === "object" ? schema.default : undefined,
    ]),
  );
}

/** Every entry of a configuration file names a policy, a level and options of its schema. */
function checkConfiguration(file: string): void {
  const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const levels = ["advisory", "mandatory", "disabled"];
  for (const [name, value] of Object.entries(config)) {
    const policy = policies.find((p) => p.name === name);
    assert.ok(policy, `no policy named ${name}`);
    if (typeof value === "string") {
      assert.ok(levels.includes(value), `${name}: ${value}`);
      continue;
    }
    const { enforcementLevel, ...options } = value as Record<string, unknown>;
    assert.ok(levels.includes(String(enforcementLevel)), `${name}: ${enforcementLevel}`);
    const schemas = policy.configSchema?.properties ?? {};
    for (const [key, option] of Object.entries(options)) {
      const schema = schemas[key];
      assert.ok(typeof schema === "object", `${name} has no option ${key}`);
      const type = Array.isArray(option) ? "array" : typeof option;
      assert.strictEqual(type, schema.type, `${name}.${key}`);
    }
  }
}

describe("the policy pack", () => {
  it("has the documented policies with the documented default enforcement levels", () => {
    assert.deepStrictEqual(
      Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel])),
      DEFAULT_LEVELS,
    );
  });

  it("gives every policy a sentence of description, a severity and remediation steps", () => {
    for (const policy of policies) {
      assert.match(policy.description, /^[A-Z].*\.$/, policy.name);
      assert.ok(policy.severity, policy.name);
      assert.ok(policy.remediationSteps, policy.name);
    }
  });

  it("leaves enforcementLevel out of every config schema, as the policy server demands", () => {
    for (const policy of policies) {
      assert.ok(!policy.configSchema?.properties.enforcementLevel, policy.name);
    }
  });

  it("gives every configuration property a default and a description", () => {
    for (const policy of policies) {
      for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        assert.ok(
          typeof schema === "object" && schema.default !== undefined,
          `${policy.name}.${key}`,
        );
        assert.ok(typeof schema === "object" && schema.description, `${policy.name}.${key}`);
      }
    }
  });

  it("judges a document the same with the schema defaults sent as configuration as with none", async () => {
    const args = (config: Record<string, unknown>) => [
      resourceArgs(
        "aws:s3/bucketPolicy:BucketPolicy",
        {
          policy: JSON.stringify(
            guideBucketPolicy({ Principal: "*", Action: "s3:*", Resource: "*" }),
          ),
        },
        config,
      ),
      resourceArgs(
        "aws:iam/policy:Policy",
        { policy: JSON.stringify(guideIdentityPolicy({ Resource: "arn:aws:s3:::b" })) },
        config,
      ),
    ];
    for (const policy of policies) {
      const withDefaults = await Promise.all(
        args(defaultsOf(policy)).map((a) => runPolicy(policy, a)),
      );
      const withNothing = await Promise.all(args({}).map((a) => runPolicy(policy, a)));
      assert.deepStrictEqual(withDefaults, withNothing, policy.name);
    }
  });

  for (const file of ["config.example.json", "config.elb-access-logs.json"]) {
    it(`ships ${file}, which names only its policies, levels and options`, () => {
      checkConfiguration(path.join(__dirname, "..", "..", "policy-pack", file));
    });
  }

  it("judges a policy document the engine marks secret like any other", async () => {
    const root = policies.find((p) => p.name === "s3-bucket-policy-no-account-root-principal");
    assert.ok(root);
    const policy = secret(JSON.stringify(guideBucketPolicy({ Principal: { AWS: ROOT_ARN } })));
    const args = resourceArgs("aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy });
    assert.strictEqual((await runPolicy(root, args)).violations.length, 1);
  });

  describe("never crashes on malformed input", () => {
    for (const carrier of KINDS.flatMap((kind) => CARRIERS[kind])) {
      it(`judges every odd document on ${carrier.type} without throwing`, async () => {
        for (const document of ODD_DOCUMENTS) {
          for (const policy of policies) {
            await runPolicy(policy, resourceArgs(carrier.type, carrier.props(document)));
          }
        }
      });
    }

    it("reports every odd document through policy-document-well-formed", async () => {
      const wellFormed = policies.find((p) => p.name === "policy-document-well-formed");
      assert.ok(wellFormed);
      for (const document of ODD_DOCUMENTS) {
        const args = resourceArgs("aws:s3/bucketPolicy:BucketPolicy", {
          bucket: "b",
          policy: document,
        });
        const { violations } = await runPolicy(wellFormed, args);
        assert.ok(violations.length > 0, `no problem reported for ${JSON.stringify(document)}`);
      }
    });
  });
});
