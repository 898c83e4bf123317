// What Lambda hands the function: the guide's test event and an invocation's context.
import type { Context } from "aws-lambda";
import { randomUUID } from "crypto";

/** The test event of the cross-account upload guide. */
export const TEST_EVENT = { data: { test: true, message: "cross-account upload test" } };

/** A context as Lambda passes it, with `remainingMs` left before the function's deadline. */
export function lambdaContext(
  awsRequestId: string = randomUUID(),
  remainingMs: number = 30_000,
): Context {
  const deadline = Date.now() + remainingMs;
  return {
    awsRequestId,
    callbackWaitsForEmptyEventLoop: true,
    functionName: "uploader",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:111111111111:function:uploader",
    memoryLimitInMB: "256",
    logGroupName: "/aws/lambda/uploader",
    logStreamName: "2024/05/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
