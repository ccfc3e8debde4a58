// Generates typed documents (src/gql/) from the server's schema and the operations written with
// `graphql(...)` in src/. Run by `npm run generate`; an operation that no longer fits the schema
// fails here, and a changed result type fails `tsc --noEmit` afterwards.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../../../schema.graphql",
  documents: ["src/**/*.ts", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents as strings: the executor sends them as they are, no graphql-js at run time.
        documentMode: "string",
        useTypeImports: true,
        // ESM: relative imports with their `.js` extension (module "NodeNext").
        emitLegacyCommonJSImports: false,
        strictScalars: true,
        scalars: { DateTime: "string", JSON: "unknown", Upload: "unknown" },
      },
    },
  },
};

export default config;
