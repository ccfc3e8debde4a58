//! The live feed: changes are published once per node on a broadcast channel, and each
//! subscriber keeps those about members it may follow.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};
use tokio_stream::wrappers::BroadcastStream;
use uuid::Uuid;

use super::{Presence, PresenceEvent, PresenceService};
use crate::auth::{Caller, Permission, Principal, Role};
use crate::error::{Error, Reason, Result};
use crate::storage;

impl PresenceService {
    pub(super) async fn publish(&self, user_id: Uuid, presence: Presence, since: DateTime<Utc>) {
        let team_ids = async {
            let mut conn = self.db.acquire().await?;
            storage::teams::list_for_user(conn.conn(), user_id).await
        }
        .await
        .map(|teams| teams.into_iter().map(|t| t.id).collect())
        .unwrap_or_else(|err| {
            tracing::warn!(%err, "cannot read a member's teams for a presence event");
            Vec::new()
        });
        // No subscriber at all is normal.
        let _ = self.events.send(Arc::new(PresenceEvent {
            user_id,
            presence,
            since,
            team_ids,
        }));
    }

    /// Live presence changes of the members the caller may follow: everyone for admins, the
    /// members of the caller's teams (read again at each event) for others. `team_id` narrows it
    /// to one team.
    pub async fn events(
        self: &Arc<Self>,
        caller: &Caller,
        team_id: Option<Uuid>,
    ) -> Result<impl Stream<Item = Arc<PresenceEvent>> + Send + 'static> {
        caller.require(Permission::UsersRead)?;
        let (me, role) = match caller.principal()? {
            Principal::User { id, role, .. } => (*id, *role),
            _ => return Err(Error::Forbidden("this needs a user session")),
        };
        if let (Some(team), false) = (team_id, role == Role::Admin) {
            let mut conn = self.db.acquire().await?;
            let mine = storage::teams::list_for_user(conn.conn(), me).await?;
            if !mine.iter().any(|t| t.id == team) {
                return Err(Error::refused_request(
                    Reason::NotTeamMember,
                    "you are not a member of this team",
                ));
            }
        }
        let service = self.clone();
        let receiver = self.events.subscribe();
        Ok(BroadcastStream::new(receiver).filter_map(move |event| {
            let service = service.clone();
            async move {
                // A subscriber that falls too far behind skips what it missed.
                let event = event.ok()?;
                if let Some(team) = team_id
                    && !event.team_ids.contains(&team)
                {
                    return None;
                }
                if role == Role::Admin || event.user_id == me {
                    return Some(event);
                }
                let mine = async {
                    let mut conn = service.db.acquire().await?;
                    storage::teams::list_for_user(conn.conn(), me).await
                }
                .await
                .ok()?;
                mine.iter()
                    .any(|t| event.team_ids.contains(&t.id))
                    .then_some(event)
            }
        }))
    }
}
