import { applyDecorators, INestApplication, SetMetadata } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  DocumentBuilder,
  getSchemaPath,
  OpenAPIObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { API_BODIES, refineDocument, routeAccess } from './openapi-refine';
import { API_KEY_SCHEME, API_KEY_SECURITY, withApiKeyAlternative } from '../api-keys/api-keys.openapi';
import { STUDENT_SECURITY } from '../student-access/student-access.decorators';
import { STUDENT_COOKIE } from '../student-access/student-access.links';

export class FieldErrorSchema {
  @ApiProperty({ example: 'student.email' }) field!: string;
  @ApiProperty({ example: 'maxLength', description: 'Stable code of the error (src/common/problem-messages.ts), for a client to say it in its own language.' })
  code!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { max: 254 }, description: 'The values its sentence needs.' })
  params?: Record<string, unknown>;
  @ApiProperty({ example: 'must be at most 254 characters long', description: 'The sentence, in the language of Accept-Language (fr, else en).' })
  message!: string;
}

export class ProblemSchema {
  @ApiProperty({ example: '/problems/validation-error' }) type!: string;
  @ApiProperty({ example: 'Invalid request' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ example: 'Invalid request: email, birthName.', description: 'The sentence, in the language of Accept-Language (fr, else en).' })
  detail!: string;
  @ApiProperty({ example: 'request.invalid', description: 'Stable code of the problem (src/common/problem-messages.ts).' }) code!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { fields: ['email', 'birthName'] }, description: 'The values its sentence needs.' })
  params!: Record<string, unknown>;
  @ApiProperty({ example: '/api/students' }) instance!: string;
  @ApiProperty({ example: 'b1c3a6d2-0c53-4a62-9a2b-7f2f1b7f2c11' }) requestId!: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'Every bad field, for validation errors.' })
  errors?: FieldErrorSchema[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: `errors` names every bad field',
  401: 'No or expired credentials',
  403: 'Not allowed',
  404: 'Unknown id',
  409: 'Conflict: duplicate, or a transition the status does not allow',
  412: 'Stale If-Match version',
  413: 'File too large',
  415: 'File type not accepted',
  422: 'A rule refuses the action (with the findings)',
  428: 'If-Match header required',
  429: 'Rate-limited',
};

/** Documents the problem+json answers of an operation. */
export function ApiProblems(...statuses: number[]): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemSchema),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? `HTTP ${status}`,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemSchema) } } },
      }),
    ),
  );
}

type Schema = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/**
 * A body taken in several media types, each with its own schema (JSON and multipart, say): one
 * content entry per media type in the document, never a oneOf across them (openapi-refine.ts).
 */
export function ApiBodies(bodies: Record<string, Schema>, description?: string): MethodDecorator {
  const [first] = Object.values(bodies);
  return applyDecorators(ApiConsumes(...Object.keys(bodies)), ApiBody({ schema: first!, description }), SetMetadata(API_BODIES, bodies));
}

/**
 * The API's OpenAPI document, as /docs-json serves it. It reads only the routes' and DTOs'
 * metadata, so the web app's types are generated from it without PostgreSQL or Redis.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Passerelle API')
      .setDescription(
        'Residence-permit dossiers of a university international office. Errors are RFC 9457 problem+json; ' +
          'dates are YYYY-MM-DD, times ISO-8601 with offset.',
      )
      .setVersion(process.env.npm_package_version ?? '0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The accessToken of POST /api/auth/login' })
      .addBearerAuth(API_KEY_SCHEME, API_KEY_SECURITY)
      // the students' API (@StudentApi, src/student-access): the session cookie only, never a bearer token
      .addApiKey(
        {
          type: 'apiKey',
          in: 'cookie',
          name: STUDENT_COOKIE,
          description: "The student's session: POST /api/student/session exchanges a personal link for it",
        },
        STUDENT_SECURITY,
      )
      .addTag('student', "The student's own page, opened by their personal link (/api/student/…): a session cookie, no agent's token")
      .build(),
  );
  // security, 401/403/429, problem schemas per type, binary downloads: from the routes' metadata (openapi-refine.ts)
  // every route an access token opens, an API key opens too (src/api-keys)
  return withApiKeyAlternative(refineDocument(document, routeAccess(app)));
}
