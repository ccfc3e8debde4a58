//! Teams group agents (e.g. "Suporte técnico", "Financeiro"); conversations are queued per team.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{Actor, AuditEvent, AuditLog};
use crate::auth::{Caller, Permission};
use crate::clock::SharedClock;
use crate::error::{Error, Result};
use crate::storage::teams::TeamRecord;
use crate::storage::{self, Db};
use crate::users::{User, validate_text};

#[derive(Debug, Clone)]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<TeamRecord> for Team {
    fn from(r: TeamRecord) -> Self {
        Team {
            id: r.id,
            name: r.name,
            description: r.description,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

pub struct TeamService {
    db: Db,
    clock: SharedClock,
    audit: Arc<AuditLog>,
}

impl TeamService {
    pub fn new(db: Db, clock: SharedClock, audit: Arc<AuditLog>) -> Self {
        TeamService { db, clock, audit }
    }

    pub async fn list(&self, caller: &Caller) -> Result<Vec<Team>> {
        caller.require(Permission::TeamsRead)?;
        let mut conn = self.db.acquire().await?;
        Ok(storage::teams::list(conn.conn())
            .await?
            .into_iter()
            .map(Team::from)
            .collect())
    }

    pub async fn get(&self, caller: &Caller, id: Uuid) -> Result<Team> {
        caller.require(Permission::TeamsRead)?;
        let mut conn = self.db.acquire().await?;
        storage::teams::find_by_id(conn.conn(), id)
            .await?
            .map(Team::from)
            .ok_or(Error::NotFound("team"))
    }

    /// For callers already allowed to see a reference to the team (an inbox's, a conversation's).
    pub(crate) async fn find(&self, id: Uuid) -> Result<Option<Team>> {
        let mut conn = self.db.acquire().await?;
        Ok(storage::teams::find_by_id(conn.conn(), id)
            .await?
            .map(Team::from))
    }

    /// Teams a user belongs to. One's own teams are always visible.
    pub async fn teams_of(&self, caller: &Caller, user_id: Uuid) -> Result<Vec<Team>> {
        if caller.principal()?.user_id() != Some(user_id) {
            caller.require(Permission::TeamsRead)?;
        }
        let mut conn = self.db.acquire().await?;
        Ok(storage::teams::list_for_user(conn.conn(), user_id)
            .await?
            .into_iter()
            .map(Team::from)
            .collect())
    }

    pub async fn members(&self, caller: &Caller, team_id: Uuid) -> Result<Vec<User>> {
        caller.require(Permission::UsersRead)?;
        let mut conn = self.db.acquire().await?;
        storage::teams::members(conn.conn(), team_id)
            .await?
            .into_iter()
            .map(User::try_from)
            .collect()
    }

    pub async fn create(
        &self,
        caller: &Caller,
        name: &str,
        description: Option<&str>,
    ) -> Result<Team> {
        caller.require(Permission::TeamsWrite)?;
        let now = self.clock.now();
        let record = TeamRecord {
            id: Uuid::now_v7(),
            name: validate_text("input.name", name, 80)?,
            description: validate_description(description)?,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db.begin().await?;
        storage::teams::insert(tx.conn(), &record)
            .await
            .map_err(name_conflict)?;
        let event = AuditEvent::new("team.create")
            .target("team", record.id)
            .details(json!({ "name": record.name }));
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(record.into())
    }

    pub async fn update(
        &self,
        caller: &Caller,
        id: Uuid,
        name: Option<&str>,
        description: Option<&str>,
    ) -> Result<Team> {
        caller.require(Permission::TeamsWrite)?;
        let mut tx = self.db.begin().await?;
        let mut record = storage::teams::find_by_id(tx.conn(), id)
            .await?
            .ok_or(Error::NotFound("team"))?;
        if let Some(name) = name {
            record.name = validate_text("input.name", name, 80)?;
        }
        if description.is_some() {
            record.description = validate_description(description)?;
        }
        record.updated_at = self.clock.now();
        storage::teams::update(tx.conn(), &record)
            .await
            .map_err(name_conflict)?;
        let event = AuditEvent::new("team.update")
            .target("team", id)
            .details(json!({ "name": record.name }));
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(record.into())
    }

    pub async fn delete(&self, caller: &Caller, id: Uuid) -> Result<()> {
        caller.require(Permission::TeamsWrite)?;
        let mut tx = self.db.begin().await?;
        if !storage::teams::delete(tx.conn(), id).await? {
            return Err(Error::NotFound("team"));
        }
        let event = AuditEvent::new("team.delete").target("team", id);
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(())
    }

    pub async fn add_member(&self, caller: &Caller, team_id: Uuid, user_id: Uuid) -> Result<Team> {
        self.change_membership(caller, team_id, user_id, true).await
    }

    pub async fn remove_member(
        &self,
        caller: &Caller,
        team_id: Uuid,
        user_id: Uuid,
    ) -> Result<Team> {
        self.change_membership(caller, team_id, user_id, false)
            .await
    }

    async fn change_membership(
        &self,
        caller: &Caller,
        team_id: Uuid,
        user_id: Uuid,
        add: bool,
    ) -> Result<Team> {
        caller.require(Permission::TeamsWrite)?;
        let mut tx = self.db.begin().await?;
        let team = storage::teams::find_by_id(tx.conn(), team_id)
            .await?
            .ok_or(Error::NotFound("team"))?;
        if storage::users::find_by_id(tx.conn(), user_id)
            .await?
            .is_none()
        {
            return Err(Error::NotFound("user"));
        }
        let changed = if add {
            storage::teams::add_member(tx.conn(), team_id, user_id, self.clock.now()).await?
        } else {
            storage::teams::remove_member(tx.conn(), team_id, user_id).await?
        };
        if changed {
            let action = if add {
                "team.add_member"
            } else {
                "team.remove_member"
            };
            let event = AuditEvent::new(action)
                .target("team", team_id)
                .details(json!({ "userId": user_id }));
            self.audit.commit(tx, &Actor::from(caller), event).await?;
        }
        Ok(team.into())
    }
}

fn validate_description(description: Option<&str>) -> Result<String> {
    let text = description.unwrap_or_default().trim();
    if text.chars().count() > 500 {
        return Err(Error::invalid(
            "input.description",
            "must be at most 500 characters long",
        ));
    }
    Ok(text.to_owned())
}

fn name_conflict(err: Error) -> Error {
    match err {
        Error::Conflict { .. } => Error::Conflict {
            field: "input.name".into(),
            message: "a team with this name already exists".into(),
        },
        other => other,
    }
}
