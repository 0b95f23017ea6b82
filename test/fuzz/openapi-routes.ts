/**
 * The route list of the fuzz test, read from the app's own OpenAPI document
 * (`GET /docs-json`): nothing here names a route of the app.
 */

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  description?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  additionalProperties?: boolean | Schema;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  [key: string]: unknown;
}

export interface ParamSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
  /** The parameter's description (rules the document states in words). */
  description?: string;
}

/** One documented answer of an operation. */
export interface ResponseSpec {
  description: string;
  /** The media types documented for the body (`application/json`, `text/csv`…); empty when none. */
  mediaTypes: string[];
  /** The JSON body schema, `$ref`s resolved; undefined when the answer has no body. */
  schema?: Schema;
  /** The error codes the description names (`` `NOT_FOUND` ``), empty when it names none. */
  codes: string[];
}

export interface RouteSpec {
  /** `GET /api/zones/{id}` */
  key: string;
  method: string;
  /** OpenAPI path template, e.g. `/api/zones/{id}`. */
  template: string;
  pathParams: ParamSpec[];
  queryParams: ParamSpec[];
  headerParams: ParamSpec[];
  /** The JSON request body schema, `$ref`s resolved; undefined when the operation takes no body. */
  body?: Schema;
  /** Whether the document declares a security requirement (a bearer token). */
  secured: boolean;
  /** The documented answers by status (`'200'`, `'404'`…). */
  responses: Record<string, ResponseSpec>;
  /** The operation's summary and description, for rules stated in words. */
  text: string;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: (ParamSpec & { $ref?: string })[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
        security?: unknown[];
        summary?: string;
        description?: string;
        responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
  security?: unknown[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

/** A copy of `schema` with every `#/components/schemas/…` reference replaced by its target (cycles cut). */
export function resolveSchema(schema: Schema | undefined, components: Record<string, Schema>, seen: string[] = []): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/components\/schemas\//, '');
    if (seen.includes(name)) return { type: 'object' };
    const target = components[name];
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
    return resolveSchema(target, components, [...seen, name]);
  }
  const out: Schema = { ...schema };
  if (schema.items) out.items = resolveSchema(schema.items, components, seen);
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, resolveSchema(value, components, seen)!]),
    );
  }
  for (const combinator of ['allOf', 'oneOf', 'anyOf'] as const) {
    const parts = schema[combinator];
    if (parts) out[combinator] = parts.map((part) => resolveSchema(part, components, seen)!);
  }
  if (out.allOf) {
    // Merge allOf parts into one object schema (enough for DTO inheritance).
    const merged: Schema = { ...out, properties: { ...(out.properties ?? {}) }, required: [...(out.required ?? [])] };
    for (const part of out.allOf) {
      Object.assign(merged.properties!, part.properties ?? {});
      merged.required!.push(...(part.required ?? []));
      merged.type ??= part.type;
    }
    delete merged.allOf;
    return merged;
  }
  return out;
}

export function routesFromOpenApi(doc: OpenApiDocument): RouteSpec[] {
  const components = doc.components?.schemas ?? {};
  const routes: RouteSpec[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (!METHODS.includes(method)) continue;
      const params = (op.parameters ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        required: Boolean(p.required) || p.in === 'path',
        schema: resolveSchema(p.schema ?? { type: 'string' }, components) ?? { type: 'string' },
        ...(p.description !== undefined ? { description: p.description } : {}),
      }));
      // Path parameters the template names but the operation forgot to declare still get values.
      for (const match of template.matchAll(/\{([^}]+)\}/g)) {
        if (!params.some((p) => p.in === 'path' && p.name === match[1])) {
          params.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
        }
      }
      const content = op.requestBody?.content ?? {};
      // The generators write JSON bodies only: a route whose body is another media type (text/csv) is fuzzed without one
      // (its documented 415 and the hostile requests still reach it).
      const jsonSchema = content['application/json']?.schema;
      routes.push({
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        headerParams: params.filter((p) => p.in === 'header'),
        body: resolveSchema(jsonSchema, components),
        secured: (op.security ?? doc.security ?? []).length > 0,
        responses: Object.fromEntries(
          Object.entries(op.responses ?? {}).map(([status, response]): [string, ResponseSpec] => {
            const description = response.description ?? '';
            const responseContent = response.content ?? {};
            const schema = responseContent['application/json']?.schema ?? Object.values(responseContent)[0]?.schema;
            return [
              status,
              {
                description,
                mediaTypes: Object.keys(responseContent),
                schema: resolveSchema(schema, components),
                codes: [...description.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]),
              },
            ];
          }),
        ),
        text: [op.summary, op.description].filter(Boolean).join('\n'),
      });
    }
  }
  return routes;
}

/** The methods the document declares for each path template (to aim undeclared methods at real paths). */
export function methodsByTemplate(routes: RouteSpec[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const route of routes) {
    if (!map.has(route.template)) map.set(route.template, new Set());
    map.get(route.template)!.add(route.method);
  }
  return map;
}
