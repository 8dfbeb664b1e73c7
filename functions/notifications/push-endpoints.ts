/**
 * SNS mobile-push endpoint ARNs, such as
 * `arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/kontrakt-android/2f1c7f4e-8a5d-3b8e-9c1a-0d2e4f6a8b0c`:
 * partition, region, account, platform, platform application name and endpoint id (a UUID).
 */
const ENDPOINT_ARN_PATTERN =
  /^arn:(aws|aws-cn|aws-us-gov):sns:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):endpoint\/(ADM|APNS|APNS_SANDBOX|BAIDU|GCM|MPNS|WNS)\/([A-Za-z0-9_.-]{1,256})\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function isPushEndpointArn(value: string): boolean {
  return ENDPOINT_ARN_PATTERN.test(value);
}

/** Returns the ARN of the platform application that owns the endpoint, or undefined for another string. */
export function platformApplicationArnOf(endpointArn: string): string | undefined {
  const match = ENDPOINT_ARN_PATTERN.exec(endpointArn);
  if (match === null) return undefined;
  const [, partition, region, account, platform, application] = match;
  return `arn:${partition}:sns:${region}:${account}:app/${platform}/${application}`;
}

/**
 * Returns the ARN pattern of every endpoint of a platform application, for IAM policies:
 * `arn:aws:sns:<region>:<account>:app/GCM/<name>` becomes `…:endpoint/GCM/<name>/*`.
 */
export function endpointArnPatternOf(platformApplicationArn: string): string {
  if (!/:app\/[^/]+\/[^/]+$/.test(platformApplicationArn)) {
    throw new Error(`Not an SNS platform application ARN: ${platformApplicationArn}`);
  }
  return `${platformApplicationArn.replace(/:app\//, ':endpoint/')}/*`;
}
