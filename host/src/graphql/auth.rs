//! `login`, `refreshToken`, `logout`, `me` and the caller's own account.

use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::errors::GqlResult;
use super::users::UserObject;
use super::{caller, services};
use crate::auth::Session;
use crate::users::Language;

#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Send as `Authorization: Bearer …`. Short-lived: refresh before `accessTokenExpiresAt`.
    access_token: String,
    access_token_expires_at: DateTime<Utc>,
    /// Single use: `refreshToken` returns a new one. Reusing an old one ends this sign-in (every
    /// token descended from it).
    refresh_token: String,
    refresh_token_expires_at: DateTime<Utc>,
    user: UserObject,
}

impl From<Session> for AuthPayload {
    fn from(s: Session) -> Self {
        AuthPayload {
            access_token: s.access_token,
            access_token_expires_at: s.access_token_expires_at,
            refresh_token: s.refresh_token,
            refresh_token_expires_at: s.refresh_token_expires_at,
            user: UserObject(s.user),
        }
    }
}

#[derive(InputObject)]
pub struct UpdateMeInput {
    name: Option<String>,
    language: Option<Language>,
}

#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// The signed-in user.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<UserObject> {
        services(ctx)
            .users
            .me(caller(ctx))
            .await
            .map(UserObject)
            .gql()
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Starts a session. `login` is the e-mail or the username.
    async fn login(
        &self,
        ctx: &Context<'_>,
        login: String,
        password: String,
    ) -> async_graphql::Result<AuthPayload> {
        let services = services(ctx);
        let session = services
            .auth
            .login(caller(ctx), &login, &password)
            .await
            .gql()?;
        // Signing in is being at the console: the member's presence starts (or resumes) now.
        services.presence.seen(session.user.id).await;
        Ok(session.into())
    }

    /// Trades a refresh token for a new access token and a new refresh token.
    async fn refresh_token(
        &self,
        ctx: &Context<'_>,
        refresh_token: String,
    ) -> async_graphql::Result<AuthPayload> {
        services(ctx)
            .auth
            .refresh(caller(ctx), &refresh_token)
            .await
            .map(Into::into)
            .gql()
    }

    /// Ends the session the refresh token belongs to; `false` if it had already ended.
    async fn logout(
        &self,
        ctx: &Context<'_>,
        refresh_token: String,
    ) -> async_graphql::Result<bool> {
        services(ctx)
            .auth
            .logout(caller(ctx), &refresh_token)
            .await
            .gql()
    }

    /// Changes the caller's name or language.
    async fn update_me(
        &self,
        ctx: &Context<'_>,
        input: UpdateMeInput,
    ) -> async_graphql::Result<UserObject> {
        services(ctx)
            .users
            .update_me(caller(ctx), input.name, input.language)
            .await
            .map(UserObject)
            .gql()
    }

    /// Changes the caller's password and ends all their sessions.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> async_graphql::Result<bool> {
        services(ctx)
            .users
            .change_password(caller(ctx), &current_password, &new_password)
            .await
            .map(|()| true)
            .gql()
    }
}
