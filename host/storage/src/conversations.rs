//! Rows of `conversations`, `conversation_labels` and `protocol_counters`.

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;
use sqlx::types::Json;
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::conversations::{
    Conversation, ConversationEvent, ConversationFilter, ConversationStatus, ReadScope,
};
use ispchat_core::error::Result;

const COLUMNS: &str = "id, protocol, contact_id, inbox_id, status, priority, team_id, assignee_id, \
    snoozed_until, queued_at, first_response_at, last_activity_at, resolved_at, unread_count, \
    agent_last_seen_at, last_seq, created_at, updated_at, waiting_since";

/// Queue order: most urgent first, then longest waiting.
const QUEUE_ORDER: &str = "CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 \
    WHEN 'normal' THEN 2 ELSE 3 END, queued_at, id";

pub async fn insert(conn: Conn<'_>, c: &Conversation) -> Result<()> {
    let sql = format!(
        "INSERT INTO conversations ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
         $11, $12, $13, $14, $15, $16, $17, $18, $19)"
    );
    on_conn!(conn, db => sqlx::query(&sql)
        .bind(c.id)
        .bind(&c.protocol)
        .bind(c.contact_id)
        .bind(c.inbox_id)
        .bind(c.status)
        .bind(c.priority)
        .bind(c.team_id)
        .bind(c.assignee_id)
        .bind(c.snoozed_until)
        .bind(c.queued_at)
        .bind(c.first_response_at)
        .bind(c.last_activity_at)
        .bind(c.resolved_at)
        .bind(c.unread_count)
        .bind(c.agent_last_seen_at)
        .bind(c.last_seq)
        .bind(c.created_at)
        .bind(c.updated_at)
        .bind(c.waiting_since)
        .execute(db)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Stores a change: every mutable column of the conversation (the caller holds the row, see
/// [`find_for_update`]) and the events the change appended, in one round trip. On SQLite every
/// statement is a hop to the connection's thread (a customer's message is seven), so statements
/// that always go together are sent together (docs/performance.md): several statements in one
/// text on SQLite, the event rows as a data-modifying `WITH` on PostgreSQL.
pub async fn save_change(
    conn: Conn<'_>,
    c: &Conversation,
    events: &[ConversationEvent],
) -> Result<()> {
    let update = "UPDATE conversations SET status = $2, priority = $3, team_id = $4, \
                  assignee_id = $5, snoozed_until = $6, queued_at = $7, first_response_at = $8, \
                  last_activity_at = $9, resolved_at = $10, unread_count = $11, \
                  agent_last_seen_at = $12, last_seq = $13, updated_at = $14, contact_id = $15, \
                  waiting_since = $16 WHERE id = $1";
    let sql = if events.is_empty() {
        update.to_owned()
    } else {
        let rows = event_rows(events.len(), 17);
        let insert = format!(
            "INSERT INTO conversation_events (conversation_id, seq, kind, message_id, \
             actor_kind, actor_id, details, created_at) VALUES {rows}"
        );
        match conn {
            Conn::Sqlite(_) => format!("{update}; {insert}"),
            Conn::Postgres(_) => format!("WITH saved AS ({update}) {insert}"),
        }
    };
    on_conn!(conn, db => {
        let mut query = sqlx::query(&sql)
            .bind(c.id)
            .bind(c.status)
            .bind(c.priority)
            .bind(c.team_id)
            .bind(c.assignee_id)
            .bind(c.snoozed_until)
            .bind(c.queued_at)
            .bind(c.first_response_at)
            .bind(c.last_activity_at)
            .bind(c.resolved_at)
            .bind(c.unread_count)
            .bind(c.agent_last_seen_at)
            .bind(c.last_seq)
            .bind(c.updated_at)
            .bind(c.contact_id)
            .bind(c.waiting_since);
        for event in events {
            query = query
                .bind(event.conversation_id)
                .bind(event.seq)
                .bind(event.kind)
                .bind(event.message_id)
                .bind(event.actor.kind())
                .bind(event.actor.id())
                .bind(Json(&event.details))
                .bind(event.at);
        }
        query.execute(db).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// `($first, …, $first+7), (…)`: the placeholders of `count` event rows.
fn event_rows(count: usize, first: usize) -> String {
    (0..count)
        .map(|row| {
            let at = first + row * 8;
            let cells: Vec<String> = (at..at + 8).map(|n| format!("${n}")).collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn find_by_id(conn: Conn<'_>, id: Uuid) -> Result<Option<Conversation>> {
    let sql = format!("SELECT {COLUMNS} FROM conversations WHERE id = $1");
    Ok(on_conn!(conn, db => sqlx::query_as(&sql).bind(id).fetch_optional(db).await)?)
}

/// Reads and locks the row until the transaction ends, so changes to one conversation (and the
/// sequence numbers of its events) are serialised. SQLite's write transactions already are.
pub async fn find_for_update(conn: Conn<'_>, id: Uuid) -> Result<Option<Conversation>> {
    let sql = format!("SELECT {COLUMNS} FROM conversations WHERE id = $1");
    Ok(match conn {
        Conn::Sqlite(db) => sqlx::query_as(&sql).bind(id).fetch_optional(db).await?,
        Conn::Postgres(db) => {
            sqlx::query_as(&format!("{sql} FOR UPDATE"))
                .bind(id)
                .fetch_optional(db)
                .await?
        }
    })
}

/// The contact's conversation in this inbox that is not resolved yet, if any, locked as
/// [`find_for_update`] locks it. On PostgreSQL a row resolved while this waited for its lock no
/// longer matches and is not returned.
pub async fn lock_active_for_contact(
    conn: Conn<'_>,
    contact_id: Uuid,
    inbox_id: Uuid,
) -> Result<Option<Conversation>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM conversations WHERE contact_id = $1 AND inbox_id = $2 \
         AND status <> 'resolved' ORDER BY created_at DESC LIMIT 1"
    );
    Ok(match conn {
        Conn::Sqlite(db) => {
            sqlx::query_as(&sql)
                .bind(contact_id)
                .bind(inbox_id)
                .fetch_optional(db)
                .await?
        }
        Conn::Postgres(db) => {
            sqlx::query_as(&format!("{sql} FOR UPDATE"))
                .bind(contact_id)
                .bind(inbox_id)
                .fetch_optional(db)
                .await?
        }
    })
}

pub async fn find_by_protocol(conn: Conn<'_>, protocol: &str) -> Result<Option<Conversation>> {
    let sql = format!("SELECT {COLUMNS} FROM conversations WHERE protocol = $1");
    Ok(on_conn!(conn, db => sqlx::query_as(&sql).bind(protocol).fetch_optional(db).await)?)
}

/// Most recent activity first. `after` is the `(last_activity_at, id)` of the last row seen.
pub async fn list(
    conn: Conn<'_>,
    scope: &ReadScope,
    filter: &ConversationFilter,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<Conversation>> {
    let (fts_sql, fts_query) = match &conn {
        Conn::Sqlite(_) => (
            "SELECT m.conversation_id FROM messages_fts f JOIN messages m ON m.id = f.message_id \
             WHERE messages_fts MATCH ",
            filter.search.as_deref().map(fts5_query),
        ),
        Conn::Postgres(_) => (
            "SELECT m.conversation_id FROM messages m WHERE m.search @@ \
             plainto_tsquery('portuguese', ispchat_fold(",
            filter.search.clone(),
        ),
    };
    let closing = if matches!(conn, Conn::Postgres(_)) {
        "))"
    } else {
        ""
    };
    on_conn!(conn, db => {
        let mut query = QueryBuilder::new(format!("SELECT {COLUMNS} FROM conversations WHERE 1 = 1"));
        if let ReadScope::Teams { user_id, team_ids } = scope {
            query.push(" AND (team_id IS NULL OR assignee_id = ").push_bind(*user_id);
            if !team_ids.is_empty() {
                query.push(" OR team_id IN (");
                let mut list = query.separated(", ");
                for team in team_ids {
                    list.push_bind(*team);
                }
                query.push(")");
            }
            query.push(")");
        }
        if !filter.statuses.is_empty() {
            query.push(" AND status IN (");
            let mut list = query.separated(", ");
            for status in &filter.statuses {
                list.push_bind(*status);
            }
            query.push(")");
        }
        if let Some(team_id) = filter.team_id {
            query.push(" AND team_id = ").push_bind(team_id);
        }
        if let Some(assignee_id) = filter.assignee_id {
            query.push(" AND assignee_id = ").push_bind(assignee_id);
        }
        if filter.unassigned {
            query.push(" AND assignee_id IS NULL");
        }
        if let Some(inbox_id) = filter.inbox_id {
            query.push(" AND inbox_id = ").push_bind(inbox_id);
        }
        if let Some(contact_id) = filter.contact_id {
            query.push(" AND contact_id = ").push_bind(contact_id);
        }
        if let Some(priority) = filter.priority {
            query.push(" AND priority = ").push_bind(priority);
        }
        if let Some(label) = &filter.label {
            query.push(" AND id IN (SELECT conversation_id FROM conversation_labels WHERE label = ")
                .push_bind(label.clone())
                .push(")");
        }
        if let (Some(search), Some(fts_query)) = (&filter.search, fts_query) {
            let pattern = format!("%{}%", super::users::escape_like(&search.to_lowercase()));
            query.push(" AND (protocol = ").push_bind(search.clone());
            query.push(" OR contact_id IN (SELECT id FROM contacts WHERE LOWER(name) LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR phone LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR email LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\')");
            if fts_query.trim().is_empty() {
                query.push(")");
            } else {
                query.push(" OR id IN (").push(fts_sql).push_bind(fts_query).push(closing);
                if !filter.include_notes {
                    query.push(" AND m.kind <> 'note'");
                }
                query.push("))");
            }
        }
        if let Some((at, id)) = after {
            query.push(" AND (last_activity_at < ").push_bind(at)
                .push(" OR (last_activity_at = ").push_bind(at)
                .push(" AND id < ").push_bind(id).push("))");
        }
        query.push(" ORDER BY last_activity_at DESC, id DESC LIMIT ").push_bind(limit);
        query.build_query_as().fetch_all(db).await
    })
    .map_err(Into::into)
}

/// The conversation an agent of `team_ids` should take next, locked for the caller (PostgreSQL
/// skips rows another agent is claiming at the same moment).
/// `teams: None` means any queue.
pub async fn next_in_queue(
    conn: Conn<'_>,
    teams: Option<&[Uuid]>,
    include_teamless: bool,
) -> Result<Option<Conversation>> {
    let lock = match conn {
        Conn::Sqlite(_) => "",
        Conn::Postgres(_) => " FOR UPDATE SKIP LOCKED",
    };
    on_conn!(conn, db => {
        let mut query = QueryBuilder::new(format!(
            "SELECT {COLUMNS} FROM conversations WHERE status = 'queued' AND assignee_id IS NULL AND ("
        ));
        query.push(match (teams, include_teamless) {
            (None, _) => "1 = 1",
            (Some(_), true) => "team_id IS NULL",
            (Some(_), false) => "1 = 0",
        });
        let team_ids = teams.unwrap_or_default();
        if !team_ids.is_empty() {
            query.push(" OR team_id IN (");
            let mut list = query.separated(", ");
            for team in team_ids {
                list.push_bind(*team);
            }
            query.push(")");
        }
        query.push(format!(") ORDER BY {QUEUE_ORDER} LIMIT 1{lock}"));
        query.build_query_as().fetch_optional(db).await
    })
    .map_err(Into::into)
}

/// `(team, queued since)` of every queued conversation.
pub async fn queued(conn: Conn<'_>) -> Result<Vec<(Option<Uuid>, Option<DateTime<Utc>>)>> {
    let sql = "SELECT team_id, queued_at FROM conversations WHERE status = 'queued'";
    Ok(on_conn!(conn, db => sqlx::query_as(sql).fetch_all(db).await)?)
}

/// Snoozed conversations whose time has come.
pub async fn due_snoozed(conn: Conn<'_>, now: DateTime<Utc>) -> Result<Vec<Uuid>> {
    let sql = "SELECT id FROM conversations WHERE status = $1 AND snoozed_until <= $2";
    let rows: Vec<(Uuid,)> = on_conn!(conn, db => sqlx::query_as(sql)
        .bind(ConversationStatus::Snoozed)
        .bind(now)
        .fetch_all(db)
        .await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

pub async fn labels(conn: Conn<'_>, id: Uuid) -> Result<Vec<String>> {
    let sql = "SELECT label FROM conversation_labels WHERE conversation_id = $1 ORDER BY label";
    let rows: Vec<(String,)> =
        on_conn!(conn, db => sqlx::query_as(sql).bind(id).fetch_all(db).await)?;
    Ok(rows.into_iter().map(|(label,)| label).collect())
}

pub async fn set_labels(conn: Conn<'_>, id: Uuid, labels: &[String]) -> Result<()> {
    on_conn!(conn, db => {
        sqlx::query("DELETE FROM conversation_labels WHERE conversation_id = $1")
            .bind(id).execute(&mut *db).await?;
        for label in labels {
            sqlx::query("INSERT INTO conversation_labels (conversation_id, label) VALUES ($1, $2)")
                .bind(id).bind(label).execute(&mut *db).await?;
        }
        Ok::<_, sqlx::Error>(())
    })?;
    Ok(())
}

/// The next number of a protocol period, starting at 1; concurrent callers get distinct numbers.
pub async fn next_protocol_number(conn: Conn<'_>, period: &str) -> Result<i64> {
    let sql = "INSERT INTO protocol_counters (period, last_value) VALUES ($1, 1) \
               ON CONFLICT (period) DO UPDATE SET last_value = protocol_counters.last_value + 1 \
               RETURNING last_value";
    let (value,): (i64,) =
        on_conn!(conn, db => sqlx::query_as(sql).bind(period).fetch_one(db).await)?;
    Ok(value)
}

/// Each word as an FTS5 string, so user input is never read as query syntax; words are ANDed.
pub fn fts5_query(text: &str) -> String {
    text.split_whitespace()
        .map(|word| word.replace('"', ""))
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{word}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many open or pending conversations each of these agents holds (absent: none).
pub async fn active_counts(conn: Conn<'_>, agents: &[Uuid]) -> Result<Vec<(Uuid, i64)>> {
    if agents.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = (1..=agents.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT assignee_id, COUNT(*) FROM conversations WHERE status IN ('open', 'pending') \
         AND assignee_id IN ({placeholders}) GROUP BY assignee_id"
    );
    on_conn!(conn, db => {
        let mut query = sqlx::query_as(&sql);
        for agent in agents {
            query = query.bind(*agent);
        }
        query.fetch_all(db).await
    })
    .map_err(Into::into)
}
