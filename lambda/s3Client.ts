import { S3Client } from "@aws-sdk/client-s3";

/**
 * The one S3 client of the function. No endpoint, region or credentials in code: the runtime's
 * execution role and the standard AWS_* variables (AWS_ENDPOINT_URL_S3 included) configure it.
 */
export function createS3Client(): S3Client {
  return new S3Client({
    // Account B's bucket may live in another region than the function.
    followRegionRedirects: true,
    // A connection that cannot be opened (a VPC without a route to S3) fails fast and is retried.
    requestHandler: { connectionTimeout: 3_000 },
  });
}
