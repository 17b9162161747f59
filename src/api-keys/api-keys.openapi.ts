import type { DocumentBuilder, OpenAPIObject } from '@nestjs/swagger';

type SecuritySchemeObject = NonNullable<Parameters<DocumentBuilder['addBearerAuth']>[0]>;

/** The OpenAPI security scheme of API keys (src/api-keys): the same `Authorization: Bearer` header as an access token. */
export const API_KEY_SECURITY = 'api-key';

export const API_KEY_SCHEME: SecuritySchemeObject = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'psk_<id part>_<secret>',
  description: 'An API key for a script or an integration, issued by an admin (POST /api/api-keys) and shown once',
};

/** Every operation an access token opens (security `bearer`) an API key opens too: both, as alternatives. */
export function withApiKeyAlternative(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths))
    for (const operation of Object.values(item as Record<string, { security?: Record<string, string[]>[] } | undefined>)) {
      const security = operation && typeof operation === 'object' ? operation.security : undefined;
      if (Array.isArray(security) && security.some((requirement) => 'bearer' in requirement) && !security.some((r) => API_KEY_SECURITY in r))
        security.push({ [API_KEY_SECURITY]: [] });
    }
  return document;
}
