//! Signed download links: `/attachments/{id}?expires={unix}&signature={HMAC}`. Whoever holds one
//! may download that one file until it expires, so links go only to callers who may read the
//! message, and live minutes, not days.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

/// How long a link works at least.
const TTL_SECS: i64 = 15 * 60;
/// Expiry times are rounded up to this step, so the same attachment listed twice within it gets
/// the same URL and the browser's cache hits.
const STEP_SECS: i64 = 5 * 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedUrl {
    /// Relative to the server's base URL.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

pub struct UrlSigner {
    mac: HmacSha256,
}

impl UrlSigner {
    /// A key of its own, derived from the server secret: a link's signature can never stand in
    /// for a token's, nor the reverse.
    pub fn derive(secret: &[u8]) -> anyhow::Result<Self> {
        let mut derivation = HmacSha256::new_from_slice(secret)?;
        derivation.update(b"ispchat attachment links v1");
        let key = derivation.finalize().into_bytes();
        Ok(UrlSigner {
            mac: HmacSha256::new_from_slice(&key)?,
        })
    }

    pub fn url(&self, id: Uuid, now: DateTime<Utc>) -> SignedUrl {
        self.url_for(id, now, TTL_SECS)
    }

    /// A link that works at least `ttl_secs`.
    pub fn url_for(&self, id: Uuid, now: DateTime<Utc>, ttl_secs: i64) -> SignedUrl {
        // `timestamp()` drops the fraction of a second: count it as a whole one, or a link made at
        // hh:mm:00.4 on a step boundary would live 0.4 s less than promised.
        let deadline = now.timestamp() + ttl_secs + i64::from(now.timestamp_subsec_nanos() > 0);
        let expires = (deadline + STEP_SECS - 1).div_euclid(STEP_SECS) * STEP_SECS;
        let id = id.to_string();
        let signature = URL_SAFE_NO_PAD.encode(self.sign(&id, expires).finalize().into_bytes());
        SignedUrl {
            url: format!("/attachments/{id}?expires={expires}&signature={signature}"),
            expires_at: DateTime::from_timestamp(expires, 0).unwrap_or(now),
        }
    }

    /// The link's expiry time, when the link is genuine and has not expired. `id` is checked as
    /// it appears in the path.
    pub fn check(
        &self,
        id: &str,
        expires: Option<&str>,
        signature: Option<&str>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let expires: i64 = expires?.parse().ok()?;
        let signature = URL_SAFE_NO_PAD.decode(signature?).ok()?;
        if now.timestamp() > expires {
            return None;
        }
        // Constant-time comparison.
        self.sign(id, expires).verify_slice(&signature).ok()?;
        DateTime::from_timestamp(expires, 0)
    }

    fn sign(&self, id: &str, expires: i64) -> HmacSha256 {
        let mut mac = self.mac.clone();
        mac.update(id.as_bytes());
        mac.update(b"\n");
        mac.update(expires.to_string().as_bytes());
        mac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str) -> (String, String, String) {
        let (path, query) = url.split_once('?').unwrap_or_default();
        let id = path.trim_start_matches("/attachments/").to_owned();
        let mut expires = String::new();
        let mut signature = String::new();
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("expires", v)) => expires = v.to_owned(),
                Some(("signature", v)) => signature = v.to_owned(),
                _ => {}
            }
        }
        (id, expires, signature)
    }

    #[test]
    fn a_link_made_just_after_a_step_boundary_still_lives_its_whole_time() {
        let signer = UrlSigner::derive(b"a secret of at least thirty-two bytes").unwrap();
        let boundary = DateTime::from_timestamp(STEP_SECS * 5_900_000, 400_000_000)
            .unwrap_or_else(|| panic!("no such time"));
        let signed = signer.url(Uuid::now_v7(), boundary);
        assert!(signed.expires_at - boundary >= chrono::Duration::seconds(TTL_SECS));
    }

    #[test]
    fn links_work_until_they_expire_and_only_untouched() {
        let signer = UrlSigner::derive(b"a secret of at least thirty-two bytes").unwrap();
        let now = Utc::now();
        let id = Uuid::now_v7();
        let signed = signer.url(id, now);
        let (path_id, expires, signature) = parts(&signed.url);
        assert_eq!(path_id, id.to_string());
        let lifetime = signed.expires_at - now;
        assert!(
            lifetime >= chrono::Duration::minutes(15) && lifetime <= chrono::Duration::minutes(20)
        );
        assert_eq!(
            signer.url(id, now),
            signed,
            "stable within the rounding step"
        );

        let check = |id: &str, expires: &str, signature: &str, at| {
            signer.check(id, Some(expires), Some(signature), at)
        };
        assert_eq!(
            check(&path_id, &expires, &signature, now),
            Some(signed.expires_at)
        );
        assert_eq!(
            check(&path_id, &expires, &signature, signed.expires_at),
            Some(signed.expires_at)
        );
        let later = signed.expires_at + chrono::Duration::seconds(1);
        assert_eq!(check(&path_id, &expires, &signature, later), None);
        let other = Uuid::now_v7().to_string();
        assert_eq!(check(&other, &expires, &signature, now), None);
        let extended = (expires.parse::<i64>().unwrap_or_default() + 3600).to_string();
        assert_eq!(check(&path_id, &extended, &signature, now), None);
        let mut tampered = signature.clone().into_bytes();
        tampered[0] = if tampered[0] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap_or_default();
        assert_eq!(check(&path_id, &expires, &tampered, now), None);
        assert_eq!(signer.check(&path_id, None, Some(&signature), now), None);
        assert_eq!(signer.check(&path_id, Some(&expires), None, now), None);

        let stranger = UrlSigner::derive(b"another secret of thirty-two bytes!").unwrap();
        assert_eq!(
            stranger.check(&path_id, Some(&expires), Some(&signature), now),
            None
        );
    }
}
