//! Rows of `sla_policies`: one per priority.

use super::Conn;
use crate::on_conn;
use ispchat_core::error::Result;
use ispchat_core::sla::SlaPolicy;

pub async fn list(conn: Conn<'_>) -> Result<Vec<SlaPolicy>> {
    let sql = "SELECT priority, first_response_seconds, next_response_seconds, \
               resolution_seconds, updated_at FROM sla_policies";
    Ok(on_conn!(conn, db => sqlx::query_as(sql).fetch_all(db).await)?)
}

pub async fn upsert(conn: Conn<'_>, policy: &SlaPolicy) -> Result<()> {
    let sql = "INSERT INTO sla_policies (priority, first_response_seconds, \
               next_response_seconds, resolution_seconds, updated_at) VALUES ($1, $2, $3, $4, $5) \
               ON CONFLICT (priority) DO UPDATE SET \
               first_response_seconds = excluded.first_response_seconds, \
               next_response_seconds = excluded.next_response_seconds, \
               resolution_seconds = excluded.resolution_seconds, updated_at = excluded.updated_at";
    on_conn!(conn, db => sqlx::query(sql)
        .bind(policy.priority)
        .bind(policy.first_response_seconds)
        .bind(policy.next_response_seconds)
        .bind(policy.resolution_seconds)
        .bind(policy.updated_at)
        .execute(db)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}
