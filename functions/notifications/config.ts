import { optionalEnv, requireEnv } from '../commons/env.ts';

// Settings of the notification senders, set by the NotificationChannels construct on AWS and by
// wireLocalNotifications locally.

/** The portal's address without a trailing slash; links in notifications start with it. */
export const portalBaseUrl = (): string => requireEnv('PORTAL_BASE_URL').replace(/\/+$/, '');

/** The verified SES identity's address that e-mails are sent from. */
export const emailFromAddress = (): string => requireEnv('EMAIL_FROM_ADDRESS');

/** The operators' shared mailbox that hears about steps waiting for them. */
export const operatorsEmailAddress = (): string => requireEnv('OPERATORS_EMAIL_ADDRESS');

export const sesConfigurationSetName = (): string | undefined => optionalEnv('SES_CONFIGURATION_SET_NAME');

/** Alphanumeric sender id shown on SMS where the operator network supports it. */
export const smsSenderId = (): string | undefined => optionalEnv('SMS_SENDER_ID');

/**
 * ARNs of the SNS platform applications (one per mobile platform) whose endpoints the push
 * sender may publish to, comma-separated. Empty means push is not set up on this stage.
 */
export function pushPlatformApplicationArns(): string[] {
  return (optionalEnv('PUSH_PLATFORM_APPLICATION_ARNS') ?? '')
    .split(',')
    .map((arn) => arn.trim())
    .filter((arn) => arn !== '');
}
