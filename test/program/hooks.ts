// Mocha hooks shared by the program specs: stacks planned once, before the enclosing describe's
// tests, from a directory of stack files.
import { stackFileConfig } from "../harness/stackFiles";
import { StackRun, runStack, runStackPair } from "../harness/stacks";

/** Plans account-a, then account-b with A's outputs; read `writer` and `bucket` in the tests. */
export function usePlannedPair(dir: string): { writer: StackRun; bucket: StackRun } {
  const planned = {} as { writer: StackRun; bucket: StackRun };
  before(async () => {
    Object.assign(planned, await runStackPair(dir));
  });
  return planned;
}

/** Plans account-a alone; read `writer` in the tests. */
export function usePlannedWriter(dir: string): { writer: StackRun } {
  const planned = {} as { writer: StackRun };
  before(async () => {
    planned.writer = await runStack({
      stack: "account-a",
      config: stackFileConfig("account-a", dir),
    });
  });
  return planned;
}
