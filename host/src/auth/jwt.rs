//! Access tokens: HS256 JWTs that live minutes. Expiry is checked against the injected clock, not
//! the system time, so tests can move time forward.

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Role;
use crate::error::{Error, Result};

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    /// For clients that want to show the role; the server reloads the user on every request.
    pub role: String,
    pub iat: i64,
    pub exp: i64,
    pub typ: String,
    /// Visitor tokens: the web inbox the visitor's widget belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbox: Option<Uuid>,
    /// Visitor tokens: the widget's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

const ACCESS: &str = "access";
/// A web chat visitor's token: `sub` is their contact, `inbox` the widget's inbox.
pub const VISITOR: &str = "visitor";

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl: std::time::Duration) -> Result<Self> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Ok(JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl: Duration::from_std(ttl).map_err(Error::internal)?,
        })
    }

    pub fn issue(
        &self,
        user_id: Uuid,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>)> {
        let expires_at = now + self.ttl;
        let claims = Claims {
            sub: user_id,
            role: role.as_str().to_owned(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
            typ: ACCESS.to_owned(),
            inbox: None,
            locale: None,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(Error::internal)?;
        Ok((token, expires_at))
    }

    /// A visitor token: long-lived (visitors come back days later to the same conversation),
    /// and worth nothing outside the widget's operations.
    pub fn issue_visitor(
        &self,
        contact_id: Uuid,
        inbox_id: Uuid,
        locale: &str,
        now: DateTime<Utc>,
        ttl: Duration,
    ) -> Result<(String, DateTime<Utc>)> {
        let expires_at = now + ttl;
        let claims = Claims {
            sub: contact_id,
            role: VISITOR.to_owned(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
            typ: VISITOR.to_owned(),
            inbox: Some(inbox_id),
            locale: Some(locale.to_owned()),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(Error::internal)?;
        Ok((token, expires_at))
    }

    /// Checks a staff access token or a visitor token; `typ` tells which.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Claims> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|_| Error::Unauthenticated("invalid access token"))?;
        let visitor = data.claims.typ == VISITOR && data.claims.inbox.is_some();
        if data.claims.typ != ACCESS && !visitor {
            return Err(Error::Unauthenticated("invalid access token"));
        }
        if data.claims.exp <= now.timestamp() {
            return Err(Error::Unauthenticated("access token expired"));
        }
        Ok(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(secret: &[u8]) -> JwtKeys {
        JwtKeys::new(secret, std::time::Duration::from_secs(900)).unwrap()
    }

    #[test]
    fn a_token_is_valid_until_it_expires() {
        let keys = keys(b"0123456789abcdef0123456789abcdef");
        let now = Utc::now();
        let user = Uuid::now_v7();
        let (token, expires_at) = keys.issue(user, Role::Agent, now).unwrap();
        assert_eq!(expires_at, now + Duration::minutes(15));
        let claims = keys.verify(&token, now + Duration::minutes(14)).unwrap();
        assert_eq!(claims.sub, user);
        let expired = keys.verify(&token, now + Duration::minutes(15)).err();
        assert!(matches!(
            expired,
            Some(Error::Unauthenticated("access token expired"))
        ));
    }

    #[test]
    fn a_visitor_token_names_its_contact_and_inbox() {
        let keys = keys(b"0123456789abcdef0123456789abcdef");
        let now = Utc::now();
        let (contact, inbox) = (Uuid::now_v7(), Uuid::now_v7());
        let (token, expires_at) = keys
            .issue_visitor(contact, inbox, "en", now, Duration::days(30))
            .unwrap();
        assert_eq!(expires_at, now + Duration::days(30));
        let claims = keys.verify(&token, now + Duration::days(29)).unwrap();
        assert_eq!((claims.typ.as_str(), claims.sub), (VISITOR, contact));
        assert_eq!(claims.inbox, Some(inbox));
        assert!(keys.verify(&token, now + Duration::days(30)).is_err());
    }

    #[test]
    fn a_token_signed_with_another_secret_is_rejected() {
        let now = Utc::now();
        let (token, _) = keys(b"0123456789abcdef0123456789abcdef")
            .issue(Uuid::now_v7(), Role::Admin, now)
            .unwrap();
        let other = keys(b"ffffffffffffffffffffffffffffffff");
        assert!(matches!(
            other.verify(&token, now),
            Err(Error::Unauthenticated("invalid access token"))
        ));
    }
}
