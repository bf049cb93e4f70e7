import { type Schema, Validator } from "@cfworker/json-schema";

/**
 * Checks a response against the OpenAPI document the app serves: the status is documented for
 * the operation, the content type is one it documents, and the body matches its schema. Every
 * response a test sees goes through here (test/support/app-client.ts), so the document cannot
 * drift from what the API does without a test failing.
 *
 * @cfworker/json-schema, because the tests run inside workerd, which forbids `eval` and
 * `new Function`: Ajv's compiled validators cannot run there; this one interprets the schema.
 */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components?: { schemas?: Record<string, unknown>; responses?: Record<string, ResponseObject> };
}
interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}

/** Paths left out of the document on purpose: their answers are not API resources. */
const OUTSIDE_THE_DOCUMENT: { prefix: string; why: string }[] = [
  { prefix: "/openapi.json", why: "the document itself" },
  { prefix: "/docs", why: "Swagger UI's HTML page" },
  { prefix: "/trips", why: "the web app's HTML pages (src/web)" },
  { prefix: "/stays", why: "the web app's HTML pages (src/web)" },
  { prefix: "/events", why: "the web app's HTML pages (src/web)" },
  { prefix: "/book/", why: "the web app's reserve and checkout pages (src/web)" },
  { prefix: "/manage", why: "the web app's booking pages (src/web)" },
  { prefix: "/departures/", why: "the web app's departure pages (src/web)" },
  { prefix: "/cart", why: "the web app's cart (src/web)" },
  { prefix: "/sign-in", why: "the web app's sign-in page (src/web)" },
  { prefix: "/sign-out", why: "the web app's sign-out form (src/web)" },
  { prefix: "/me", why: "the web app's My trips page (src/web)" },
  { prefix: "/console", why: "the organiser console's HTML pages (src/web/console)" },
  { prefix: "/__bench/", why: "benchmark-only routes, 404 unless BENCH_COUNTERS is set (src/http/routes/bench.ts)" },
];

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export class ResponseChecker {
  private readonly templates: { template: string; pattern: RegExp; literal: number }[];
  private readonly defs: unknown;
  private readonly validators = new WeakMap<object, Validator>();

  constructor(private readonly doc: OpenApiDocument) {
    this.templates = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp(
        `^${template
          .split(/\{[^}]+\}/)
          .map(escapeRegExp)
          .join("[^/]+")}$`,
      ),
      literal: template.replaceAll(/\{[^}]+\}/g, "").length,
    }));
    this.defs = toDefs(doc.components?.schemas ?? {});
  }

  /** What does not match, as sentences; empty when the response is what the document says. */
  async mismatches(request: Request, res: Response): Promise<string[]> {
    const url = new URL(request.url);
    if (url.pathname === "/" || OUTSIDE_THE_DOCUMENT.some(({ prefix }) => url.pathname.startsWith(prefix))) return [];
    const method = request.method.toLowerCase() === "head" ? "get" : request.method.toLowerCase();
    if (method === "options" && res.status === 204) return []; // a CORS preflight, answered for any path
    const template = this.templates
      .filter((t) => t.pattern.test(url.pathname))
      .sort((a, b) => b.literal - a.literal)[0]?.template;
    const op = template ? this.doc.paths[template]?.[method] : undefined;
    const body = request.method === "HEAD" ? "" : await res.clone().text();
    if (!template || !op || !METHODS.includes(method)) return this.outsideMismatches(res, body);

    const label = `${method.toUpperCase()} ${template} → ${res.status}`;
    const documented =
      op.responses[String(res.status)] ?? op.responses[`${String(res.status)[0]}XX`] ?? op.responses.default;
    if (!documented) {
      return [`${label}: status ${res.status} is not documented (documented: ${Object.keys(op.responses).join(", ")})`];
    }
    return this.contentMismatches(label, this.resolve(documented), res, body);
  }

  /** No operation: only the app-wide answers (404 NOT_FOUND, 413, 415, …), always as a problem. */
  private outsideMismatches(res: Response, body: string): string[] {
    const problem = { content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
    const label = `an undocumented route → ${res.status}`;
    const status = res.status >= 400 && res.status < 500 ? [] : [`${label}: only a 4xx problem is documented`];
    return [...status, ...this.contentMismatches(label, problem, res, body)];
  }

  private contentMismatches(label: string, documented: ResponseObject, res: Response, body: string): string[] {
    const content = documented.content ?? {};
    if (Object.keys(content).length === 0) {
      return body === "" ? [] : [`${label}: the document gives no body, the response has ${body.length} bytes`];
    }
    const type = (res.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const media = content[type];
    if (!media)
      return [`${label}: content type '${type}' is not documented (documented: ${Object.keys(content).join(", ")})`];
    if (!/^application\/(?:[\w.+-]+\+)?json$/.test(type) || media.schema === undefined) return [];
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return [`${label}: the body is not JSON: ${body.slice(0, 200)}`];
    }
    const result = this.validator(media.schema as object).validate(json);
    return result.errors
      .filter((e) => e.keyword !== "properties" && e.keyword !== "items" && e.keyword !== "$ref")
      .slice(0, 8)
      .map((e) => `${label}: body${e.instanceLocation.slice(1)} ${e.error} (schema ${e.keywordLocation})`);
  }

  private resolve(response: ResponseObject): ResponseObject {
    const name = response.$ref?.replace("#/components/responses/", "");
    return name ? (this.doc.components?.responses?.[name] ?? response) : response;
  }

  private validator(schema: object): Validator {
    let validator = this.validators.get(schema);
    if (!validator) {
      const root = { ...(toDefs(schema) as object), $defs: this.defs } as Schema;
      validator = new Validator(root, "2020-12", false);
      this.validators.set(schema, validator);
    }
    return validator;
  }
}

/** Component references as JSON Schema's own `$defs`, which every validator resolves. */
function toDefs(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/'));
}

function escapeRegExp(literal: string): string {
  return literal.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
