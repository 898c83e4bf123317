// Assertions of the per-policy specs, after compliance-policies' test helpers: one line per case.
import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import * as assert from "assert";
import { runPolicy } from "../harness/policyRunner";

function show(violations: string[]): string {
  return violations.length ? violations.map((v) => `  - ${v}`).join("\n") : "  (none)";
}

export async function assertHasResourceViolation(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
  ...wanted: (string | RegExp)[]
): Promise<string[]> {
  const { violations } = await runPolicy(policy, args);
  for (const want of wanted) {
    const found = violations.some((v) =>
      typeof want === "string" ? v.includes(want) : want.test(v),
    );
    assert.ok(
      found,
      `${policy.name}: no violation matching ${want}; reported:\n${show(violations)}`,
    );
  }
  assert.ok(violations.length > 0, `${policy.name}: no violation reported`);
  return violations;
}

export async function assertNoResourceViolations(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<void> {
  const { violations, notApplicable } = await runPolicy(policy, args);
  assert.deepStrictEqual(violations, [], `${policy.name} reported:\n${show(violations)}`);
  assert.strictEqual(
    notApplicable,
    undefined,
    `${policy.name} was not applicable: ${notApplicable}`,
  );
}

export async function assertNotApplicable(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<void> {
  const outcome = await runPolicy(policy, args);
  assert.deepStrictEqual(outcome.violations, []);
  assert.ok(outcome.notApplicable, `${policy.name} applied to ${args.type}`);
}

/** The single violation a policy reports; fails on none or several. */
export async function onlyViolation(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<string> {
  const { violations } = await runPolicy(policy, args);
  assert.strictEqual(violations.length, 1, `${policy.name} reported:\n${show(violations)}`);
  return violations[0];
}
