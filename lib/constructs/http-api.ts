import { Duration, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi as HttpApiResource, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTES } from '../../functions/catalog.ts';
import { removalPolicyOf, type StageConfig } from '../stage-config.ts';
import type { BuildFunction } from './service-function.ts';

/**
 * Steady-state requests per second and burst for the whole API. NOTE: an estimate for the first
 * release, not a measured capacity. Revisit it after a load test.
 */
const THROTTLE = { rateLimit: 50, burstLimit: 100 };

/**
 * One access-log line per request. It leaves out the source IP and user agent, because logs
 * carry ids and codes only. The JWT subject is the applicant id.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  applicantId: '$context.authorizer.claims.sub',
};

/** The public HTTP API: one Lambda function per route of API_ROUTES, each behind the JWT authorizer. */
export class HttpApi extends Construct {
  readonly api: HttpApiResource;
  readonly defaultStage: HttpStage;

  constructor(scope: Construct, id: string, props: { stage: StageConfig; buildFunction: BuildFunction }) {
    super(scope, id);
    const { stage } = props;

    this.api = new HttpApiResource(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: `Kontrakt ${stage.name}: contract-service applications`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: stage.corsAllowedOrigins,
        allowMethods: [...new Set(API_ROUTES.map((route) => CorsHttpMethod[route.method]))],
        // The API reads If-Match and Idempotency-Key, and browsers read the ETag that If-Match echoes.
        allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
        exposeHeaders: ['etag'],
        maxAge: Duration.hours(1),
      },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: stage.logRetentionDays,
      removalPolicy: removalPolicyOf(stage),
    });
    this.defaultStage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', stage.jwt.issuer, { jwtAudience: stage.jwt.audience });
    for (const route of API_ROUTES) {
      const fn = props.buildFunction(this, route);
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
        authorizer,
      });
    }
  }

  /** The base URL of the API, ending in `/`. */
  get url(): string {
    return this.defaultStage.url;
  }
}
