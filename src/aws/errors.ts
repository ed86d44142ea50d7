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
  /** The service and API call, named when AWS keeps failing (e.g. `AWS Config`, `GetAggregateComplianceDetailsByConfigRule`). */
  service?: string;
  call?: string;
}

/** Node's socket errors: no HTTP answer at all. */
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

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
  const service = context.service ?? 'AWS';
  const call = context.call ? ` on ${context.call}` : '';
  // Only the first line: a deserialization error appends advice about hidden SDK fields.
  const said = message.split('\n')[0].slice(0, 200);
  if (status && (status >= 500 || status === 429 || /Throttl|TooManyRequests/.test(name))) {
    return new UserError(
      `${service} kept failing${call}${doing}: HTTP ${status} ${name || 'error'}${said ? `: ${said}` : ''}`,
      'the SDK and org-guardrails retried with backoff; rerun later',
    );
  }
  const code = (e as { code?: string })?.code ?? '';
  if (NETWORK_ERRORS.has(code) || name === 'TimeoutError')
    return new UserError(
      `could not reach ${service}${call}${doing}: no HTTP answer (${code || name})`,
      'check the network, proxy and any AWS_ENDPOINT_URL_* setting',
    );
  return undefined;
}
