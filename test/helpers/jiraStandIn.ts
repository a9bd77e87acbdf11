/**
 * Jira's REST API v2 as far as follow-ups use it (issue 21), on 127.0.0.1: `POST
 * /rest/api/2/issue` with `fields.project.key`, `fields.summary`, `fields.issuetype.name` and a
 * string `fields.description` (v2 takes wiki text, v3 would take ADF), authenticated by Basic
 * email:API token (Cloud) or a Bearer personal access token (Data Center). Answered 201 with
 * `{id, key, self}` as "Create issue" documents; a request off that shape is recorded and answered
 * 400 with Jira's `errorMessages`/`errors`, a wrong credential 401.
 */
import http from 'node:http';

export interface JiraStandIn {
  /** What JIRA_BASE_URL is set to. */
  url: string;
  issues: Array<{ key: string; summary: string; description: string; issueType: string }>;
  violations: string[];
  close(): Promise<void>;
}

export async function startJiraStandIn(options: { projectKey: string; authorization: string }): Promise<JiraStandIn> {
  const issues: JiraStandIn['issues'] = [];
  const violations: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));
      if (req.headers.authorization !== options.authorization) {
        violations.push(`authorization: ${req.headers.authorization}`);
        return answer(401, { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} });
      }
      const problems: string[] = [];
      if (req.method !== 'POST' || req.url !== '/rest/api/2/issue') problems.push(`${req.method} ${req.url} is not POST /rest/api/2/issue`);
      if (!String(req.headers['content-type']).startsWith('application/json')) problems.push(`Content-Type is ${req.headers['content-type']}`);
      let body: any = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        problems.push('body is not JSON');
      }
      const f = body?.fields;
      if (f?.project?.key !== options.projectKey) problems.push(`fields.project.key is ${f?.project?.key}`);
      if (typeof f?.summary !== 'string' || f.summary === '' || f.summary.length > 255) problems.push('fields.summary must be 1-255 characters');
      if (typeof f?.issuetype?.name !== 'string') problems.push('fields.issuetype.name must be a string');
      if (f?.description !== undefined && typeof f.description !== 'string') problems.push('fields.description must be a string in API v2');
      if (problems.length > 0) {
        violations.push(...problems);
        return answer(400, { errorMessages: problems, errors: {} });
      }
      const id = String(10000 + issues.length + 1);
      const key = `${options.projectKey}-${issues.length + 1}`;
      issues.push({ key, summary: f.summary, description: f.description ?? '', issueType: f.issuetype.name });
      answer(201, { id, key, self: `${url}/rest/api/2/issue/${id}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, issues, violations, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
