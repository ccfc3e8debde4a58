//! Rows of `contacts` and `contact_identities`.

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::Conn;
use crate::on_conn;
use ispchat_core::contacts::Contact;
use ispchat_core::error::Result;

const COLUMNS: &str = "id, name, phone, email, document, custom_attributes, created_at, updated_at";

pub async fn insert(conn: Conn<'_>, contact: &Contact) -> Result<()> {
    let sql = format!("INSERT INTO contacts ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    on_conn!(conn, c => sqlx::query(&sql)
        .bind(contact.id)
        .bind(&contact.name)
        .bind(&contact.phone)
        .bind(&contact.email)
        .bind(&contact.document)
        .bind(&contact.custom_attributes)
        .bind(contact.created_at)
        .bind(contact.updated_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn update(conn: Conn<'_>, contact: &Contact) -> Result<()> {
    let sql = "UPDATE contacts SET name = $2, phone = $3, email = $4, document = $5, \
               custom_attributes = $6, updated_at = $7 WHERE id = $1";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(contact.id)
        .bind(&contact.name)
        .bind(&contact.phone)
        .bind(&contact.email)
        .bind(&contact.document)
        .bind(&contact.custom_attributes)
        .bind(contact.updated_at)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete(conn: Conn<'_>, id: Uuid) -> Result<bool> {
    let sql = "DELETE FROM contacts WHERE id = $1";
    let done =
        on_conn!(conn, c => sqlx::query(sql).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

pub async fn has_conversations(conn: Conn<'_>, id: Uuid) -> Result<bool> {
    let sql = "SELECT COUNT(*) FROM conversations WHERE contact_id = $1";
    let (count,): (i64,) = on_conn!(conn, c => sqlx::query_as(sql).bind(id).fetch_one(c).await)?;
    Ok(count > 0)
}

pub async fn find_by_id(conn: Conn<'_>, id: Uuid) -> Result<Option<Contact>> {
    let sql = format!("SELECT {COLUMNS} FROM contacts WHERE id = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)?)
}

pub async fn find_by_phone(conn: Conn<'_>, phone: &str) -> Result<Option<Contact>> {
    let sql = format!("SELECT {COLUMNS} FROM contacts WHERE phone = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(phone).fetch_optional(c).await)?)
}

pub async fn find_by_email(conn: Conn<'_>, email: &str) -> Result<Option<Contact>> {
    let sql = format!("SELECT {COLUMNS} FROM contacts WHERE email = $1");
    Ok(on_conn!(conn, c => sqlx::query_as(&sql).bind(email).fetch_optional(c).await)?)
}

pub async fn find_by_identity(
    conn: Conn<'_>,
    inbox_id: Uuid,
    identifier: &str,
) -> Result<Option<Contact>> {
    let sql = "SELECT c.id, c.name, c.phone, c.email, c.document, c.custom_attributes, \
               c.created_at, c.updated_at FROM contacts c \
               JOIN contact_identities i ON i.contact_id = c.id \
               WHERE i.inbox_id = $1 AND i.identifier = $2";
    Ok(
        on_conn!(conn, c => sqlx::query_as(sql).bind(inbox_id).bind(identifier).fetch_optional(c).await)?,
    )
}

pub async fn add_identity(
    conn: Conn<'_>,
    inbox_id: Uuid,
    identifier: &str,
    contact_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = "INSERT INTO contact_identities (inbox_id, identifier, contact_id, created_at) \
               VALUES ($1, $2, $3, $4)";
    on_conn!(conn, c => sqlx::query(sql)
        .bind(inbox_id)
        .bind(identifier)
        .bind(contact_id)
        .bind(now)
        .execute(c)
        .await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// `(inbox id, identifier)` pairs of a contact.
pub async fn identities(conn: Conn<'_>, contact_id: Uuid) -> Result<Vec<(Uuid, String)>> {
    let sql = "SELECT inbox_id, identifier FROM contact_identities WHERE contact_id = $1 \
               ORDER BY created_at";
    Ok(on_conn!(conn, c => sqlx::query_as(sql).bind(contact_id).fetch_all(c).await)?)
}

/// Moves everything of `from` (identities, conversations) to `into`; `from` is then deleted.
pub async fn reassign_all(conn: Conn<'_>, from: Uuid, into: Uuid) -> Result<()> {
    on_conn!(conn, c => {
        sqlx::query("UPDATE contact_identities SET contact_id = $2 WHERE contact_id = $1")
            .bind(from).bind(into).execute(&mut *c).await?;
        sqlx::query("UPDATE conversations SET contact_id = $2 WHERE contact_id = $1")
            .bind(from).bind(into).execute(&mut *c).await?;
        sqlx::query("UPDATE messages SET sender_id = $2 WHERE sender_kind = 'contact' AND sender_id = $1")
            .bind(from).bind(into).execute(&mut *c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// By name; `search` matches the name, phone, e-mail or document. `after` is the last id seen.
pub async fn list(
    conn: Conn<'_>,
    search: Option<&str>,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<Contact>> {
    on_conn!(conn, c => {
        let mut query = QueryBuilder::new(format!("SELECT {COLUMNS} FROM contacts WHERE 1 = 1"));
        if let Some(search) = search {
            let pattern = format!("%{}%", super::users::escape_like(&search.to_lowercase()));
            query.push(" AND (LOWER(name) LIKE ").push_bind(pattern.clone()).push(" ESCAPE '\\'");
            query.push(" OR phone LIKE ").push_bind(pattern.clone()).push(" ESCAPE '\\'");
            query.push(" OR email LIKE ").push_bind(pattern.clone()).push(" ESCAPE '\\'");
            query.push(" OR document LIKE ").push_bind(pattern).push(" ESCAPE '\\')");
        }
        if let Some(after) = after {
            query.push(" AND id < ").push_bind(after);
        }
        query.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
        query.build_query_as().fetch_all(c).await
    })
    .map_err(Into::into)
}
