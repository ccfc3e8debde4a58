// Typed GraphQL operations for the console and the widget, generated from the committed schema
// (an operation that no longer fits it fails here). The output is committed too;
// `npm run codegen:check` (part of `npm run check`) fails when it is stale.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'console/src/gql/': {
      documents: ['console/src/**/*.{ts,tsx}', '!console/src/gql/**'],
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
    // The widget's operations (widget/src/operations.ts): their result and variable types only,
    // so nothing generated reaches the script sites load.
    'widget/src/gql.ts': {
      documents: ['widget/src/operations.ts'],
      plugins: [{ add: { content: '// Generated from ../../schema.graphql and operations.ts by `npm run codegen`: do not edit.' } }, 'typescript-operations'],
      config: {
        onlyOperationTypes: true,
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        avoidOptionals: { field: true, inputValue: false, object: false },
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
