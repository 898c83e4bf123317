// The offline rehearsal behind `npm start`: plan both stacks, run the policy pack over the plan,
// prove the access matrix with an IAM engine in every ownership mode, and upload through the
// deployed handler. Each step reports what it saw; a step whose input failed is skipped, and the
// rehearsal fails.
import { plannedDocuments, proveAccess } from "./accessProof";
import { LinkInMode, ModeProof, linksInEveryMode, proveEveryMode } from "./ownershipModes";
import { PlannedLink, PlannedStack, WriterStackFile, linksOf, planStacks } from "./plan";
import { PolicyCheck, checkPolicies } from "./policyCheck";
import { UploadRehearsal, rehearseUpload } from "./uploadRehearsal";

export interface StepResult<T> {
  ok: boolean;
  ms: number;
  detail?: T;
  /** Why the step failed or was skipped. */
  error?: string;
}

export interface PlannedStackSummary {
  stack: string;
  file: string;
  side: string;
  accountId: string;
  resources: { type: string; name: string }[];
  outputs: Record<string, unknown>;
  /** For a bucket stack: each writerStacks entry and the stack file planned for it. */
  writerStackFiles: WriterStackFile[];
  /** What the stack relies on but does not create; the proof takes it as given. */
  assumptions: string[];
}

export interface LinkResult<T> {
  writerStack: string;
  bucketStack: string;
  result: T;
}

export interface Rehearsal {
  ok: boolean;
  stacksDir: string;
  ms: number;
  plan: StepResult<PlannedStackSummary[]>;
  policyCheck: StepResult<PolicyCheck>;
  accessProof: StepResult<LinkResult<ModeProof[]>[]>;
  upload: StepResult<LinkResult<UploadRehearsal>[]>;
}

export type StepName = "plan" | "policyCheck" | "accessProof" | "upload";

/** Called as each step starts, e.g. to draw a progress line. */
export type Progress = (step: StepName) => void;

async function step<T>(
  run: () => Promise<T>,
  isOk: (detail: T) => boolean,
): Promise<StepResult<T>> {
  const started = Date.now();
  try {
    const detail = await run();
    return { ok: isOk(detail), ms: Date.now() - started, detail };
  } catch (error) {
    return { ok: false, ms: Date.now() - started, error: (error as Error).message };
  }
}

function skipped<T>(because: string): StepResult<T> {
  return { ok: false, ms: 0, error: `skipped: ${because}` };
}

function summarize(planned: PlannedStack[]): PlannedStackSummary[] {
  return planned.map(({ stack, file, side, accountId, run, writerStackFiles }) => ({
    stack,
    file,
    side,
    accountId,
    resources: run.resources.map(({ type, name }) => ({ type, name })),
    outputs: run.outputs,
    writerStackFiles,
    assumptions: (run.outputs.assumptions as string[] | undefined) ?? [],
  }));
}

export async function rehearse(
  stacksDir: string,
  progress: Progress = () => {},
): Promise<Rehearsal> {
  const started = Date.now();
  let planned: PlannedStack[] = [];
  progress("plan");
  const plan = await step(
    async () => {
      planned = await planStacks(stacksDir);
      if (linksOf(planned).length === 0) {
        throw new Error("no bucket stack trusts a writer stack among these stack files");
      }
      return summarize(planned);
    },
    () => true,
  );
  const links = plan.ok ? linksOf(planned) : [];
  // One link at a time: an upload rehearsal owns process.env while its handler runs.
  const perLink = async <T>(work: (link: PlannedLink) => Promise<T>) => {
    const results: LinkResult<T>[] = [];
    for (const link of links) {
      const result = await work(link);
      results.push({ writerStack: link.writer.stack, bucketStack: link.bucket.stack, result });
    }
    return results;
  };

  // The access proof needs the stacks planned again in the other ownership modes: that runs while
  // the pack process starts, and its errors are the access proof's.
  let inEveryMode: Promise<LinkInMode[]> = Promise.resolve([]);
  const planEveryMode = async () => {
    inEveryMode = linksInEveryMode(planned);
    await inEveryMode.catch(() => undefined);
  };

  progress("policyCheck");
  const policyCheck = plan.ok
    ? await step(
        () => checkPolicies(planned, planEveryMode),
        (check) => check.diagnostics.every((d) => d.enforcementLevel !== "mandatory"),
      )
    : skipped<PolicyCheck>("the plan failed");

  progress("accessProof");
  // Every row must hold for the planned stacks, hardening rows included.
  const accessProof = plan.ok
    ? await step(
        async () => {
          const proven = await proveEveryMode(await inEveryMode, (link) => {
            const { link: description, policies } = plannedDocuments(link);
            return proveAccess(description, policies);
          });
          return proven.map(({ link, modes }) => ({
            writerStack: link.writer.stack,
            bucketStack: link.bucket.stack,
            result: modes,
          }));
        },
        (results) =>
          results.every(({ result }) =>
            result.every((mode) => mode.rows.every((r) => r.asIntended)),
          ),
      )
    : skipped<LinkResult<ModeProof[]>[]>("the plan failed");

  progress("upload");
  const upload = plan.ok
    ? await step(
        () => perLink(rehearseUpload),
        (results) => results.every(({ result }) => result.ok),
      )
    : skipped<LinkResult<UploadRehearsal>[]>("the plan failed");

  return {
    ok: plan.ok && policyCheck.ok && accessProof.ok && upload.ok,
    stacksDir,
    ms: Date.now() - started,
    plan,
    policyCheck,
    accessProof,
    upload,
  };
}
