// Step 1 of the rehearsal: every stack file through the real program under Pulumi's mock engine,
// writer stacks first, their outputs handed to the bucket stacks' StackReferences the way the
// Pulumi service would: a writerStacks entry names its stack file by project and stack name,
// whatever the organization (Pulumi Cloud's, a self-managed "organization", or a bare name).
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../components/config";
import { stackNameProblem } from "../../components/validation";
import { WriterStackError } from "../../components/writerStacks";
import {
  PROJECT,
  StackFileError,
  readStackFile,
  referencedStack,
  stackAccountId,
  writerStackNames,
} from "../harness/stackFiles";
import { StackRun, runStack } from "../harness/stacks";

export interface StackFile {
  stack: string;
  file: string;
  config: Record<string, string>;
}

/** A writerStacks entry of a bucket stack and the stack file the rehearsal planned for it. */
export interface WriterStackFile {
  name: string;
  file: string;
}

export interface PlannedStack extends StackFile {
  side: "writer" | "bucket";
  accountId: string;
  run: StackRun;
  /** For a bucket stack: the writer stack files its StackReferences read. */
  writerStackFiles: WriterStackFile[];
}

function findStackFiles(dir: string): StackFile[] {
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

const isWriter = (s: StackFile) => s.config[`${PROJECT}:side`] === "writer";

/** The writer stack file behind each writerStacks entry the program would accept. */
function writerStackFilesOf(bucket: StackFile, stackFiles: StackFile[]): WriterStackFile[] {
  return writerStackNames(bucket.config)
    .filter((name) => stackNameProblem(name) === undefined)
    .map((name) => {
      const stack = referencedStack(name);
      const found = stackFiles.find((s) => s.stack === stack && isWriter(s));
      if (!found) {
        throw new StackFileError(
          `${bucket.file}: writerStacks entry "${name}" ` +
            (stack === undefined
              ? `is a stack of another project; the rehearsal plans only ${PROJECT} stacks`
              : `names stack "${stack}", but there is no writer stack file Pulumi.${stack}.yaml beside it`),
        );
      }
      return { name, file: found.file };
    });
}

/** Runs one stack; a configuration or writer problem becomes an error naming the stack file. */
async function planOne(
  stackFile: StackFile,
  stackOutputs: Record<string, Record<string, unknown>>,
  writerStackFiles: WriterStackFile[],
): Promise<PlannedStack> {
  const { file, config, stack } = stackFile;
  const side = config[`${PROJECT}:side`];
  try {
    const run = await runStack({ stack, config, stackOutputs });
    const accountId = stackAccountId(config);
    return { ...stackFile, side: side as "writer" | "bucket", accountId, run, writerStackFiles };
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

/** The stack files of `dir`, writer stacks first, then bucket stacks reading their outputs. */
export async function planStacks(dir: string): Promise<PlannedStack[]> {
  return planStackFiles(findStackFiles(dir));
}

/** Writer stacks first, then bucket stacks reading the writers' outputs. */
export async function planStackFiles(stackFiles: StackFile[]): Promise<PlannedStack[]> {
  const planned: PlannedStack[] = [];
  const outputsByFile: Record<string, Record<string, unknown>> = {};
  for (const writer of stackFiles.filter(isWriter)) {
    const plannedStack = await planOne(writer, {}, []);
    outputsByFile[writer.file] = plannedStack.run.outputs;
    planned.push(plannedStack);
  }
  for (const bucket of stackFiles.filter((s) => !isWriter(s))) {
    const references = writerStackFilesOf(bucket, stackFiles);
    const stackOutputs = Object.fromEntries(
      references.map(({ name, file }) => [name, outputsByFile[file]]),
    );
    planned.push(await planOne(bucket, stackOutputs, references));
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
