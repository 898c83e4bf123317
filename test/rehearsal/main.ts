// `npm start`: rehearse the whole link offline from the shipped stack files, or prove documents
// written by hand.
//   npm start [-- --json] [-- --stacks <dir>]
//   npm start -- --prove <file.json> [--json]
// Exit status 0 when every step passed, 1 when one failed, 2 for a usage error or a bad file.
// stdout carries only the report (with --json, only JSON); progress and anything the program,
// the handler or the pack print go to stderr.
import * as path from "path";
import { PROJECT_ROOT } from "../harness/paths";
import { proveDocuments } from "./prove";
import { ProveFileError, readProveFile } from "./proveFile";
import { StepName, rehearse } from "./rehearse";
import { COLOURS, PLAIN, renderRehearsal } from "./render";
import { renderProve } from "./renderProve";

const USAGE = `usage: npm start -- [--json] [--stacks <dir with Pulumi.<stack>.yaml files>]
       npm start -- --prove <file.json> [--json]`;

const STEP_TITLES: Record<StepName, string> = {
  plan: "1/4 planning the stacks",
  policyCheck: "2/4 running the policy pack",
  accessProof: "3/4 proving access with the IAM engine",
  upload: "4/4 rehearsing the upload",
};

interface Options {
  json: boolean;
  stacksDir: string;
  /** A file of documents to prove instead of the planned stacks. */
  prove?: string;
}

function parseArgs(args: string[]): Options {
  const options: Options = { json: false, stacksDir: PROJECT_ROOT };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--json") options.json = true;
    else if (args[i] === "--stacks" && args[i + 1]) options.stacksDir = path.resolve(args[++i]);
    else if (args[i] === "--prove" && args[i + 1]) options.prove = args[++i];
    else if (args[i] === "--help" || args[i] === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown argument "${args[i]}"\n${USAGE}`);
      process.exit(2);
    }
  }
  if (options.prove && args.includes("--stacks")) {
    console.error(
      `--prove proves a file instead of stack files; give one of --prove, --stacks\n${USAGE}`,
    );
    process.exit(2);
  }
  return options;
}

/** Runs `work` with writes to stdout sent to stderr, so stdout carries only the report. */
async function withStdoutOnStderr<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
}

/** `--prove <file>`: exit 2 for a file that cannot be proven, naming the field. */
async function prove(file: string, json: boolean, colours: boolean): Promise<void> {
  let input;
  try {
    input = readProveFile(file);
  } catch (error) {
    if (!(error instanceof ProveFileError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  const report = await withStdoutOnStderr(() => proveDocuments(input));
  const text = json
    ? JSON.stringify(report, null, 2)
    : renderProve(report, colours ? COLOURS : PLAIN);
  process.stdout.write(`${text}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.prove) {
    return prove(options.prove, options.json, process.stdout.isTTY && !process.env.NO_COLOR);
  }
  // Node 20 runs this rehearsal; the function itself targets nodejs22.x.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const interactive = process.stderr.isTTY && !options.json;
  const progress = (step: StepName) => {
    if (interactive) process.stderr.write(`\r\u001b[2K${STEP_TITLES[step]}...`);
  };
  const report = await withStdoutOnStderr(() => rehearse(options.stacksDir, progress));
  if (interactive) process.stderr.write("\r\u001b[2K");
  const colours = process.stdout.isTTY && !process.env.NO_COLOR;
  const text = options.json
    ? JSON.stringify(report, null, 2)
    : renderRehearsal(report, colours ? COLOURS : PLAIN);
  process.stdout.write(`${text}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
