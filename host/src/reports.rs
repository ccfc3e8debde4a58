//! Reports for supervisors: today's dashboard, in real time. "Today" is the ISP's calendar day in
//! its time zone (`ISPCHAT_TIMEZONE`), not UTC's: an ISP in Brasília closes the day at 21:00 UTC.
//!
//! Supervisors see their teams, admins every team or one; agents none. Deeper reports (per agent,
//! per period, time online from `presence_changes`) belong here too, over the same scope.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::auth::{Caller, Permission, Principal, Role};
use crate::clock::SharedClock;
use crate::conversations::{QueueStats, summarize_queues};
use crate::error::{Error, Reason, Result};
use crate::presence::{Presence, PresenceService, PresenceState};
use crate::storage::{self, Db};
use crate::users::User;

/// Average and median of some durations, in seconds; `None` when there are none.
#[derive(Debug, Clone, PartialEq)]
pub struct DurationStats {
    pub count: usize,
    pub average_secs: Option<f64>,
    pub median_secs: Option<f64>,
}

impl DurationStats {
    pub fn of(mut secs: Vec<i64>) -> DurationStats {
        secs.sort_unstable();
        let count = secs.len();
        let average_secs = (count > 0).then(|| secs.iter().sum::<i64>() as f64 / count as f64);
        let median_secs = match count {
            0 => None,
            n if n.is_multiple_of(2) => Some((secs[n / 2 - 1] + secs[n / 2]) as f64 / 2.0),
            n => Some(secs[n / 2] as f64),
        };
        DurationStats {
            count,
            average_secs,
            median_secs,
        }
    }

    fn between(pairs: &[(DateTime<Utc>, DateTime<Utc>)]) -> DurationStats {
        DurationStats::of(
            pairs
                .iter()
                .map(|(from, to)| (*to - *from).num_seconds().max(0))
                .collect(),
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Satisfaction {
    pub count: i64,
    /// 1 to 5; `None` without ratings.
    pub average: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct AgentLoad {
    pub user: User,
    pub presence: PresenceState,
    /// Open or pending conversations assigned to them (what routers compare with capacity).
    pub active_conversations: i64,
}

#[derive(Debug, Clone)]
pub struct Dashboard {
    /// `None`: every team (admins only).
    pub team_id: Option<Uuid>,
    /// Start of today in the ISP's time zone.
    pub since: DateTime<Utc>,
    pub timezone: Tz,
    pub generated_at: DateTime<Utc>,
    /// Conversations in each status now.
    pub bot: i64,
    pub queued: i64,
    pub open: i64,
    pub pending: i64,
    pub snoozed: i64,
    pub created_today: i64,
    pub resolved_today: i64,
    pub queues: Vec<QueueStats>,
    pub agents: Vec<AgentLoad>,
    /// From creation to the first agent reply, for conversations first answered today.
    pub first_response: DurationStats,
    /// From creation to resolution, for conversations resolved today (and still resolved).
    pub resolution: DurationStats,
    pub satisfaction: Satisfaction,
}

/// The instant today began in `tz` at `now`. Where midnight does not exist (a daylight-saving
/// change at 00:00, as Brazil's used to be), the day starts at the first instant that does.
pub fn start_of_day(now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let date = now.with_timezone(&tz).date_naive();
    (0..=3)
        .filter_map(|hour| {
            let time = NaiveTime::from_hms_opt(hour, 0, 0)?;
            tz.from_local_datetime(&date.and_time(time)).earliest()
        })
        .next()
        .map_or(now - Duration::hours(24), |start| start.with_timezone(&Utc))
}

pub struct ReportService {
    db: Db,
    clock: SharedClock,
    presence: Arc<PresenceService>,
    timezone: Tz,
}

impl ReportService {
    pub fn new(db: Db, clock: SharedClock, presence: Arc<PresenceService>, timezone: Tz) -> Self {
        ReportService {
            db,
            clock,
            presence,
            timezone,
        }
    }

    /// The teams a caller's report covers: admins every team (`None`) or the one asked for;
    /// supervisors their own teams, or one of them.
    async fn scope(&self, caller: &Caller, team_id: Option<Uuid>) -> Result<Option<Vec<Uuid>>> {
        let principal = caller.require(Permission::ReportsRead)?;
        let Principal::User { id, role, .. } = principal else {
            return Err(Error::Forbidden("reports need a user session"));
        };
        let mut conn = self.db.acquire().await?;
        if let Some(team) = team_id
            && storage::teams::find_by_id(conn.conn(), team)
                .await?
                .is_none()
        {
            return Err(Error::NotFound("team"));
        }
        if *role == Role::Admin {
            return Ok(team_id.map(|team| vec![team]));
        }
        let mine: Vec<Uuid> = storage::teams::list_for_user(conn.conn(), *id)
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect();
        match team_id {
            None => Ok(Some(mine)),
            Some(team) if mine.contains(&team) => Ok(Some(vec![team])),
            Some(_) => Err(Error::refused_request(
                Reason::NotTeamMember,
                "you are not a member of this team",
            )),
        }
    }

    #[tracing::instrument(skip_all, err)]
    pub async fn dashboard(&self, caller: &Caller, team_id: Option<Uuid>) -> Result<Dashboard> {
        let teams = self.scope(caller, team_id).await?;
        let teams = teams.as_deref();
        let now = self.clock.now();
        let since = start_of_day(now, self.timezone);
        let mut conn = self.db.acquire().await?;
        let counts: HashMap<String, i64> = storage::reports::status_counts(conn.conn(), teams)
            .await?
            .into_iter()
            .collect();
        let count = |status: &str| counts.get(status).copied().unwrap_or(0);
        let created_today = storage::reports::created_since(conn.conn(), teams, since).await?;
        let first_responses =
            storage::reports::first_responses_since(conn.conn(), teams, since).await?;
        let resolutions = storage::reports::resolutions_since(conn.conn(), teams, since).await?;
        let (ratings, score_sum) =
            storage::reports::ratings_since(conn.conn(), teams, since).await?;
        let queued = storage::conversations::queued(conn.conn()).await?;
        let members = storage::reports::members(conn.conn(), teams).await?;
        let member_ids: Vec<Uuid> = members.iter().map(|m| m.id).collect();
        let loads: HashMap<Uuid, i64> =
            storage::conversations::active_counts(conn.conn(), &member_ids)
                .await?
                .into_iter()
                .collect();
        drop(conn);
        let presence = self.presence.of_many(&member_ids).await?;
        let agents = members
            .into_iter()
            .map(|record| -> Result<AgentLoad> {
                let id = record.id;
                Ok(AgentLoad {
                    user: User::try_from(record)?,
                    presence: presence.get(&id).copied().unwrap_or(PresenceState {
                        presence: Presence::Offline,
                        since: None,
                    }),
                    active_conversations: loads.get(&id).copied().unwrap_or(0),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Dashboard {
            team_id,
            since,
            timezone: self.timezone,
            generated_at: now,
            bot: count("bot"),
            queued: count("queued"),
            open: count("open"),
            pending: count("pending"),
            snoozed: count("snoozed"),
            created_today,
            resolved_today: resolutions.len() as i64,
            queues: summarize_queues(queued, now, |team| match teams {
                None => true,
                Some(teams) => team.is_some_and(|t| teams.contains(&t)),
            }),
            agents,
            first_response: DurationStats::between(&first_responses),
            resolution: DurationStats::between(&resolutions),
            satisfaction: Satisfaction {
                count: ratings,
                average: (ratings > 0).then(|| score_sum as f64 / ratings as f64),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn today_starts_at_local_midnight() {
        let sao_paulo = Tz::America__Sao_Paulo;
        // 01:30 local (UTC-3): today began at 03:00 UTC.
        assert_eq!(
            start_of_day(utc("2026-11-27T04:30:00Z"), sao_paulo),
            utc("2026-11-27T03:00:00Z")
        );
        // 23:30 local on the 26th is already the 27th in UTC.
        assert_eq!(
            start_of_day(utc("2026-11-27T02:30:00Z"), sao_paulo),
            utc("2026-11-26T03:00:00Z")
        );
        assert_eq!(
            start_of_day(utc("2026-11-27T02:30:00Z"), Tz::UTC),
            utc("2026-11-27T00:00:00Z")
        );
    }

    #[test]
    fn a_day_without_midnight_starts_at_one() {
        // Brazil's daylight saving began at 00:00 on 2018-11-04: clocks jumped to 01:00 (-02:00).
        assert_eq!(
            start_of_day(utc("2018-11-04T15:00:00Z"), Tz::America__Sao_Paulo),
            utc("2018-11-04T03:00:00Z")
        );
    }

    #[test]
    fn duration_stats_average_and_median() {
        assert_eq!(
            DurationStats::of(vec![]),
            DurationStats {
                count: 0,
                average_secs: None,
                median_secs: None
            }
        );
        let odd = DurationStats::of(vec![300, 60, 120]);
        assert_eq!(odd.median_secs, Some(120.0));
        assert_eq!(odd.average_secs, Some(160.0));
        let even = DurationStats::of(vec![60, 120, 30, 600]);
        assert_eq!(even.median_secs, Some(90.0));
        assert_eq!(even.average_secs, Some(202.5));
    }
}
