/**
 * One translation of AWS errors into what the user can act on. Error names are the ones AWS's
 * APIs and the SDK's credential providers return; anything unrecognised is left as it is.
 */
import { UserError } from '../core/errors.ts';

export interface AwsErrorContext {
  /** What was being done, e.g. `reading aggregator "org"`. */
  doing?: string;
  /** IAM actions the caller needs, named when access is denied. */
  permissions?: string[];
  /** Specific advice by error name (e.g. NoSuchConfigurationAggregatorException). */
  advice?: Record<string, string>;
}

const nameOf = (e: unknown) => (e as { name?: string })?.name ?? '';

export function explainAwsError(e: unknown, context: AwsErrorContext = {}): UserError | undefined {
  if (e instanceof UserError) return e;
  const name = nameOf(e);
  const message = (e as Error)?.message ?? '';
  const doing = context.doing ? ` ${context.doing}` : '';
  if (context.advice?.[name]) return new UserError(context.advice[name]);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message))
    return new UserError('no AWS credentials found', 'set AWS_PROFILE or AWS_ACCESS_KEY_ID, or run where an SSO or instance role is available');
  if (name === 'ExpiredTokenException' || name === 'ExpiredToken') return new UserError('the AWS credentials have expired', 'refresh them and rerun');
  if (name === 'UnrecognizedClientException' || name === 'InvalidClientTokenId')
    return new UserError('the AWS credentials are not valid for this account or partition');
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation')
    return new UserError(`access denied${doing}: ${message}`, context.permissions?.length ? `the caller needs ${context.permissions.join(', ')}` : undefined);
  if (name === 'AWSOrganizationsNotInUseException')
    return new UserError('these credentials are not in an AWS Organization', 'use the management account or a delegated administrator');
  const meta = (e as { $metadata?: { httpStatusCode?: number }; $service?: string })?.$metadata;
  const status = meta?.httpStatusCode;
  if (status && (status >= 500 || status === 429 || /Throttl|TooManyRequests/.test(name))) {
    const call = (e as { $command?: string }).$command;
    return new UserError(
      `AWS kept failing${doing}: ${name || 'error'} (HTTP ${status})${call ? ` on ${call}` : ''}: ${message}`,
      'the SDK and org-guardrails retried with backoff; rerun later',
    );
  }
  return undefined;
}
