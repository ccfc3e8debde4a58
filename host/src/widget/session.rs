//! The pure rules of starting a visitor session: the visitor's language, the identity
//! verification hash and the pre-chat form.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::SessionInput;
use super::settings::{self, CpfField, WidgetSettings};
use crate::contacts::{ContactInput, fields};
use crate::error::{Error, Result};

pub(super) fn locale_of(requested: Option<&str>) -> String {
    let requested = requested.unwrap_or("").trim();
    settings::LOCALES
        .iter()
        .find(|l| l.eq_ignore_ascii_case(requested))
        .or_else(|| {
            // `en-US` → `en`; `pt` and `pt-PT` → pt-BR.
            let language = requested.split(['-', '_']).next().unwrap_or("");
            settings::LOCALES
                .iter()
                .find(|l| l.split('-').next() == Some(language))
        })
        .unwrap_or(&settings::LOCALES[0])
        .to_string()
}

/// `identifier_hash` must be the lowercase hex HMAC-SHA256 of `identifier` with the inbox's
/// secret (the same scheme as Chatwoot's and Intercom's identity verification).
pub(super) fn verify_identity(secret: &str, identifier: &str, hash: Option<&str>) -> Result<()> {
    const WRONG: &str = "identity verification failed: identifierHash must be the hex \
                         HMAC-SHA256 of identifier with this inbox's widget secret";
    let hash = hash
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .ok_or(Error::Forbidden(WRONG))?;
    let expected = hex::decode(hash.to_ascii_lowercase()).map_err(|_| Error::Forbidden(WRONG))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(Error::internal)?;
    mac.update(identifier.as_bytes());
    // Constant-time comparison.
    mac.verify_slice(&expected)
        .map_err(|_| Error::Forbidden(WRONG))
}

/// The contact fields of a session start, checked against the inbox's pre-chat form. A visitor
/// whose identity the ISP's site signs skips the form's requirements (the site vouches for
/// them, and a wrong signature is refused anyway); what they give is still checked.
pub(super) fn pre_chat(settings: &WidgetSettings, input: &SessionInput) -> Result<ContactInput> {
    fn present(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    let name = present(&input.name);
    let email = present(&input.email);
    let phone = present(&input.phone);
    let cpf = present(&input.cpf);
    let form = &settings.pre_chat_form;
    let identified = present(&input.identifier).is_some();
    if form.enabled && !identified {
        if form.require_name && name.is_none() {
            return Err(Error::invalid("input.name", "is required"));
        }
        if form.require_email_or_phone && email.is_none() && phone.is_none() {
            return Err(Error::invalid("input.email", "give an e-mail or a phone"));
        }
        if form.cpf == CpfField::Required && cpf.is_none() {
            return Err(Error::invalid("input.cpf", "is required"));
        }
    }
    let document = match cpf {
        Some(cpf) => {
            let digits = fields::normalize_document("input.cpf", cpf)?;
            if fields::document_kind(&digits) != Some(fields::DocumentKind::Cpf) {
                return Err(Error::invalid("input.cpf", "must be a CPF (11 digits)"));
            }
            Some(digits)
        }
        None => None,
    };
    Ok(ContactInput {
        name: Some(name.unwrap_or("Visitante").to_owned()),
        email: email.map(str::to_owned),
        phone: phone.map(str::to_owned),
        document,
        custom_attributes: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(secret: &str, identifier: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(identifier.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    #[test]
    fn identity_hashes_are_checked_with_the_inbox_secret() {
        let good = sign("wid_secret", "cliente-42");
        assert!(verify_identity("wid_secret", "cliente-42", Some(&good)).is_ok());
        assert!(verify_identity("wid_secret", "cliente-42", Some(&good.to_uppercase())).is_ok());
        assert!(verify_identity("wid_other", "cliente-42", Some(&good)).is_err());
        assert!(verify_identity("wid_secret", "cliente-43", Some(&good)).is_err());
        assert!(verify_identity("wid_secret", "cliente-42", None).is_err());
        assert!(verify_identity("wid_secret", "cliente-42", Some("zz")).is_err());
    }

    #[test]
    fn locales_fall_back_to_portuguese() {
        assert_eq!(locale_of(Some("en-US")), "en");
        assert_eq!(locale_of(Some("EN")), "en");
        assert_eq!(locale_of(Some("pt")), "pt-BR");
        assert_eq!(locale_of(Some("es")), "pt-BR");
        assert_eq!(locale_of(None), "pt-BR");
    }
}
