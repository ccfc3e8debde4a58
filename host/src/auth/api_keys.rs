//! API keys for integrators: created by admins, shown once, stored hashed, limited to scopes.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::types::Json;
use uuid::Uuid;

use super::service::API_KEY_PREFIX;
use super::{Caller, Permission, Scope, random_token, token_hash};
use crate::audit::{Actor, AuditEvent, AuditLog};
use crate::clock::SharedClock;
use crate::error::{Error, Result};
use crate::storage::api_keys::ApiKeyRecord;
use crate::storage::{self, Db};

#[derive(Debug, Clone)]
pub struct ApiKey {
    pub id: Uuid,
    pub name: String,
    /// The first characters of the key, to tell keys apart without revealing them.
    pub prefix: String,
    pub scopes: Vec<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiKeyRecord> for ApiKey {
    fn from(r: ApiKeyRecord) -> Self {
        ApiKey {
            id: r.id,
            name: r.name,
            prefix: r.prefix,
            scopes: r.scopes.0,
            created_by: r.created_by,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        }
    }
}

pub struct CreatedApiKey {
    /// The secret itself: returned once, never stored.
    pub key: String,
    pub api_key: ApiKey,
}

pub struct ApiKeyService {
    db: Db,
    clock: SharedClock,
    audit: Arc<AuditLog>,
}

impl ApiKeyService {
    pub fn new(db: Db, clock: SharedClock, audit: Arc<AuditLog>) -> Self {
        ApiKeyService { db, clock, audit }
    }

    pub async fn create(
        &self,
        caller: &Caller,
        name: &str,
        scopes: &[String],
    ) -> Result<CreatedApiKey> {
        caller.require(Permission::ApiKeysManage)?;
        let name = crate::users::validate_text("input.name", name, 100)?;
        if scopes.is_empty() {
            return Err(Error::invalid("input.scopes", "give at least one scope"));
        }
        let mut parsed: Vec<Scope> = Vec::new();
        for scope in scopes {
            let known = Scope::parse(scope.trim()).ok_or_else(|| {
                let all: Vec<&str> = Scope::ALL.iter().map(|s| s.as_str()).collect();
                Error::invalid(
                    "input.scopes",
                    format!("unknown scope {scope:?}; known scopes: {}", all.join(", ")),
                )
            })?;
            if !parsed.contains(&known) {
                parsed.push(known);
            }
        }
        let key = format!("{API_KEY_PREFIX}{}", random_token(32));
        let record = ApiKeyRecord {
            id: Uuid::now_v7(),
            name,
            prefix: key.chars().take(API_KEY_PREFIX.len() + 6).collect(),
            key_hash: token_hash(&key),
            scopes: Json(parsed.iter().map(|s| s.as_str().to_owned()).collect()),
            created_by: caller.principal()?.user_id(),
            created_at: self.clock.now(),
            last_used_at: None,
            revoked_at: None,
        };
        let mut tx = self.db.begin().await?;
        storage::api_keys::insert(tx.conn(), &record).await?;
        let event = AuditEvent::new("api_key.create")
            .target("api_key", record.id)
            .details(json!({ "name": record.name, "scopes": record.scopes.0 }));
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(CreatedApiKey {
            key,
            api_key: record.into(),
        })
    }

    pub async fn list(&self, caller: &Caller) -> Result<Vec<ApiKey>> {
        caller.require(Permission::ApiKeysManage)?;
        let mut conn = self.db.acquire().await?;
        let keys = storage::api_keys::list(conn.conn()).await?;
        Ok(keys.into_iter().map(ApiKey::from).collect())
    }

    pub async fn revoke(&self, caller: &Caller, id: Uuid) -> Result<ApiKey> {
        caller.require(Permission::ApiKeysManage)?;
        let mut tx = self.db.begin().await?;
        if !storage::api_keys::revoke(tx.conn(), id, self.clock.now()).await? {
            let exists = storage::api_keys::find_by_id(tx.conn(), id)
                .await?
                .is_some();
            return Err(if exists {
                Error::Conflict {
                    field: "id".into(),
                    message: "API key is already revoked".into(),
                }
            } else {
                Error::NotFound("API key")
            });
        }
        let record = storage::api_keys::find_by_id(tx.conn(), id)
            .await?
            .ok_or(Error::NotFound("API key"))?;
        let event = AuditEvent::new("api_key.revoke").target("api_key", id);
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(record.into())
    }
}
