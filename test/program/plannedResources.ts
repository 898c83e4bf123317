// Reading a planned writer stack: the role's policies and the dependency graph the engine orders
// `pulumi destroy` by.
import * as assert from "assert";
import { PolicyDocument } from "../../components/policies";
import { StackRun, ofType } from "../harness/stacks";
import { PlannedRegistrations } from "./hooks";

/** The execution role's policy of that name: "uploader-upload" or "uploader-network-interfaces". */
export function rolePolicy(run: StackRun, name: string): PolicyDocument {
  const policies = ofType(run, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name === name);
  assert.strictEqual(policies.length, 1, `one role policy ${name}`);
  assert.strictEqual(policies[0].inputs.role, "uploader-role-id");
  return JSON.parse(policies[0].inputs.policy as string);
}

/** Whether `from` depends on `to`, directly or through other resources. */
export function dependsOn(dependencies: Map<string, string[]>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const visit = (name: string): boolean =>
    (dependencies.get(name) ?? []).some(
      (next) => next === to || (!seen.has(next) && seen.add(next) && visit(next)),
    );
  return visit(from);
}

/** Valid characters of an EC2 security group description (EC2 API, CreateSecurityGroup). */
export const SECURITY_GROUP_DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/;

/**
 * A security group of ours on the function waits, on delete, up to 45 minutes for Lambda to
 * release the function's interfaces, and is deleted before the interface grant and the role.
 */
export function assertGroupHoldsDestroyBack(planned: PlannedRegistrations, group: string): void {
  const groupDependencies = planned.dependencies.get(group) ?? [];
  for (const grant of ["uploader-network-interfaces", "uploader-role"]) {
    assert.ok(groupDependencies.includes(grant), `${group} -> ${grant}`);
  }
  assert.strictEqual(planned.deleteTimeouts.get(group), "45m");
}

/** Neither the interface grant nor the role depends on any of `created`: destroy keeps them last. */
export function assertGrantsOutlive(dependencies: Map<string, string[]>, created: string[]): void {
  for (const grant of ["uploader-network-interfaces", "uploader-role"]) {
    for (const resource of created) {
      assert.ok(!dependsOn(dependencies, grant, resource), `${grant} -> ${resource}`);
    }
  }
}
