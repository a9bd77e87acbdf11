/**
 * GitHub's REST API as far as follow-ups use it (issue 21), on 127.0.0.1: `POST
 * /repos/{owner}/{repo}/issues` as "Create an issue" documents it (Bearer token, the
 * `application/vnd.github+json` media type, X-GitHub-Api-Version, a JSON body with a string
 * `title`, optional string `body` and string `labels`), answered 201 with the issue (`number`,
 * `html_url`, `state`…). A request off that shape is recorded as a violation and answered 422 as
 * GitHub does ("Validation Failed"); a wrong token 401.
 */
import http from 'node:http';

export interface GitHubStandIn {
  /** What GITHUB_API_URL is set to. */
  url: string;
  repo: string;
  token: string;
  issues: Array<{ number: number; title: string; body: string; labels: string[] }>;
  violations: string[];
  close(): Promise<void>;
}

export async function startGitHubStandIn(repo = 'acme/ops', token = 'github_pat_stand_in_token'): Promise<GitHubStandIn> {
  const issues: GitHubStandIn['issues'] = [];
  const violations: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
      const problems: string[] = [];
      if (req.method !== 'POST' || req.url !== `/repos/${repo}/issues`) problems.push(`${req.method} ${req.url} is not POST /repos/${repo}/issues`);
      if (req.headers.accept !== 'application/vnd.github+json') problems.push(`Accept is ${req.headers.accept}`);
      if (req.headers['x-github-api-version'] !== '2022-11-28') problems.push(`X-GitHub-Api-Version is ${req.headers['x-github-api-version']}`);
      if (!req.headers['user-agent']) problems.push('no User-Agent (GitHub refuses requests without one)');
      if (!String(req.headers['content-type']).startsWith('application/json')) problems.push(`Content-Type is ${req.headers['content-type']}`);
      let body: any = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        problems.push('body is not JSON');
      }
      if (body !== null) {
        if (typeof body.title !== 'string' || body.title === '') problems.push('title must be a non-empty string');
        if (body.body !== undefined && typeof body.body !== 'string') problems.push('body must be a string');
        if (body.labels !== undefined && !(Array.isArray(body.labels) && body.labels.every((l: unknown) => typeof l === 'string'))) problems.push('labels must be strings');
      }
      if (req.headers.authorization !== `Bearer ${token}`) {
        violations.push(`authorization: ${req.headers.authorization}`);
        return answer(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
      }
      if (problems.length > 0) {
        violations.push(...problems);
        return answer(422, { message: 'Validation Failed', errors: problems, documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue', status: '422' });
      }
      const number = issues.length + 1;
      issues.push({ number, title: body.title, body: body.body ?? '', labels: body.labels ?? [] });
      answer(201, {
        id: 1000 + number,
        node_id: `I_${number}`,
        url: `${url}/repos/${repo}/issues/${number}`,
        html_url: `https://github.com/${repo}/issues/${number}`,
        number,
        state: 'open',
        title: body.title,
        body: body.body ?? null,
        labels: (body.labels ?? []).map((name: string) => ({ name })),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, repo, token, issues, violations, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
