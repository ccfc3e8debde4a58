//! Request count and latency per GraphQL operation. The label is the operation type and its root
//! fields (`mutation login`): bounded by the schema, unlike client-chosen operation names.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::{
    ExecutableDocument, OperationDefinition, OperationType, Selection,
};
use async_graphql::{Response, ServerError, ServerResult, ValidationResult, Variables};

pub struct OperationMetrics;

impl ExtensionFactory for OperationMetrics {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(OperationMetricsExtension::default())
    }
}

/// Per request: the parsed document's operations and their labels, read back at execution.
#[derive(Default)]
struct OperationMetricsExtension {
    labels: Mutex<Vec<(Option<String>, String)>>,
}

impl OperationMetricsExtension {
    fn label(&self, operation_name: Option<&str>) -> String {
        let labels = self.labels.lock().map(|l| l.clone()).unwrap_or_default();
        labels
            .into_iter()
            .find(|(name, _)| operation_name.is_none() || name.as_deref() == operation_name)
            .map_or_else(|| "unknown".into(), |(_, label)| label)
    }
}

fn operation_labels(doc: &ExecutableDocument) -> Vec<(Option<String>, String)> {
    doc.operations
        .iter()
        .map(|(name, operation)| {
            (
                name.map(|n| n.to_string()),
                operation_label(&operation.node),
            )
        })
        .collect()
}

fn operation_label(operation: &OperationDefinition) -> String {
    let kind = match operation.ty {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    };
    let mut fields: Vec<&str> = operation
        .selection_set
        .node
        .items
        .iter()
        .filter_map(|item| match &item.node {
            Selection::Field(field) => Some(field.node.name.node.as_str()),
            _ => None,
        })
        .collect();
    fields.sort_unstable();
    fields.dedup();
    format!("{kind} {}", fields.join(","))
}

#[async_trait::async_trait]
impl Extension for OperationMetricsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        if let Ok(mut labels) = self.labels.lock() {
            *labels = operation_labels(&doc);
        }
        Ok(doc)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await;
        if result.is_err() {
            metrics::counter!("ispchat_graphql_requests_total", "operation" => "invalid", "outcome" => "error")
                .increment(1);
        }
        result
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let started = Instant::now();
        let response = next.run(ctx, operation_name).await;
        let operation = self.label(operation_name);
        let outcome = if response.is_ok() { "ok" } else { "error" };
        metrics::counter!("ispchat_graphql_requests_total", "operation" => operation.clone(), "outcome" => outcome)
            .increment(1);
        metrics::histogram!("ispchat_graphql_request_duration_seconds", "operation" => operation)
            .record(started.elapsed().as_secs_f64());
        response
    }
}
