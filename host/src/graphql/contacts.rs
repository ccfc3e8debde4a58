//! Contacts: the ISP's customers.

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::errors::GqlResult;
use super::{caller, connection, page_size, parse_cursor, parse_id, services};
use crate::contacts::{Contact, ContactInput, fields};

pub struct ContactObject(pub Contact);

#[Object(name = "Contact")]
impl ContactObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// E.164, e.g. `+5511987654321`.
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// CPF or CNPJ digits.
    async fn document(&self) -> Option<&str> {
        self.0.document.as_deref()
    }
    /// The document punctuated for display: `529.982.247-25`.
    async fn document_formatted(&self) -> Option<String> {
        self.0.document.as_deref().map(fields::format_document)
    }
    async fn custom_attributes(&self) -> Json<Value> {
        Json(self.0.custom_attributes.0.clone())
    }
    /// How each inbox knows this contact.
    async fn identities(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ContactIdentity>> {
        let identities = services(ctx)
            .contacts
            .identities(caller(ctx), self.0.id)
            .await
            .gql()?;
        Ok(identities
            .into_iter()
            .map(|(inbox_id, identifier)| ContactIdentity {
                inbox_id: ID(inbox_id.to_string()),
                identifier,
            })
            .collect())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(SimpleObject)]
pub struct ContactIdentity {
    inbox_id: ID,
    identifier: String,
}

/// An empty string clears a field; an absent one leaves it.
#[derive(InputObject)]
#[graphql(name = "ContactInput")]
pub struct ContactFields {
    name: Option<String>,
    /// Any common writing; stored as E.164. Numbers without a country code are Brazilian.
    phone: Option<String>,
    email: Option<String>,
    /// CPF or CNPJ, with or without punctuation; check digits are verified.
    document: Option<String>,
    /// A JSON object (plan, address, customer code…), up to 16 KiB.
    custom_attributes: Option<Json<Value>>,
}

impl From<ContactFields> for ContactInput {
    fn from(input: ContactFields) -> Self {
        ContactInput {
            name: input.name,
            phone: input.phone,
            email: input.email,
            document: input.document,
            custom_attributes: input.custom_attributes.map(|json| json.0),
        }
    }
}

#[derive(Default)]
pub struct ContactQuery;

#[Object]
impl ContactQuery {
    /// Newest first; `search` matches name, phone, e-mail or document.
    async fn contacts(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<String, ContactObject>> {
        let first = page_size(first).gql()?;
        let cursor = parse_cursor(after.as_deref()).gql()?;
        let page = services(ctx)
            .contacts
            .list(caller(ctx), search.as_deref(), cursor, first)
            .await
            .gql()?;
        Ok(connection(page, cursor, |c| c.id, ContactObject))
    }

    async fn contact(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<ContactObject> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .contacts
            .get(caller(ctx), id)
            .await
            .map(ContactObject)
            .gql()
    }
}

#[derive(Default)]
pub struct ContactMutation;

#[Object]
impl ContactMutation {
    async fn create_contact(
        &self,
        ctx: &Context<'_>,
        input: ContactFields,
    ) -> async_graphql::Result<ContactObject> {
        services(ctx)
            .contacts
            .create(caller(ctx), &input.into())
            .await
            .map(ContactObject)
            .gql()
    }

    async fn update_contact(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: ContactFields,
    ) -> async_graphql::Result<ContactObject> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .contacts
            .update(caller(ctx), id, &input.into())
            .await
            .map(ContactObject)
            .gql()
    }

    /// Only contacts without conversations; merge the others.
    async fn delete_contact(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<bool> {
        let id = parse_id("id", &id).gql()?;
        services(ctx)
            .contacts
            .delete(caller(ctx), id)
            .await
            .map(|()| true)
            .gql()
    }

    /// Moves `mergeId`'s identities and conversations into `keepId` and deletes `mergeId`.
    async fn merge_contacts(
        &self,
        ctx: &Context<'_>,
        keep_id: ID,
        merge_id: ID,
    ) -> async_graphql::Result<ContactObject> {
        let keep_id = parse_id("keepId", &keep_id).gql()?;
        let merge_id = parse_id("mergeId", &merge_id).gql()?;
        services(ctx)
            .contacts
            .merge(caller(ctx), keep_id, merge_id)
            .await
            .map(ContactObject)
            .gql()
    }
}
