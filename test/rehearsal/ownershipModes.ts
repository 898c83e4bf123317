// The access proof covers every S3 Object Ownership mode, not only the one the stack files set:
// for each other mode the stacks are planned again, the real program under the mock engine as in
// step 1, with that mode in every stack's configuration.
import { OBJECT_OWNERSHIP_MODES, ObjectOwnership } from "../../components/validation";
import { PROJECT, withProjectConfig } from "../harness/stackFiles";
import { AccessRow } from "./evaluateRow";
import { PlannedLink, PlannedStack, linksOf, planStackFiles } from "./plan";

export interface ModeProof {
  objectOwnership: ObjectOwnership;
  /** True for the mode the stack files set; the others were planned again for the proof. */
  configured: boolean;
  rows: AccessRow[];
}

function modeOf(stack: PlannedStack): string {
  return stack.config[`${PROJECT}:objectOwnership`] ?? "BucketOwnerEnforced";
}

/** The same stack files planned with `mode` in every stack's configuration. */
function planInMode(planned: PlannedStack[], mode: ObjectOwnership): Promise<PlannedStack[]> {
  return planStackFiles(
    planned.map(({ stack, file, config }) => ({
      stack,
      file,
      config: withProjectConfig(config, { objectOwnership: mode }),
    })),
  );
}

export interface LinkInMode {
  /** The link as the stack files plan it. */
  link: PlannedLink;
  objectOwnership: ObjectOwnership;
  configured: boolean;
  /** The same link planned in this mode. */
  planned: PlannedLink;
}

/** Every link of the plan in all three ownership modes, re-planning each mode once. */
export async function linksInEveryMode(planned: PlannedStack[]): Promise<LinkInMode[]> {
  const links = linksOf(planned);
  const result: LinkInMode[] = [];
  for (const mode of OBJECT_OWNERSHIP_MODES) {
    const asPlanned = planned.every((stack) => modeOf(stack) === mode);
    const stacks = asPlanned ? planned : await planInMode(planned, mode);
    for (const inMode of linksOf(stacks)) {
      const link = links.find(
        (l) => l.writer.stack === inMode.writer.stack && l.bucket.stack === inMode.bucket.stack,
      );
      if (link) {
        const configured = modeOf(link.bucket) === mode;
        result.push({ link, objectOwnership: mode, configured, planned: inMode });
      }
    }
  }
  return result;
}

/** Every link with its proof in each ownership mode. */
export async function proveEveryMode(
  linksInModes: LinkInMode[],
  prove: (link: PlannedLink) => Promise<AccessRow[]>,
): Promise<{ link: PlannedLink; modes: ModeProof[] }[]> {
  const proven: { link: PlannedLink; modes: ModeProof[] }[] = [];
  for (const { link, objectOwnership, configured, planned: inMode } of linksInModes) {
    let entry = proven.find((p) => p.link === link);
    if (!entry) proven.push((entry = { link, modes: [] }));
    entry.modes.push({ objectOwnership, configured, rows: await prove(inMode) });
  }
  return proven;
}
