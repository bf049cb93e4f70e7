import type { RouterRoute } from "hono/types";
import { answersOf, type HeaderParameter, type OperationRef, type ProblemAnswer } from "../../api/answers";
import { PROBLEM_DESCRIPTION } from "../../api/schemas";

/** The parts of a generated OpenAPI 3.1 document this module reads and writes. */
export interface OperationObject {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; [k: string]: unknown }[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  [k: string]: unknown;
}
export interface OpenApiDocument {
  paths?: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, unknown>; [k: string]: unknown };
  [k: string]: unknown;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

const INVALID_INPUT: ProblemAnswer = {
  status: 400,
  description: "The request is not valid: `VALIDATION_FAILED` (with `errors`) or a more specific code",
};
const INTERNAL: ProblemAnswer = {
  status: 500,
  description: "`INTERNAL`: a bug on our side; the body leaks nothing but the request id",
};

/**
 * Adds to every operation of `doc` what the code around its handler can answer, so no route has
 * to remember it: the statuses of the middleware that runs before it (app-wide `app.use` and the
 * route's own `middleware`, read from the router and tagged with `answering()`), 400 when it
 * validates input, 500 from the error handler, the headers that middleware reads, and
 * `security: []` when nothing guards it.
 */
export function completeDocument(doc: OpenApiDocument, routes: readonly RouterRoute[]): void {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue; // path-level `parameters`, `summary`, …
      const ref = { method, path };
      const answers = middlewareOf(routes, ref).flatMap((handler) => answersOf(handler, ref) ?? []);
      const headers = answers.flatMap((a) => a.headers ?? []);
      addHeaderParameters(op, headers);
      const problems = answers.flatMap((a) => a.problems ?? []);
      if (op.parameters?.length || op.requestBody) problems.push(INVALID_INPUT);
      problems.push(INTERNAL);
      op.responses = withProblems(op.responses ?? {}, problems);
      op.security ??= answers.find((a) => a.security)?.security ?? [];
      const rule = answers.find((a) => a.access)?.access;
      if (rule) op["x-edgefare-access"] = rule;
    }
  }
}

/** Every handler the router runs for this operation up to its own: app-wide middleware first. */
function middlewareOf(routes: readonly RouterRoute[], op: OperationRef): unknown[] {
  const method = op.method.toUpperCase();
  const honoPath = op.path.replaceAll(/\{(\w+)\}/g, ":$1");
  const own = routes.findIndex((r) => r.method === method && r.path === honoPath);
  if (own < 0) throw new Error(`The router has no ${method} ${honoPath} for the documented operation.`);
  return routes
    .filter(
      (r, i) =>
        (r.method === method && r.path === honoPath) || (i < own && r.method === "ALL" && covers(r.path, honoPath)),
    )
    .map((r) => r.handler);
}

/** The `app.use` path patterns the app uses: everything, or everything under a prefix. */
function covers(pattern: string, path: string): boolean {
  if (pattern === "*" || pattern === "/*") return true;
  if (pattern === path) return true;
  const prefix = pattern.endsWith("/*") ? pattern.slice(0, -2) : null;
  if (prefix === null || /[*:]/.test(prefix)) {
    throw new Error(`Cannot tell which operations middleware at '${pattern}' runs on: teach covers() the pattern.`);
  }
  return path === prefix || path.startsWith(`${prefix}/`);
}

function addHeaderParameters(op: OperationObject, headers: HeaderParameter[]): void {
  for (const header of headers) {
    const name = header.name.toLowerCase();
    if (op.parameters?.some((p) => p.in === "header" && p.name.toLowerCase() === name)) continue;
    op.parameters = [...(op.parameters ?? []), { in: "header", required: false, ...header }];
  }
}

/** The route's own responses, plus a problem response for each status not listed yet, by status. */
function withProblems(responses: Record<string, unknown>, problems: ProblemAnswer[]): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...responses };
  for (const status of new Set(problems.map((p) => p.status))) {
    const own = merged[status] as { description?: string; headers?: object } | undefined;
    // A response the route describes itself stays as it is; a plain problemResponses() one gains the details.
    if (own !== undefined && own.description !== PROBLEM_DESCRIPTION) continue;
    const same = problems.filter((p) => p.status === status);
    const headers = Object.assign({}, own?.headers, ...same.map((p) => p.headers ?? {}));
    const descriptions = [...new Set(same.map((p) => p.description))];
    merged[status] = {
      description: (own ? [`${PROBLEM_DESCRIPTION}: the operation's own codes`, ...descriptions] : descriptions).join(
        "; ",
      ),
      ...(Object.keys(headers).length ? { headers } : {}),
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
}
