// The image's HEALTHCHECK: GET one URL, exit 0 on a 2xx answer within 2 s, 1 otherwise.
//   node tools/runtime/healthcheck.js [url]      (default: the API's http://127.0.0.1:3000/health/live)
// A worker serves /health/live on its METRICS_PORT: docker-compose.yml passes that URL.
// Plain Node (the runtime image has no curl), no dependencies.
'use strict';
const url = process.argv[2] || 'http://127.0.0.1:3000/health/live';

fetch(url, { signal: AbortSignal.timeout(2000) })
  .then((response) => process.exit(response.ok ? 0 : 1))
  .catch(() => process.exit(1));
