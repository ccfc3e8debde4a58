//! Who may read which conversation: admins, supervisors and API keys with `conversations:read`
//! read all; an agent reads the conversations of their teams, those assigned to them, and those
//! of inboxes without a team.

use uuid::Uuid;

use super::{ConversationService, ReadScope};
use crate::auth::{Caller, Permission, Principal, Role};
use crate::error::Result;
use crate::storage;
use crate::users::UserStatus;

impl ConversationService {
    pub async fn read_scope(&self, caller: &Caller) -> Result<ReadScope> {
        match caller.require(Permission::ConversationsRead)? {
            Principal::User {
                id,
                role: Role::Agent,
                ..
            } => {
                let mut conn = self.db.acquire().await?;
                let teams = storage::teams::list_for_user(conn.conn(), *id).await?;
                Ok(ReadScope::Teams {
                    user_id: *id,
                    team_ids: teams.into_iter().map(|t| t.id).collect(),
                })
            }
            _ => Ok(ReadScope::All),
        }
    }

    /// A user's scope as it is now, for long-lived subscriptions: `None` once the user is
    /// deactivated or gone.
    pub(super) async fn current_scope_of(&self, user_id: Uuid) -> Result<Option<ReadScope>> {
        let mut conn = self.db.acquire().await?;
        let Some(user) = storage::users::find_by_id(conn.conn(), user_id).await? else {
            return Ok(None);
        };
        if user.status != UserStatus::Active.as_str() {
            return Ok(None);
        }
        if user.role.parse::<Role>()? != Role::Agent {
            return Ok(Some(ReadScope::All));
        }
        let teams = storage::teams::list_for_user(conn.conn(), user_id).await?;
        Ok(Some(ReadScope::Teams {
            user_id,
            team_ids: teams.into_iter().map(|t| t.id).collect(),
        }))
    }

    /// Whether an API key still works, for long-lived subscriptions.
    pub(super) async fn api_key_active(&self, key_id: Uuid) -> Result<bool> {
        let mut conn = self.db.acquire().await?;
        let key = storage::api_keys::find_by_id(conn.conn(), key_id).await?;
        Ok(key.is_some_and(|k| k.revoked_at.is_none()))
    }

    /// The scope of a caller about to change a conversation.
    pub(super) async fn write_scope(&self, caller: &Caller) -> Result<ReadScope> {
        caller.require(Permission::ConversationsWrite)?;
        self.read_scope(caller).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_read_their_teams_their_own_and_teamless_conversations() {
        let me = Uuid::now_v7();
        let mine = Uuid::now_v7();
        let other = Uuid::now_v7();
        let scope = ReadScope::Teams {
            user_id: me,
            team_ids: vec![mine],
        };
        assert!(scope.allows(Some(mine), None));
        assert!(scope.allows(None, None));
        assert!(scope.allows(Some(other), Some(me)));
        assert!(!scope.allows(Some(other), None));
        assert!(!scope.allows(Some(other), Some(Uuid::now_v7())));
        assert!(ReadScope::All.allows(Some(other), None));
    }
}
