// Resolves the `@app/<lib>` import names of the compiled output (dist/) at run time.
// Loaded with `node -r ./tools/runtime/register-paths.js dist/...`.
const path = require('node:path');
const { register } = require('tsconfig-paths');

const dist = path.resolve(__dirname, '..', '..', 'dist');
register({ baseUrl: dist, paths: { '@app/*': ['libs/*/src'] } });
