// The policy pack's rules over a link's documents, in-process: the very policy objects the pack
// serves (policy-pack/policies), called with arguments built as its policy server builds them.
// In-process because `--prove` and the mutation spec judge documents rather than a plan: about a
// millisecond per document instead of ~5 s to start a pack process. Step 2 of `npm start` and the
// pack's own gRPC spec prove the path through the Analyzer protocol.
import { policies } from "../../policy-pack/policies";
import { resourceArgs, runPolicy } from "../harness/policyRunner";
import { LinkPolicies } from "./intendedAccess";
import { Level } from "./policyCheck";

export interface DocumentDiagnostic {
  document: "bucket policy" | "identity policy" | "trust policy" | "key policy" | "endpoint policy";
  policyName: string;
  enforcementLevel: Level;
  message: string;
}

interface JudgedResource {
  document: DocumentDiagnostic["document"];
  type: string;
  props: Record<string, unknown>;
}

/** The documents as the resources that would carry them. */
function carriers(documents: LinkPolicies, bucketName: string): JudgedResource[] {
  const text = (document: unknown) => JSON.stringify(document);
  return [
    {
      document: "bucket policy",
      type: "aws:s3/bucketPolicy:BucketPolicy",
      props: { bucket: bucketName, policy: text(documents.bucketPolicy) },
    },
    {
      document: "identity policy",
      type: "aws:iam/rolePolicy:RolePolicy",
      props: { role: "writer", policy: text(documents.identityPolicy) },
    },
    ...(documents.trustPolicy === undefined
      ? []
      : [
          {
            document: "trust policy" as const,
            type: "aws:iam/role:Role",
            props: { assumeRolePolicy: text(documents.trustPolicy) },
          },
        ]),
    ...(documents.keyPolicy === undefined
      ? []
      : [
          {
            document: "key policy" as const,
            type: "aws:kms/key:Key",
            props: { policy: text(documents.keyPolicy), enableKeyRotation: true },
          },
        ]),
    ...(documents.endpointPolicy === undefined
      ? []
      : [
          {
            document: "endpoint policy" as const,
            type: "aws:ec2/vpcEndpoint:VpcEndpoint",
            props: {
              vpcEndpointType: "Gateway",
              serviceName: "com.amazonaws.us-east-1.s3",
              vpcId: "vpc-0123456789abcdef0",
              policy: text(documents.endpointPolicy),
            },
          },
        ]),
  ];
}

/** Every violation any policy of the pack reports on the documents, with its level. */
export async function judgeDocuments(
  documents: LinkPolicies,
  bucketName: string,
): Promise<DocumentDiagnostic[]> {
  const diagnostics: DocumentDiagnostic[] = [];
  for (const { document, type, props } of carriers(documents, bucketName)) {
    for (const policy of policies) {
      const { violations } = await runPolicy(policy, resourceArgs(type, props));
      for (const message of violations) {
        diagnostics.push({
          document,
          policyName: policy.name,
          enforcementLevel: policy.enforcementLevel ?? "advisory",
          message,
        });
      }
    }
  }
  return diagnostics;
}
