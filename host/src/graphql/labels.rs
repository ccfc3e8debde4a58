//! The label catalogue.

use async_graphql::{Context, InputObject, Object};
use chrono::{DateTime, Utc};

use super::errors::GqlResult;
use super::{caller, services};
use crate::labels::Label;

pub struct LabelObject(pub Label);

#[Object(name = "Label")]
impl LabelObject {
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// `#rrggbb`.
    async fn color(&self) -> &str {
        &self.0.color
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(InputObject)]
pub struct CreateLabelInput {
    /// Lower-cased: `fibra`, `2a-via-boleto`.
    name: String,
    description: Option<String>,
    /// `#rrggbb` [default: grey]
    color: Option<String>,
}

#[derive(InputObject)]
pub struct UpdateLabelInput {
    description: Option<String>,
    color: Option<String>,
}

#[derive(Default)]
pub struct LabelQuery;

#[Object]
impl LabelQuery {
    async fn labels(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<LabelObject>> {
        let labels = services(ctx).labels.list(caller(ctx)).await.gql()?;
        Ok(labels.into_iter().map(LabelObject).collect())
    }
}

#[derive(Default)]
pub struct LabelMutation;

#[Object]
impl LabelMutation {
    /// Supervisors and admins.
    async fn create_label(
        &self,
        ctx: &Context<'_>,
        input: CreateLabelInput,
    ) -> async_graphql::Result<LabelObject> {
        services(ctx)
            .labels
            .create(
                caller(ctx),
                &input.name,
                input.description.as_deref(),
                input.color.as_deref(),
            )
            .await
            .map(LabelObject)
            .gql()
    }

    async fn update_label(
        &self,
        ctx: &Context<'_>,
        name: String,
        input: UpdateLabelInput,
    ) -> async_graphql::Result<LabelObject> {
        services(ctx)
            .labels
            .update(
                caller(ctx),
                &name,
                input.description.as_deref(),
                input.color.as_deref(),
            )
            .await
            .map(LabelObject)
            .gql()
    }

    /// Also removes the label from every conversation.
    async fn delete_label(&self, ctx: &Context<'_>, name: String) -> async_graphql::Result<bool> {
        services(ctx)
            .labels
            .delete(caller(ctx), &name)
            .await
            .map(|()| true)
            .gql()
    }
}
