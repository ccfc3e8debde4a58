//! Read-only aggregates over conversations, ratings and members for the supervisor dashboard.
//! Each takes the teams to cover (`None`: every conversation, teamless ones included). The same
//! text runs on both backends: only counts, comparisons and joins, no date arithmetic (durations
//! are computed by the caller from the timestamps).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use super::users::UserRecord;
use crate::on_conn;
use ispchat_core::error::Result;

/// `AND <column> IN ($first, …)`, or nothing when every team counts.
fn team_clause(column: &str, teams: Option<&[Uuid]>, first: usize) -> String {
    match teams {
        None => String::new(),
        Some([]) => " AND 1 = 0".into(),
        Some(teams) => {
            let placeholders = (first..first + teams.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            format!(" AND {column} IN ({placeholders})")
        }
    }
}

/// Runs `$sql` binding `$since` (when given) then each team.
macro_rules! fetch_all {
    ($conn:expr, $sql:expr, $teams:expr $(, $since:expr)?) => {
        on_conn!($conn, c => {
            let query = sqlx::query_as(&$sql);
            $(let query = query.bind($since);)?
            let mut query = query;
            for team in $teams.unwrap_or_default() {
                query = query.bind(*team);
            }
            query.fetch_all(c).await
        })
    };
}

/// `(status, conversations)` now.
pub async fn status_counts(conn: Conn<'_>, teams: Option<&[Uuid]>) -> Result<Vec<(String, i64)>> {
    let sql = format!(
        "SELECT status, COUNT(*) FROM conversations WHERE 1 = 1{} GROUP BY status",
        team_clause("team_id", teams, 1)
    );
    Ok(fetch_all!(conn, sql, teams)?)
}

pub async fn created_since(
    conn: Conn<'_>,
    teams: Option<&[Uuid]>,
    since: DateTime<Utc>,
) -> Result<i64> {
    let sql = format!(
        "SELECT COUNT(*) FROM conversations WHERE created_at >= $1{}",
        team_clause("team_id", teams, 2)
    );
    let rows: Vec<(i64,)> = fetch_all!(conn, sql, teams, since)?;
    Ok(rows.first().map_or(0, |(n,)| *n))
}

/// `(created, first response)` of conversations first answered since `since`.
pub async fn first_responses_since(
    conn: Conn<'_>,
    teams: Option<&[Uuid]>,
    since: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    let sql = format!(
        "SELECT created_at, first_response_at FROM conversations \
         WHERE first_response_at >= $1{}",
        team_clause("team_id", teams, 2)
    );
    Ok(fetch_all!(conn, sql, teams, since)?)
}

/// `(created, resolved)` of conversations resolved since `since` and still resolved.
pub async fn resolutions_since(
    conn: Conn<'_>,
    teams: Option<&[Uuid]>,
    since: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    let sql = format!(
        "SELECT created_at, resolved_at FROM conversations \
         WHERE status = 'resolved' AND resolved_at >= $1{}",
        team_clause("team_id", teams, 2)
    );
    Ok(fetch_all!(conn, sql, teams, since)?)
}

/// `(ratings, sum of scores)` given since `since`.
pub async fn ratings_since(
    conn: Conn<'_>,
    teams: Option<&[Uuid]>,
    since: DateTime<Utc>,
) -> Result<(i64, i64)> {
    let sql = format!(
        "SELECT COUNT(*), COALESCE(SUM(r.score), 0) FROM conversation_ratings r \
         JOIN conversations c ON c.id = r.conversation_id WHERE r.rated_at >= $1{}",
        team_clause("c.team_id", teams, 2)
    );
    let rows: Vec<(i64, i64)> = fetch_all!(conn, sql, teams, since)?;
    Ok(rows.first().copied().unwrap_or((0, 0)))
}

/// Active members of these teams (`None`: of any team, plus agents in none), by name.
pub async fn members(conn: Conn<'_>, teams: Option<&[Uuid]>) -> Result<Vec<UserRecord>> {
    let filter = match teams {
        None => "(u.role = 'agent' OR EXISTS (SELECT 1 FROM team_members m \
                 WHERE m.user_id = u.id))"
            .to_owned(),
        Some(_) => format!(
            "EXISTS (SELECT 1 FROM team_members m WHERE m.user_id = u.id{})",
            team_clause("m.team_id", teams, 1)
        ),
    };
    let sql = format!(
        "SELECT u.id, u.name, u.email, u.username, u.role, u.password_hash, u.status, \
         u.language, u.created_at, u.updated_at FROM users u \
         WHERE u.status = 'active' AND {filter} ORDER BY u.name, u.id"
    );
    Ok(fetch_all!(conn, sql, teams)?)
}
