import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../functions/catalog.ts';
import { readStageConfig, type StageConfig } from '../../lib/stage-config.ts';
import { readCdkContext, synthesizeStage, type SynthesizedStage } from './synthesize.ts';
import { logicalIdOf } from './template-queries.ts';

let dev: SynthesizedStage;
let prod: SynthesizedStage;

function configOf(stage: string): StageConfig {
  const context: Record<string, unknown> = { ...readCdkContext(), stage };
  return readStageConfig({ tryGetContext: (key) => context[key] });
}

beforeAll(() => {
  dev = synthesizeStage('dev');
  prod = synthesizeStage('prod');
});

describe('HTTP API', () => {
  it('verifies JWTs per stage', () => {
    for (const [name, synthesized] of [['dev', dev], ['prod', prod]] as const) {
      const { jwt } = configOf(name);

      synthesized.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Issuer: jwt.issuer, Audience: jwt.audience },
      });
    }
  });

  it('uses distinct issuers per stage', () => {
    expect(configOf('dev').jwt.issuer).not.toBe(configOf('prod').jwt.issuer);
  });

  it('authorizes every catalog route', () => {
    const authorizers = dev.template.findResources('AWS::ApiGatewayV2::Authorizer');
    const [authorizerId] = Object.keys(authorizers);

    for (const route of API_ROUTES) {
      dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
      });
    }
  });

  it('allows CORS from stage origins', () => {
    const methods = [...new Set(API_ROUTES.map((route) => route.method))];

    prod.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: configOf('prod').corsAllowedOrigins,
        AllowMethods: Match.arrayWith(methods),
        AllowHeaders: Match.arrayWith(['authorization', 'content-type', 'if-match', 'idempotency-key']),
        ExposeHeaders: ['etag'],
      }),
    });
  });

  it('logs access and throttles by default', () => {
    const logGroupId = logicalIdOf(dev.stack.api.node.findChild('AccessLogs'));

    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('keeps IP addresses out of access logs', () => {
    const stage = Object.values(dev.template.findResources('AWS::ApiGatewayV2::Stage'))[0]!;

    expect(stage.Properties.AccessLogSettings.Format).not.toContain('sourceIp');
    expect(stage.Properties.AccessLogSettings.Format).not.toContain('userAgent');
  });

  it('outputs its URL', () => {
    dev.template.hasOutput('HttpApiUrl', {
      Value: { 'Fn::Join': ['', Match.arrayWith(['https://', { Ref: logicalIdOf(dev.stack.api.api) }])] },
    });
  });
});
