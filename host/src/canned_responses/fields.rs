//! Shortcuts and search: what an agent types after `/` in the composer.

use super::CannedResponse;
use crate::error::{Error, Result};

const MAX_SHORTCUT: usize = 32;

/// 1–32 of `a-z 0-9 - _`, lower-cased; typed in a hurry, so no spaces or accents.
pub fn normalize_shortcut(field: &str, value: &str) -> Result<String> {
    let value = value.trim().to_lowercase();
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_');
    if (1..=MAX_SHORTCUT).contains(&value.len()) && value.chars().all(allowed) {
        Ok(value)
    } else {
        Err(Error::invalid(
            field,
            "must be 1 to 32 characters of a-z, 0-9, '-' or '_'",
        ))
    }
}

/// Whether `search` is the start of the shortcut, or every word of it starts a word of the
/// content. Case and accents are ignored, so "conexao" finds "Conexão". A leading `/`, as typed in
/// the composer, asks for shortcuts only.
pub fn matches(response: &CannedResponse, search: &str) -> bool {
    let search = fold(search.trim());
    if let Some(prefix) = search.strip_prefix('/') {
        return response.shortcut.starts_with(prefix);
    }
    if response.shortcut.starts_with(&search) {
        return true;
    }
    let content = fold(&response.content);
    let words: Vec<&str> = content
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut terms = search
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .peekable();
    terms.peek().is_some() && terms.all(|term| words.iter().any(|w| w.starts_with(term)))
}

/// Lower-case without the diacritics of Portuguese (and its neighbours).
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::*;
    use crate::canned_responses::Scope;

    fn response(shortcut: &str, content: &str) -> CannedResponse {
        CannedResponse {
            id: Uuid::now_v7(),
            shortcut: shortcut.into(),
            content: content.into(),
            scope: Scope::Global,
            owner_id: None,
            team_id: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn shortcuts_are_lower_cased_and_restricted() {
        assert_eq!(
            normalize_shortcut("f", " Boas-Vindas_2 ").ok().as_deref(),
            Some("boas-vindas_2")
        );
        assert!(normalize_shortcut("f", &"a".repeat(32)).is_ok());
        for bad in [
            "",
            "  ",
            &"a".repeat(33),
            "boas vindas",
            "/oi",
            "conexão",
            "a.b",
        ] {
            let err = normalize_shortcut("input.shortcut", bad).err();
            assert_eq!(
                err.as_ref().and_then(Error::field),
                Some("input.shortcut"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn search_matches_a_shortcut_prefix_or_words_of_the_content() {
        let r = response(
            "sem-internet",
            "Olá! Sua Conexão será normalizada em breve.",
        );
        for hit in [
            "sem",
            "/sem-i",
            "SEM-INTERNET",
            "conexao",
            "CONEX",
            "breve olá",
        ] {
            assert!(matches(&r, hit), "{hit:?}");
        }
        for miss in ["internet", "/conexao", "xao", "breve ontem", "-"] {
            assert!(!matches(&r, miss), "{miss:?}");
        }
        assert!(
            matches(&r, " ") && matches(&r, "/"),
            "no search finds everything"
        );
    }
}
