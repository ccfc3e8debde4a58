//! API keys for integrators (admins only).

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::errors::GqlResult;
use super::{caller, parse_id, services};
use crate::auth::Scope;
use crate::auth::api_keys::{ApiKey, CreatedApiKey};

pub struct ApiKeyObject(ApiKey);

#[Object(name = "ApiKey")]
impl ApiKeyObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The key's first characters, to recognise it.
    async fn prefix(&self) -> &str {
        &self.0.prefix
    }
    async fn scopes(&self) -> &[String] {
        &self.0.scopes
    }
    async fn created_by_id(&self) -> Option<ID> {
        self.0.created_by.map(|id| ID(id.to_string()))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
}

#[derive(SimpleObject)]
#[graphql(name = "CreatedApiKey")]
pub struct CreatedApiKeyObject {
    /// The secret. Shown only now: store it, it cannot be read again.
    key: String,
    api_key: ApiKeyObject,
}

impl From<CreatedApiKey> for CreatedApiKeyObject {
    fn from(created: CreatedApiKey) -> Self {
        CreatedApiKeyObject {
            key: created.key,
            api_key: ApiKeyObject(created.api_key),
        }
    }
}

#[derive(InputObject)]
pub struct CreateApiKeyInput {
    name: String,
    /// See `apiKeyScopes` for the list.
    scopes: Vec<String>,
}

#[derive(Default)]
pub struct ApiKeyQuery;

#[Object]
impl ApiKeyQuery {
    async fn api_keys(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ApiKeyObject>> {
        let keys = services(ctx).api_keys.list(caller(ctx)).await.gql()?;
        Ok(keys.into_iter().map(ApiKeyObject).collect())
    }

    /// The scopes an API key can be given.
    async fn api_key_scopes(&self) -> Vec<&'static str> {
        Scope::ALL.iter().map(|s| s.as_str()).collect()
    }
}

#[derive(Default)]
pub struct ApiKeyMutation;

#[Object]
impl ApiKeyMutation {
    async fn create_api_key(
        &self,
        ctx: &Context<'_>,
        input: CreateApiKeyInput,
    ) -> async_graphql::Result<CreatedApiKeyObject> {
        services(ctx)
            .api_keys
            .create(caller(ctx), &input.name, &input.scopes)
            .await
            .map(Into::into)
            .gql()
    }

    async fn revoke_api_key(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ApiKeyObject> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .api_keys
            .revoke(caller(ctx), id)
            .await
            .map(ApiKeyObject)
            .gql()
    }
}
