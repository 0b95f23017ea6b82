import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

type Schema = Record<string, unknown>;

/**
 * The OpenAPI document of every route, made to say what the server enforces:
 * request bodies accept no property they do not list (the validation pipe
 * refuses unknown fields), so their schemas say `additionalProperties: false`.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Tidal Market')
      .setDescription(
        'Tidal markets (潮汐摊区): zones, stalls, market sessions, vendors and stall claims. ' +
          'Errors are `{ statusCode, error, code, message }`, with a stable machine `code`.',
      )
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as { requestBody?: { content?: Record<string, { schema?: Schema }> } }[]) {
      const ref = operation?.requestBody?.content?.['application/json']?.schema?.$ref;
      if (typeof ref === 'string') closeSchema(schemas, ref.split('/').pop()!);
    }
  }
  return document;
}

function closeSchema(schemas: Record<string, Schema>, name: string): void {
  const schema = schemas[name];
  if (schema && schema.type === 'object') schema.additionalProperties = false;
}
