// Step 4 of the rehearsal: the function exactly as the writer stack would deploy it (its bundle
// and its environment) invoked with the guide's test event against an S3 endpoint on 127.0.0.1,
// owned by the planned bucket account; the stored object is read back and compared.
import { randomUUID } from "crypto";
import { deployedFunction } from "../harness/deployedFunction";
import { TEST_EVENT, lambdaContext } from "../harness/invocation";
import { LogLine, captureLogs } from "../harness/logs";
import { endpointEnvironment, startS3Endpoint } from "../harness/s3Endpoint";
import { onlyOfType } from "../harness/stacks";
import { PlannedLink } from "./plan";

export interface UploadRehearsal {
  bucket: string;
  key?: string;
  bytes?: number;
  contentType?: string;
  /** The JSON lines the function logged. */
  logs: LogLine[];
  /** What differs between the stored object and what the handler was asked to store. */
  problems: string[];
  /** What this rehearsal cannot show, and which step proves it instead. */
  notes: string[];
  ok: boolean;
}

/** The gates a local S3 endpoint cannot rehearse: KMS and the VPC's route to S3. */
function notesFor(writer: PlannedLink["writer"]): string[] {
  const target = writer.run.outputs.target as { encryption?: string };
  return [
    ...(target.encryption === "sse-kms"
      ? [
          "the local S3 endpoint does no KMS: the object is stored unencrypted here, and B's key " +
            "gate is proven by the access proof's key-policy rows",
        ]
      : []),
    ...(writer.run.outputs.network
      ? [
          "the handler runs on this machine, not in the VPC: the S3 gateway endpoint's gate is " +
            "proven by the access proof's endpoint rows",
        ]
      : []),
  ];
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export async function rehearseUpload({ writer, bucket }: PlannedLink): Promise<UploadRehearsal> {
  const fn = await deployedFunction(onlyOfType(writer.run, "aws:lambda/function:Function").inputs);
  const bucketName = bucket.run.outputs.bucketName as string;
  const endpoint = await startS3Endpoint({ bucket: bucketName, bucketOwner: bucket.accountId });
  const problems: string[] = [];
  const notes = notesFor(writer);
  let logs: LogLine[] = [];
  try {
    const invocation = await captureLogs(() =>
      fn.withHandler(endpointEnvironment(endpoint), (handler) =>
        handler(TEST_EVENT, lambdaContext(randomUUID())),
      ),
    );
    logs = invocation.logs;
    if (!invocation.result) throw invocation.error;
    const response = invocation.result;
    const body = JSON.parse(response.body) as { message: string; bucket: string; key: string };
    if (response.statusCode !== 200 || body.message !== "Upload successful") {
      problems.push(`the handler answered ${JSON.stringify(response)}`);
    }
    const keys = await endpoint.listKeys();
    if (!sameJson(keys, [body.key])) {
      problems.push(`the bucket holds ${JSON.stringify(keys)}, not exactly ${body.key}`);
    }
    const prefix = bucket.run.outputs.uploadPrefix as string;
    if (!body.key.startsWith(prefix)) problems.push(`key ${body.key} is outside ${prefix}`);
    const stored = await endpoint.readObject(body.key);
    const document = JSON.parse(stored.body.toString("utf8")) as { data?: unknown };
    if (!sameJson(document.data, TEST_EVENT.data)) {
      problems.push(`the stored data ${JSON.stringify(document.data)} differs from the event's`);
    }
    if (stored.contentType !== "application/json") {
      problems.push(`the object's content type is ${stored.contentType}`);
    }
    return {
      bucket: bucketName,
      key: body.key,
      bytes: stored.body.length,
      contentType: stored.contentType,
      logs,
      problems,
      notes,
      ok: problems.length === 0,
    };
  } catch (error) {
    problems.push(`the upload failed: ${(error as Error).message}`);
    return { bucket: bucketName, logs, problems, notes, ok: false };
  } finally {
    await endpoint.stop();
  }
}
