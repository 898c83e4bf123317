// Step 1 of the rehearsal: every stack file through the real program under Pulumi's mock engine,
// writer stacks first, their outputs handed to the bucket stacks' StackReferences the way the
// Pulumi service would.
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../components/config";
import { WriterStackError } from "../../components/writerStacks";
import {
  StackFileError,
  StackRun,
  qualifiedStackName,
  readStackFile,
  runStack,
  stackAccountId,
  PROJECT,
} from "../harness/stacks";

export interface StackFile {
  stack: string;
  file: string;
  config: Record<string, string>;
}

export interface PlannedStack extends StackFile {
  side: "writer" | "bucket";
  accountId: string;
  run: StackRun;
}

export function findStackFiles(dir: string): StackFile[] {
  const files = fs
    .readdirSync(dir)
    .filter((name) => /^Pulumi\.[\w.-]+\.yaml$/.test(name))
    .sort();
  if (files.length === 0) throw new StackFileError(`${dir} holds no Pulumi.<stack>.yaml files`);
  return files.map((name) => ({
    stack: name.slice("Pulumi.".length, -".yaml".length),
    file: name,
    config: readStackFile(path.join(dir, name)),
  }));
}

/** Runs one stack; a configuration or writer problem becomes an error naming the stack file. */
async function planOne(
  stackFile: StackFile,
  stackOutputs: Record<string, Record<string, unknown>>,
): Promise<PlannedStack> {
  const { file, config, stack } = stackFile;
  const side = config[`${PROJECT}:side`];
  try {
    const run = await runStack({ stack, config, stackOutputs });
    const accountId = stackAccountId(config);
    return { ...stackFile, side: side as "writer" | "bucket", accountId, run };
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new StackFileError(error.problems.map((p) => `${file}: ${p}`).join("\n"));
    }
    if (error instanceof WriterStackError || error instanceof StackFileError) {
      throw new StackFileError(`${file}: ${error.message}`);
    }
    throw error;
  }
}

/** Writer stacks first, then bucket stacks reading the writers' outputs. */
export async function planStacks(dir: string): Promise<PlannedStack[]> {
  const stackFiles = findStackFiles(dir);
  const isWriter = (s: StackFile) => s.config[`${PROJECT}:side`] === "writer";
  const planned: PlannedStack[] = [];
  const stackOutputs: Record<string, Record<string, unknown>> = {};
  for (const stackFile of [
    ...stackFiles.filter(isWriter),
    ...stackFiles.filter((s) => !isWriter(s)),
  ]) {
    const plannedStack = await planOne(stackFile, stackOutputs);
    stackOutputs[qualifiedStackName(stackFile.stack)] = plannedStack.run.outputs;
    planned.push(plannedStack);
  }
  return planned;
}

/** One writer trusted by one bucket stack: a link whose grants the rehearsal proves. */
export interface PlannedLink {
  writer: PlannedStack;
  bucket: PlannedStack;
}

/** Every (writer stack, bucket stack) pair where the bucket trusts that writer's role. */
export function linksOf(planned: PlannedStack[]): PlannedLink[] {
  const writers = planned.filter((p) => p.side === "writer");
  return planned
    .filter((p) => p.side === "bucket")
    .flatMap((bucket) => {
      const trusted = bucket.run.outputs.writerRoleArns as string[];
      return writers
        .filter((writer) => trusted.includes(writer.run.outputs.roleArn as string))
        .map((writer) => ({ writer, bucket }));
    });
}
