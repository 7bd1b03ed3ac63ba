// Import boundaries, checked by `npm test`:
// - no import cycles;
// - a lib is imported only through its root (`@app/dal`), never a deep path;
// - an app never imports another app; libs never import apps; product code never imports tools/ or test/;
// - libs/domain and libs/contracts stay pure (no Nest, no mongodb, no bullmq).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'no-deep-lib-import',
      comment: 'Import libs through their root index (`@app/<lib>`).',
      severity: 'error',
      from: { pathNot: '^libs/([^/]+)/' },
      to: { path: '^libs/([^/]+)/src/.+', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'no-app-to-other-app',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-unresolvable-lib-import',
      comment: 'Every import must resolve (a deep `@app/<lib>/src/...` import does not: only lib roots are mapped).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^@app/' },
    },
    { name: 'no-lib-to-app', severity: 'error', from: { path: '^libs/' }, to: { path: '^apps/' } },
    { name: 'no-product-to-tools-or-test', severity: 'error', from: { path: '^(apps|libs)/' }, to: { path: '^(tools|test)/' } },
    {
      name: 'pure-domain',
      severity: 'error',
      from: { path: '^libs/(domain|contracts)/' },
      to: { path: '(^libs/(?!domain|contracts)|node_modules/(@nestjs|mongodb|bullmq|ioredis))' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
