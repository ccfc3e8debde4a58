//! Canned responses: texts an agent inserts by typing `/` and a shortcut in the composer.
//!
//! A personal response is its owner's alone. A team response is for the team's members; any
//! supervisor or admin may use and manage those of every team. A global response is for everyone
//! and only admins manage it: it speaks for the whole ISP, which is an admin's call, not a team
//! lead's. API keys have no composer and get none.

pub mod fields;
pub mod template;

use std::sync::Arc;

use serde_json::json;
use uuid::Uuid;

use crate::audit::{Actor, AuditEvent, AuditLog};
use crate::auth::{Caller, Permission, Principal, Role};
use crate::clock::SharedClock;
use crate::conversations::ConversationService;
use crate::error::{Error, Result};
use crate::storage::{self, Conn, Db};

use crate::users::validate_text;
pub use ispchat_core::canned_responses::{CannedResponse, Scope};

pub struct NewCannedResponse {
    pub shortcut: String,
    pub content: String,
    pub scope: Scope,
    pub team_id: Option<Uuid>,
}

const MAX_CONTENT: usize = 5000;

/// The signed-in staff member and what the rules need to know about them.
struct Staff {
    id: Uuid,
    role: Role,
    /// Loaded for agents only: supervisors and admins reach every team.
    team_ids: Vec<Uuid>,
}

impl Staff {
    fn may_use(&self, response: &CannedResponse) -> bool {
        match response.scope {
            Scope::Personal => response.owner_id == Some(self.id),
            Scope::Team => {
                self.role != Role::Agent
                    || response.team_id.is_some_and(|t| self.team_ids.contains(&t))
            }
            Scope::Global => true,
        }
    }

    /// For responses the caller may use: a personal one is then the caller's own.
    fn may_manage(&self, scope: Scope) -> bool {
        match scope {
            Scope::Personal => true,
            Scope::Team => self.role != Role::Agent,
            Scope::Global => self.role == Role::Admin,
        }
    }
}

pub struct CannedResponseService {
    db: Db,
    clock: SharedClock,
    audit: Arc<AuditLog>,
    conversations: Arc<ConversationService>,
}

impl CannedResponseService {
    pub fn new(
        db: Db,
        clock: SharedClock,
        audit: Arc<AuditLog>,
        conversations: Arc<ConversationService>,
    ) -> Self {
        CannedResponseService {
            db,
            clock,
            audit,
            conversations,
        }
    }

    /// What the caller may use, by shortcut; `search` matches a shortcut prefix or content words.
    pub async fn list(&self, caller: &Caller, search: Option<&str>) -> Result<Vec<CannedResponse>> {
        let (id, role) = staff_member(caller)?;
        let mut conn = self.db.acquire().await?;
        let mut found =
            storage::canned_responses::list_usable(conn.conn(), id, role != Role::Agent).await?;
        if let Some(search) = search {
            found.retain(|r| fields::matches(r, search));
        }
        found.sort_by(|a, b| (&a.shortcut, a.scope).cmp(&(&b.shortcut, b.scope)));
        Ok(found)
    }

    pub async fn get(&self, caller: &Caller, id: Uuid) -> Result<CannedResponse> {
        let mut conn = self.db.acquire().await?;
        let staff = load_staff(conn.conn(), caller).await?;
        usable(
            storage::canned_responses::find_by_id(conn.conn(), id).await?,
            &staff,
        )
    }

    pub async fn create(
        &self,
        caller: &Caller,
        input: &NewCannedResponse,
    ) -> Result<CannedResponse> {
        let (id, role) = staff_member(caller)?;
        let staff = Staff {
            id,
            role,
            team_ids: vec![],
        };
        if !staff.may_manage(input.scope) {
            return Err(forbidden(input.scope));
        }
        let now = self.clock.now();
        let response = CannedResponse {
            id: Uuid::now_v7(),
            shortcut: fields::normalize_shortcut("input.shortcut", &input.shortcut)?,
            content: validate_text("input.content", &input.content, MAX_CONTENT)?,
            scope: input.scope,
            owner_id: (input.scope == Scope::Personal).then_some(id),
            team_id: team_of(input.scope, input.team_id)?,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db.begin().await?;
        if let Some(team_id) = response.team_id
            && storage::teams::find_by_id(tx.conn(), team_id)
                .await?
                .is_none()
        {
            return Err(Error::invalid("input.teamId", "no such team"));
        }
        storage::canned_responses::insert(tx.conn(), &response)
            .await
            .map_err(|e| shortcut_conflict(response.scope, e))?;
        let event = audit_event("canned_response.create", &response);
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(response)
    }

    pub async fn update(
        &self,
        caller: &Caller,
        id: Uuid,
        shortcut: Option<&str>,
        content: Option<&str>,
    ) -> Result<CannedResponse> {
        let mut tx = self.db.begin().await?;
        let mut response = self.manageable(tx.conn(), caller, id).await?;
        if let Some(shortcut) = shortcut {
            response.shortcut = fields::normalize_shortcut("input.shortcut", shortcut)?;
        }
        if let Some(content) = content {
            response.content = validate_text("input.content", content, MAX_CONTENT)?;
        }
        response.updated_at = self.clock.now();
        storage::canned_responses::update(tx.conn(), &response)
            .await
            .map_err(|e| shortcut_conflict(response.scope, e))?;
        let event = audit_event("canned_response.update", &response);
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(response)
    }

    pub async fn delete(&self, caller: &Caller, id: Uuid) -> Result<()> {
        let mut tx = self.db.begin().await?;
        let response = self.manageable(tx.conn(), caller, id).await?;
        if !storage::canned_responses::delete(tx.conn(), id).await? {
            return Err(Error::NotFound("canned response"));
        }
        let event = audit_event("canned_response.delete", &response);
        self.audit.commit(tx, &Actor::from(caller), event).await
    }

    /// The response's text with its placeholders filled in for a conversation the caller may read.
    pub async fn render(&self, caller: &Caller, id: Uuid, conversation_id: Uuid) -> Result<String> {
        let response = self.get(caller, id).await?;
        let conversation = self.conversations.get(caller, conversation_id).await?;
        let mut conn = self.db.acquire().await?;
        let contact = storage::contacts::find_by_id(conn.conn(), conversation.contact_id)
            .await?
            .ok_or(Error::NotFound("contact"))?;
        let agent = storage::users::find_by_id(conn.conn(), caller.require_user()?)
            .await?
            .ok_or(Error::NotFound("user"))?;
        let values = template::Values {
            contact_name: contact.name,
            contact_phone: contact.phone,
            contact_email: contact.email,
            agent_name: agent.name,
            protocol: conversation.protocol,
        };
        Ok(template::render(&response.content, &values))
    }

    /// A response the caller may change: one they cannot even see is not found.
    async fn manageable(
        &self,
        mut conn: Conn<'_>,
        caller: &Caller,
        id: Uuid,
    ) -> Result<CannedResponse> {
        let staff = load_staff(conn.reborrow(), caller).await?;
        let response = usable(
            storage::canned_responses::find_by_id(conn, id).await?,
            &staff,
        )?;
        if !staff.may_manage(response.scope) {
            return Err(forbidden(response.scope));
        }
        Ok(response)
    }
}

/// Any signed-in staff member: using canned responses goes with replying to customers.
fn staff_member(caller: &Caller) -> Result<(Uuid, Role)> {
    let user_id = caller.require_user()?;
    match caller.require(Permission::ConversationsWrite)? {
        Principal::User { role, .. } => Ok((user_id, *role)),
        Principal::ApiKey { .. } => Err(Error::Forbidden("API keys have no canned responses")),
        Principal::Visitor { .. } => Err(Error::Forbidden("visitors have no canned responses")),
    }
}

async fn load_staff(conn: Conn<'_>, caller: &Caller) -> Result<Staff> {
    let (id, role) = staff_member(caller)?;
    let team_ids = if role == Role::Agent {
        storage::teams::list_for_user(conn, id)
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect()
    } else {
        vec![]
    };
    Ok(Staff { id, role, team_ids })
}

fn usable(response: Option<CannedResponse>, staff: &Staff) -> Result<CannedResponse> {
    response
        .filter(|r| staff.may_use(r))
        .ok_or(Error::NotFound("canned response"))
}

fn forbidden(scope: Scope) -> Error {
    Error::Forbidden(match scope {
        Scope::Personal => "you may only change your own personal responses",
        Scope::Team => "only supervisors and admins manage team responses",
        Scope::Global => "only admins manage global responses",
    })
}

fn team_of(scope: Scope, team_id: Option<Uuid>) -> Result<Option<Uuid>> {
    match (scope, team_id) {
        (Scope::Team, None) => Err(Error::invalid(
            "input.teamId",
            "is required for team responses",
        )),
        (Scope::Team, team) => Ok(team),
        (_, Some(_)) => Err(Error::invalid(
            "input.teamId",
            "only team responses belong to a team",
        )),
        (_, None) => Ok(None),
    }
}

fn audit_event(action: &'static str, response: &CannedResponse) -> AuditEvent {
    AuditEvent::new(action)
        .target("canned_response", response.id)
        .details(json!({
            "shortcut": response.shortcut,
            "scope": response.scope.as_str(),
            "teamId": response.team_id,
        }))
}

fn shortcut_conflict(scope: Scope, err: Error) -> Error {
    match err {
        Error::Conflict { .. } => Error::Conflict {
            field: "input.shortcut".into(),
            message: match scope {
                Scope::Personal => "you already have a response with this shortcut",
                Scope::Team => "this team already has a response with this shortcut",
                Scope::Global => "a global response already has this shortcut",
            }
            .into(),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(scope: Scope, owner_id: Option<Uuid>, team_id: Option<Uuid>) -> CannedResponse {
        CannedResponse {
            id: Uuid::now_v7(),
            shortcut: "oi".into(),
            content: "Olá!".into(),
            scope,
            owner_id,
            team_id,
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn agents_use_their_own_their_teams_and_global_responses() {
        let (me, other, mine, theirs) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        let agent = Staff {
            id: me,
            role: Role::Agent,
            team_ids: vec![mine],
        };
        assert!(agent.may_use(&response(Scope::Personal, Some(me), None)));
        assert!(!agent.may_use(&response(Scope::Personal, Some(other), None)));
        assert!(agent.may_use(&response(Scope::Team, None, Some(mine))));
        assert!(!agent.may_use(&response(Scope::Team, None, Some(theirs))));
        assert!(agent.may_use(&response(Scope::Global, None, None)));
        let supervisor = Staff {
            role: Role::Supervisor,
            team_ids: vec![],
            ..agent
        };
        assert!(supervisor.may_use(&response(Scope::Team, None, Some(theirs))));
        assert!(!supervisor.may_use(&response(Scope::Personal, Some(other), None)));
    }

    #[test]
    fn team_responses_need_a_supervisor_and_global_ones_an_admin() {
        let staff = |role| Staff {
            id: Uuid::now_v7(),
            role,
            team_ids: vec![],
        };
        let (agent, supervisor, admin) = (
            staff(Role::Agent),
            staff(Role::Supervisor),
            staff(Role::Admin),
        );
        for who in [&agent, &supervisor, &admin] {
            assert!(who.may_manage(Scope::Personal));
        }
        assert!(!agent.may_manage(Scope::Team));
        assert!(supervisor.may_manage(Scope::Team));
        assert!(admin.may_manage(Scope::Team));
        assert!(!agent.may_manage(Scope::Global));
        assert!(!supervisor.may_manage(Scope::Global));
        assert!(admin.may_manage(Scope::Global));
    }
}
