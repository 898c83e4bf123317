// Step 2 of the rehearsal: every planned resource through the policy pack, launched and called
// exactly as the Pulumi CLI does (run-policy-pack, then the Analyzer service over gRPC).
import * as pulumi from "@pulumi/pulumi";
import { EnforcementLevel } from "@pulumi/pulumi/proto/analyzer_pb";
import { startPack } from "../harness/packProcess";
import { PlannedStack } from "./plan";

export type Level = "advisory" | "mandatory" | "disabled" | "remediate";

const LEVELS: Record<EnforcementLevel, Level> = {
  [EnforcementLevel.ADVISORY]: "advisory",
  [EnforcementLevel.MANDATORY]: "mandatory",
  [EnforcementLevel.DISABLED]: "disabled",
  [EnforcementLevel.REMEDIATE]: "remediate",
};

export interface Diagnostic {
  stack: string;
  urn: string;
  policyName: string;
  enforcementLevel: Level;
  message: string;
}

export interface PolicyCheck {
  packName: string;
  packVersion: string;
  policies: { name: string; enforcementLevel: Level }[];
  resourcesAnalyzed: number;
  diagnostics: Diagnostic[];
  /** Milliseconds until the pack printed its port. */
  startupMs: number;
}

/**
 * `meanwhile` runs while the pack process starts (seconds of ts-node compiling in another
 * process), and is done before any resource is analyzed; its own errors are its caller's.
 */
export async function checkPolicies(
  planned: PlannedStack[],
  meanwhile: () => Promise<void> = async () => {},
): Promise<PolicyCheck> {
  const [started] = await Promise.allSettled([startPack(), meanwhile()]);
  if (started.status === "rejected") throw started.reason;
  const pack = started.value;
  try {
    const info = await pack.getAnalyzerInfo();
    const diagnostics: Diagnostic[] = [];
    let resourcesAnalyzed = 0;
    for (const { stack, run } of planned) {
      for (const resource of run.resources) {
        // Inputs as the engine marshals them (assets and archives in their wire form).
        const properties = await pulumi.runtime.serializeProperties("analyze", resource.inputs);
        const response = await pack.analyze(resource.type, properties, resource.name, resource.urn);
        resourcesAnalyzed++;
        for (const d of response.getDiagnosticsList()) {
          diagnostics.push({
            stack,
            urn: d.getUrn() || resource.urn,
            policyName: d.getPolicyname(),
            enforcementLevel: LEVELS[d.getEnforcementlevel()],
            message: d.getMessage(),
          });
        }
      }
    }
    return {
      packName: info.getName(),
      packVersion: info.getVersion(),
      policies: info.getPoliciesList().map((p) => ({
        name: p.getName(),
        enforcementLevel: LEVELS[p.getEnforcementlevel()],
      })),
      resourcesAnalyzed,
      diagnostics,
      startupMs: pack.startupMs,
    };
  } finally {
    await pack.stop();
  }
}
