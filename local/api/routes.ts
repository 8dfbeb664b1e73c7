/** A route of the HTTP API: `routeKey` is API Gateway's `METHOD /path/{param}`. */
export interface GatewayRoute<Target> {
  method: string;
  path: string;
  target: Target;
}

export interface RouteMatch<Target> {
  routeKey: string;
  target: Target;
  /** Path parameters, URL-decoded as API Gateway passes them. */
  pathParameters: Record<string, string>;
}

interface CompiledRoute<Target> {
  route: GatewayRoute<Target>;
  /** Literal segments, or the parameter name for a `{name}` segment. */
  segments: Array<{ literal: string } | { parameter: string }>;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Matches requests to routes as API Gateway HTTP APIs do for templates without greedy
 * parameters: segment by segment, where a literal segment beats a parameter. A request that
 * matches no route returns undefined, also for a known path with another method, because API
 * Gateway responds 404 to both.
 */
export function createRouteMatcher<Target>(routes: ReadonlyArray<GatewayRoute<Target>>) {
  const compiled: CompiledRoute<Target>[] = routes.map((route) => ({
    route,
    segments: route.path
      .split('/')
      .slice(1)
      .map((segment) => {
        const parameter = /^\{([^}+]+)\}$/.exec(segment)?.[1];
        return parameter === undefined ? { literal: segment } : { parameter };
      }),
  }));

  const literalCount = (candidate: CompiledRoute<Target>) => candidate.segments.filter((segment) => 'literal' in segment).length;

  return (method: string, rawPath: string): RouteMatch<Target> | undefined => {
    const requestSegments = rawPath.split('/').slice(1);
    const matches = compiled.filter(
      (candidate) =>
        candidate.route.method === method &&
        candidate.segments.length === requestSegments.length &&
        candidate.segments.every((segment, index) => {
          const value = requestSegments[index] ?? '';
          return 'literal' in segment ? segment.literal === value : value !== '';
        }),
    );
    const best = matches.sort((left, right) => literalCount(right) - literalCount(left))[0];
    if (best === undefined) return undefined;

    const pathParameters: Record<string, string> = {};
    best.segments.forEach((segment, index) => {
      if ('parameter' in segment) pathParameters[segment.parameter] = decodeSegment(requestSegments[index] ?? '');
    });
    return { routeKey: `${best.route.method} ${best.route.path}`, target: best.route.target, pathParameters };
  };
}
