// `npm start`: rehearse the whole link offline from the shipped stack files.
//   npm start [-- --json] [-- --stacks <dir>]
// Exit status 0 when every step passed, 1 when one failed, 2 for a usage error. stdout carries
// only the report (with --json, only JSON); progress and anything the program, the handler or
// the pack print go to stderr.
import * as path from "path";
import { PROJECT_ROOT } from "../harness/stacks";
import { COLOURS, PLAIN, renderRehearsal } from "./render";
import { StepName, rehearse } from "./rehearse";

const USAGE = `usage: npm start -- [--json] [--stacks <dir with Pulumi.<stack>.yaml files>]`;

const STEP_TITLES: Record<StepName, string> = {
  plan: "1/4 planning the stacks",
  policyCheck: "2/4 running the policy pack",
  accessProof: "3/4 proving access with the IAM engine",
  upload: "4/4 rehearsing the upload",
};

interface Options {
  json: boolean;
  stacksDir: string;
}

function parseArgs(args: string[]): Options {
  const options: Options = { json: false, stacksDir: PROJECT_ROOT };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--json") options.json = true;
    else if (args[i] === "--stacks" && args[i + 1]) options.stacksDir = path.resolve(args[++i]);
    else if (args[i] === "--help" || args[i] === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown argument "${args[i]}"\n${USAGE}`);
      process.exit(2);
    }
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

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
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
