/**
 * The importer's way into the server: its REST API with the API token, so every record an import
 * writes passes the same validation and access checks as one typed by hand. A server that cannot
 * be reached, or refuses the token, ends the import; a record it refuses is that record's failure.
 */
export class ApiUnavailable extends Error {}

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

export interface ApiClient {
  call<T = any>(method: string, pathname: string, body?: unknown): Promise<ApiAnswer<T>>;
}

export function apiClient(baseUrl: string, token: string): ApiClient {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async call(method, pathname, body) {
      let res: Response;
      try {
        res = await fetch(base + pathname, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        throw new ApiUnavailable(`cannot reach ${base} (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}); is the server running? (IR_URL)`);
      }
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        throw new ApiUnavailable(`${method} ${pathname}: ${base} answered ${res.status} with something that is not JSON; is IR_URL this server?`);
      }
      if (res.status === 401 || res.status === 403) throw new ApiUnavailable(`${method} ${pathname}: ${res.status} ${errorMessage(parsed)} (the import needs the API token: IR_TOKEN)`);
      return { status: res.status, body: parsed as any };
    },
  };
}

/** The server's reason for a refusal (`{error: {message}}`). */
export function errorMessage(body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === 'string' ? message : JSON.stringify(body);
}
