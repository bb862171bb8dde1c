import { createRequire } from 'node:module';
import { apiRoutes, buildOpenApiDocument } from '@hearth/contracts';
import express, { type Express } from 'express';

const docsPath = '/api/docs';

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Hearth API</title>
    <link rel="stylesheet" href="${docsPath}/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${docsPath}/assets/swagger-ui-bundle.js"></script>
    <script src="${docsPath}/init.js"></script>
  </body>
</html>
`;

// A file rather than an inline script, so a strict Content-Security-Policy can forbid inline code.
const init = `window.ui = SwaggerUIBundle({ url: '${docsPath}/openapi.json', dom_id: '#swagger-ui' });\n`;

/** Serves the OpenAPI document built from the route contracts, and Swagger UI to read it. */
export function mountOpenApi(app: Express, version: string): void {
  const document = buildOpenApiDocument(
    {
      title: 'Hearth API',
      version,
      description: 'Scheduling, rosters and live sessions for remote Interpersonal Psychotherapy.',
    },
    apiRoutes,
  );
  const json = JSON.stringify(document);
  const assets = (
    createRequire(__filename)('swagger-ui-dist') as { getAbsoluteFSPath(): string }
  ).getAbsoluteFSPath();
  app.get(`${docsPath}/openapi.json`, (_req, res) => {
    res.type('application/json').send(json);
  });
  app.get(`${docsPath}/init.js`, (_req, res) => {
    res.type('text/javascript').send(init);
  });
  app.use(`${docsPath}/assets`, express.static(assets, { index: false, maxAge: '1d' }));
  app.get([docsPath, `${docsPath}/`], (_req, res) => {
    res.type('text/html').send(page);
  });
}
