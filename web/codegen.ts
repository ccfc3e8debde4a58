// Typed GraphQL operations for the console, generated from the committed schema. The output is
// committed too; `npm run codegen:check` (part of `npm run check`) fails when it is stale.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['console/src/**/*.{ts,tsx}', '!console/src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'console/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents as plain strings: no graphql-js in the browser bundle.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        scalars: { DateTime: 'string', JSON: 'unknown', Upload: 'File' },
      },
    },
    // Every enum of the schema, as values too, for the console and the widget alike: e.g.
    // `ErrorReason`, which both translate (their dictionaries must name every reason).
    'shared/schema-enums.ts': {
      plugins: [{ add: { content: '// Generated from ../schema.graphql by `npm run codegen`: do not edit.' } }, 'typescript'],
      config: { onlyEnums: true, enumsAsConst: true, useTypeImports: true },
    },
  },
};

export default config;
