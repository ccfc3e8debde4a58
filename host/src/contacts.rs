//! Contacts: the ISP's customers, however they reach us. A contact has one identity per inbox
//! (a WhatsApp number, a widget visitor id, an integrator's customer id) and can be merged when
//! the same person turns out to have written from two places.

pub mod fields;

use std::sync::Arc;

use serde_json::{Value, json};
use sqlx::types::Json;
use uuid::Uuid;

use crate::audit::{Actor, AuditEvent, AuditLog};
use crate::auth::{Caller, Permission};
use crate::clock::SharedClock;
use crate::error::{Error, Reason, Result};
use crate::storage::{self, Conn, Db, Page};
use crate::users::{validate_email, validate_text};
pub use ispchat_core::contacts::Contact;

/// Fields to set; `None` leaves a field as it is, an empty string clears it.
#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub document: Option<String>,
    pub custom_attributes: Option<Value>,
}

const MAX_ATTRIBUTES_BYTES: usize = 16 * 1024;

impl ContactInput {
    /// Validates and applies the input to `contact`; `prefix` names the GraphQL argument.
    fn apply(&self, prefix: &str, contact: &mut Contact) -> Result<()> {
        let field = |name: &str| format!("{prefix}.{name}");
        if let Some(name) = &self.name {
            contact.name = validate_text(&field("name"), name, 120)?;
        }
        if let Some(phone) = &self.phone {
            contact.phone = non_empty(phone)
                .map(|p| fields::normalize_phone(&field("phone"), p))
                .transpose()?;
        }
        if let Some(email) = &self.email {
            contact.email = non_empty(email)
                .map(|e| {
                    validate_email(e).map_err(|_| {
                        Error::refused(
                            Reason::InvalidEmail,
                            &field("email"),
                            "is not a valid e-mail address",
                        )
                    })
                })
                .transpose()?;
        }
        if let Some(document) = &self.document {
            contact.document = non_empty(document)
                .map(|d| fields::normalize_document(&field("document"), d))
                .transpose()?;
        }
        if let Some(attributes) = &self.custom_attributes {
            if !attributes.is_object() {
                return Err(Error::invalid(
                    &field("customAttributes"),
                    "must be a JSON object",
                ));
            }
            if attributes.to_string().len() > MAX_ATTRIBUTES_BYTES {
                return Err(Error::invalid(
                    &field("customAttributes"),
                    "must be at most 16 KiB of JSON",
                ));
            }
            contact.custom_attributes = Json(attributes.clone());
        }
        Ok(())
    }
}

fn non_empty(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

pub struct ContactService {
    db: Db,
    clock: SharedClock,
    audit: Arc<AuditLog>,
}

impl ContactService {
    pub fn new(db: Db, clock: SharedClock, audit: Arc<AuditLog>) -> Self {
        ContactService { db, clock, audit }
    }

    pub async fn get(&self, caller: &Caller, id: Uuid) -> Result<Contact> {
        caller.require(Permission::ContactsRead)?;
        let mut conn = self.db.acquire().await?;
        storage::contacts::find_by_id(conn.conn(), id)
            .await?
            .ok_or(Error::NotFound("contact"))
    }

    pub async fn list(
        &self,
        caller: &Caller,
        search: Option<&str>,
        after: Option<Uuid>,
        first: usize,
    ) -> Result<Page<Contact>> {
        caller.require(Permission::ContactsRead)?;
        let search = crate::conversations::search_text("search", search)?;
        let mut conn = self.db.acquire().await?;
        let rows = storage::contacts::list(conn.conn(), search.as_deref(), after, first as i64 + 1)
            .await?;
        Ok(Page::from_rows(rows, first))
    }

    /// `(inbox id, identifier)` pairs under which channels know the contact.
    pub async fn identities(&self, caller: &Caller, id: Uuid) -> Result<Vec<(Uuid, String)>> {
        caller.require(Permission::ContactsRead)?;
        let mut conn = self.db.acquire().await?;
        storage::contacts::identities(conn.conn(), id).await
    }

    pub async fn create(&self, caller: &Caller, input: &ContactInput) -> Result<Contact> {
        caller.require(Permission::ContactsWrite)?;
        if input.name.is_none() {
            return Err(Error::invalid("input.name", "is required"));
        }
        let contact = self.new_contact("input", input)?;
        let mut tx = self.db.begin().await?;
        storage::contacts::insert(tx.conn(), &contact)
            .await
            .map_err(|e| prefix_conflict("input", e))?;
        let event = AuditEvent::new("contact.create").target("contact", contact.id);
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(contact)
    }

    pub async fn update(&self, caller: &Caller, id: Uuid, input: &ContactInput) -> Result<Contact> {
        caller.require(Permission::ContactsWrite)?;
        let mut tx = self.db.begin().await?;
        let mut contact = storage::contacts::find_by_id(tx.conn(), id)
            .await?
            .ok_or(Error::NotFound("contact"))?;
        input.apply("input", &mut contact)?;
        contact.updated_at = self.clock.now();
        storage::contacts::update(tx.conn(), &contact)
            .await
            .map_err(|e| prefix_conflict("input", e))?;
        let event = AuditEvent::new("contact.update").target("contact", id);
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(contact)
    }

    /// Only a contact without conversations can be deleted: history is kept.
    pub async fn delete(&self, caller: &Caller, id: Uuid) -> Result<()> {
        caller.require(Permission::ContactsWrite)?;
        let mut tx = self.db.begin().await?;
        if storage::contacts::has_conversations(tx.conn(), id).await? {
            return Err(Error::refused(
                Reason::ContactHasConversations,
                "id",
                "the contact has conversations; merge it into another instead",
            ));
        }
        if !storage::contacts::delete(tx.conn(), id).await? {
            return Err(Error::NotFound("contact"));
        }
        let event = AuditEvent::new("contact.delete").target("contact", id);
        self.audit.commit(tx, &Actor::from(caller), event).await
    }

    /// Moves the identities and conversations of `merge_id` into `keep_id`, fills the fields
    /// `keep_id` lacks from it, and deletes it.
    pub async fn merge(&self, caller: &Caller, keep_id: Uuid, merge_id: Uuid) -> Result<Contact> {
        caller.require(Permission::ContactsWrite)?;
        if keep_id == merge_id {
            return Err(Error::invalid("mergeId", "must differ from keepId"));
        }
        let mut tx = self.db.begin().await?;
        let mut keep = storage::contacts::find_by_id(tx.conn(), keep_id)
            .await?
            .ok_or(Error::NotFound("contact"))?;
        let merged = storage::contacts::find_by_id(tx.conn(), merge_id)
            .await?
            .ok_or(Error::NotFound("contact"))?;
        storage::contacts::reassign_all(tx.conn(), merge_id, keep_id).await?;
        storage::contacts::delete(tx.conn(), merge_id).await?;
        keep.phone = keep.phone.or(merged.phone);
        keep.email = keep.email.or(merged.email);
        keep.document = keep.document.or(merged.document);
        if let (Some(kept), Some(other)) = (
            keep.custom_attributes.0.as_object_mut(),
            merged.custom_attributes.0.as_object(),
        ) {
            for (key, value) in other {
                kept.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
        keep.updated_at = self.clock.now();
        storage::contacts::update(tx.conn(), &keep).await?;
        let event = AuditEvent::new("contact.merge")
            .target("contact", keep_id)
            .details(json!({ "merged": merge_id, "mergedName": merged.name }));
        self.audit.commit(tx, &Actor::from(caller), event).await?;
        Ok(keep)
    }

    fn new_contact(&self, prefix: &str, input: &ContactInput) -> Result<Contact> {
        let now = self.clock.now();
        let mut contact = Contact {
            id: Uuid::now_v7(),
            name: String::new(),
            phone: None,
            email: None,
            document: None,
            custom_attributes: Json(json!({})),
            created_at: now,
            updated_at: now,
        };
        input.apply(prefix, &mut contact)?;
        Ok(contact)
    }

    /// For callers already allowed to see the contact (a visitor, their own).
    pub async fn find(&self, id: Uuid) -> Result<Option<Contact>> {
        let mut conn = self.db.acquire().await?;
        storage::contacts::find_by_id(conn.conn(), id).await
    }

    /// A new contact that `inbox_id` knows as `identifier`, never linked to an existing contact
    /// by phone or e-mail: the web widget's visitors type those unverified. A phone or e-mail
    /// another contact already has is kept in `customAttributes.prechat` for agents to merge.
    /// Runs in the caller's transaction.
    pub(crate) async fn create_with_identity(
        &self,
        mut conn: Conn<'_>,
        inbox_id: Uuid,
        identifier: &str,
        input: &ContactInput,
    ) -> Result<Contact> {
        let mut contact = self.new_contact("input", input)?;
        let mut prechat = serde_json::Map::new();
        if let Some(phone) = contact.phone.clone()
            && storage::contacts::find_by_phone(conn.reborrow(), &phone)
                .await?
                .is_some()
        {
            prechat.insert("phone".into(), json!(phone));
            contact.phone = None;
        }
        if let Some(email) = contact.email.clone()
            && storage::contacts::find_by_email(conn.reborrow(), &email)
                .await?
                .is_some()
        {
            prechat.insert("email".into(), json!(email));
            contact.email = None;
        }
        if !prechat.is_empty() {
            contact.custom_attributes = Json(json!({ "prechat": prechat }));
        }
        storage::contacts::insert(conn.reborrow(), &contact).await?;
        storage::contacts::add_identity(conn, inbox_id, identifier, contact.id, self.clock.now())
            .await?;
        Ok(contact)
    }

    /// The contact an inbox knows as `identifier`, created (or linked by phone or e-mail) on first
    /// contact; what the channel says about the sender fills what the contact lacks
    /// ([`ContactService::fill_from_channel`]). Phone-like identifiers are stored and looked up
    /// with the Brazilian ninth digit ([`fields::normalize_identity`]). Runs in the caller's
    /// transaction.
    pub(crate) async fn find_or_create(
        &self,
        mut conn: Conn<'_>,
        inbox_id: Uuid,
        identifier: &str,
        input: &ContactInput,
    ) -> Result<Contact> {
        let normalized = fields::normalize_identity(identifier);
        let mut found =
            storage::contacts::find_by_identity(conn.reborrow(), inbox_id, &normalized).await?;
        if found.is_none() && normalized != identifier {
            // An identity stored in the old form before the rule existed.
            found =
                storage::contacts::find_by_identity(conn.reborrow(), inbox_id, identifier).await?;
        }
        if let Some(found) = found {
            return self
                .fill_from_channel(conn, found, &[identifier, &normalized], input)
                .await;
        }
        let identifier = normalized.as_str();
        let mut candidate = self.new_contact("contact", input)?;
        if candidate.name.is_empty() {
            candidate.name = identifier.to_owned();
        }
        let existing = match (&candidate.phone, &candidate.email) {
            (Some(phone), _) => storage::contacts::find_by_phone(conn.reborrow(), phone).await?,
            (None, Some(email)) => storage::contacts::find_by_email(conn.reborrow(), email).await?,
            (None, None) => None,
        };
        let contact = match existing {
            Some(existing) => {
                self.fill_from_channel(conn.reborrow(), existing, &[identifier], input)
                    .await?
            }
            None => {
                storage::contacts::insert(conn.reborrow(), &candidate).await?;
                candidate
            }
        };
        storage::contacts::add_identity(conn, inbox_id, identifier, contact.id, self.clock.now())
            .await?;
        Ok(contact)
    }

    /// Fills what `contact` lacks from what a channel reported about the sender: the name when
    /// it is still a placeholder ([`is_placeholder_name`]: never a name someone typed), the phone
    /// and e-mail when it has none and no other contact has them. Changes are audited as the
    /// system's; invalid reported values are ignored (the message is still stored).
    async fn fill_from_channel(
        &self,
        mut conn: Conn<'_>,
        mut contact: Contact,
        identifiers: &[&str],
        input: &ContactInput,
    ) -> Result<Contact> {
        let Ok(reported) = self.new_contact("contact", input) else {
            return Ok(contact);
        };
        let mut changed = Vec::new();
        if !reported.name.is_empty()
            && reported.name != contact.name
            && is_placeholder_name(&contact, identifiers)
        {
            contact.name = reported.name;
            changed.push("name");
        }
        if contact.phone.is_none()
            && let Some(phone) = reported.phone
            && storage::contacts::find_by_phone(conn.reborrow(), &phone)
                .await?
                .is_none()
        {
            contact.phone = Some(phone);
            changed.push("phone");
        }
        if contact.email.is_none()
            && let Some(email) = reported.email
            && storage::contacts::find_by_email(conn.reborrow(), &email)
                .await?
                .is_none()
        {
            contact.email = Some(email);
            changed.push("email");
        }
        if changed.is_empty() {
            return Ok(contact);
        }
        contact.updated_at = self.clock.now();
        storage::contacts::update(conn.reborrow(), &contact).await?;
        let event = AuditEvent::new("contact.update")
            .target("contact", contact.id)
            .details(json!({ "source": "channel", "fields": changed }));
        // Stored with the message's transaction; not published live, since that transaction may
        // still roll back (a lost race is retried).
        self.audit.record(conn, &Actor::system(), event).await?;
        Ok(contact)
    }
}

/// Whether the contact's name is one the host made up rather than one a person chose: empty,
/// or the channel identifier or phone that `find_or_create` names a new contact after when the
/// channel gives no name. A name an agent typed is never replaced, unless they typed exactly
/// that identifier or phone.
fn is_placeholder_name(contact: &Contact, identifiers: &[&str]) -> bool {
    let name = contact.name.trim();
    name.is_empty()
        || identifiers.contains(&name)
        || contact.phone.as_deref() == Some(name)
        || contact
            .phone
            .as_deref()
            .is_some_and(|phone| phone.strip_prefix('+') == Some(name))
}

/// `phone is already taken` names the input field it came from.
fn prefix_conflict(prefix: &str, err: Error) -> Error {
    match err {
        Error::Conflict { field, .. } => Error::Conflict {
            message: format!("another contact already has this {field}"),
            field: format!("{prefix}.{field}"),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str, phone: Option<&str>) -> Contact {
        Contact {
            id: Uuid::nil(),
            name: name.to_owned(),
            phone: phone.map(str::to_owned),
            email: None,
            document: None,
            custom_attributes: Json(json!({})),
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn only_names_the_host_made_up_are_placeholders() {
        let ids = ["551187654321", "5511987654321"];
        assert!(is_placeholder_name(&contact("", None), &ids));
        assert!(is_placeholder_name(&contact("  ", None), &ids));
        assert!(is_placeholder_name(&contact("551187654321", None), &ids));
        assert!(is_placeholder_name(&contact("5511987654321", None), &ids));
        let phone = Some("+5511987654321");
        assert!(is_placeholder_name(&contact("+5511987654321", phone), &[]));
        assert!(is_placeholder_name(&contact("5511987654321", phone), &[]));
        // Anything a person typed stays, even a name that looks like a number.
        assert!(!is_placeholder_name(&contact("Ana Souza", phone), &ids));
        assert!(!is_placeholder_name(&contact("Cliente 5511", phone), &ids));
        assert!(!is_placeholder_name(&contact("5511999990000", phone), &ids));
    }
}
