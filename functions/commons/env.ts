/**
 * Reads configuration that CDK (on AWS) or the local runtime sets as environment variables.
 * A missing required variable is a deployment error, so it throws at once instead of
 * letting a handler run with `undefined`.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${name} is missing`);
  }
  return value;
}

export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

export function requireIntEnv(name: string, fallback: number): number {
  const raw = optionalEnv(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`Environment variable ${name} must be a positive integer, got ${raw}`);
  }
  return value;
}

export const stateTableName = (): string => requireEnv('STATE_TABLE_NAME');
export const eventsTopicArn = (): string => requireEnv('EVENTS_TOPIC_ARN');
export const reviewStateMachineArn = (): string => requireEnv('REVIEW_STATE_MACHINE_ARN');
export const criminalRecordRegistryUrl = (): string => requireEnv('CRIMINAL_RECORD_REGISTRY_URL');
export const uploadUrlTtlSeconds = (): number => requireIntEnv('UPLOAD_URL_TTL_SECONDS', 900);
