//! The label catalogue ("fibra", "2a-via-boleto", "sem sinal"): supervisors and admins define
//! labels with a colour; agents put them on conversations and filter by them.

use std::sync::Arc;

use serde_json::json;

use crate::audit::{Actor, AuditEvent, AuditLog};
use crate::auth::{Caller, Permission};
use crate::clock::SharedClock;
use crate::error::{Error, Result};
use crate::storage::{self, Db};
pub use ispchat_core::labels::Label;

pub struct LabelService {
    db: Db,
    clock: SharedClock,
    audit: Arc<AuditLog>,
}

impl LabelService {
    pub fn new(db: Db, clock: SharedClock, audit: Arc<AuditLog>) -> Self {
        LabelService { db, clock, audit }
    }

    pub async fn list(&self, caller: &Caller) -> Result<Vec<Label>> {
        caller.require(Permission::ConversationsRead)?;
        let mut conn = self.db.acquire().await?;
        storage::labels::list(conn.conn()).await
    }

    pub async fn create(
        &self,
        caller: &Caller,
        name: &str,
        description: Option<&str>,
        color: Option<&str>,
    ) -> Result<Label> {
        caller.require(Permission::LabelsManage)?;
        let now = self.clock.now();
        let label = Label {
            name: normalize_label("input.name", name)?,
            description: validate_description(description)?,
            color: validate_color(color.unwrap_or("#6b7280"))?,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db.begin().await?;
        storage::labels::insert(tx.conn(), &label)
            .await
            .map_err(|err| match err {
                Error::Conflict { .. } => Error::Conflict {
                    field: "input.name".into(),
                    message: "this label already exists".into(),
                },
                other => other,
            })?;
        let event = AuditEvent::new("label.create")
            .target("label", &label.name)
            .details(json!({ "color": label.color }));
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(label)
    }

    pub async fn update(
        &self,
        caller: &Caller,
        name: &str,
        description: Option<&str>,
        color: Option<&str>,
    ) -> Result<Label> {
        caller.require(Permission::LabelsManage)?;
        let mut tx = self.db.begin().await?;
        let mut label = storage::labels::find(tx.conn(), name.trim())
            .await?
            .ok_or(Error::NotFound("label"))?;
        if description.is_some() {
            label.description = validate_description(description)?;
        }
        if let Some(color) = color {
            label.color = validate_color(color)?;
        }
        label.updated_at = self.clock.now();
        storage::labels::update(tx.conn(), &label).await?;
        let event = AuditEvent::new("label.update")
            .target("label", &label.name)
            .details(json!({ "color": label.color }));
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(label)
    }

    /// Also takes the label off every conversation.
    pub async fn delete(&self, caller: &Caller, name: &str) -> Result<()> {
        caller.require(Permission::LabelsManage)?;
        let mut tx = self.db.begin().await?;
        if !storage::labels::delete(tx.conn(), name.trim()).await? {
            return Err(Error::NotFound("label"));
        }
        let event = AuditEvent::new("label.delete").target("label", name.trim());
        self.audit.commit(tx, &Actor::from(caller), event).await
    }
}

/// Labels are lower-case words: `fibra`, `2a-via-boleto`, `sem sinal`.
pub fn normalize_label(field: &str, label: &str) -> Result<String> {
    let label = label.trim().to_lowercase();
    let valid = (1..=50).contains(&label.chars().count())
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.'));
    if valid {
        Ok(label)
    } else {
        Err(Error::invalid(
            field,
            "labels are 1 to 50 letters, digits, spaces, '-', '_' or '.'",
        ))
    }
}

fn validate_description(description: Option<&str>) -> Result<String> {
    let text = description.unwrap_or_default().trim();
    if text.chars().count() > 200 {
        return Err(Error::invalid(
            "input.description",
            "must be at most 200 characters long",
        ));
    }
    Ok(text.to_owned())
}

fn validate_color(color: &str) -> Result<String> {
    let color = color.trim().to_lowercase();
    let valid = color.len() == 7
        && color.starts_with('#')
        && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    if valid {
        Ok(color)
    } else {
        Err(Error::invalid("input.color", "must look like #1f9d55"))
    }
}
