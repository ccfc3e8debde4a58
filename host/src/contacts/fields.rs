//! Normalisation of contact fields typed by agents or imported from spreadsheets, so that the same
//! person is stored (and deduplicated) under one spelling. Brazil first: national numbers without a
//! country code are assumed Brazilian, and documents are CPF/CNPJ.

use crate::error::{Error, Reason, Result};

const PHONE_HINT: &str = "use the international format, e.g. +55 11 98765-4321";

/// Returns the number in E.164 (`+5511987654321`).
pub fn normalize_phone(field: &str, raw: &str) -> Result<String> {
    let invalid = |why: &str| {
        Error::refused(
            Reason::InvalidPhone,
            field,
            format!("is not a valid phone number ({why}); {PHONE_HINT}"),
        )
    };
    let raw = raw.trim();
    let (explicit_plus, rest) = raw.strip_prefix('+').map_or((false, raw), |r| (true, r));
    let Some(digits) = digits_of(rest, " -.()") else {
        return Err(invalid(
            "only digits, spaces, - . ( ) and a leading + are allowed",
        ));
    };
    if digits.is_empty() {
        return Err(invalid("it has no digits"));
    }

    // `00` is the international call prefix; a single `0` is the Brazilian trunk prefix, which
    // cannot be confused with it because no area code starts with 0 (for the same reason a stray
    // trunk 0 after +55, as in `+55 (011) ...`, can be dropped).
    let international = if explicit_plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    if let Some(number) = international {
        return match number.strip_prefix("55") {
            Some(national) => {
                brazilian(national.strip_prefix('0').unwrap_or(national)).map_err(invalid)
            }
            None if number.starts_with('0') => Err(invalid("country codes do not start with 0")),
            None if !(8..=15).contains(&number.len()) => {
                Err(invalid("international numbers have 8 to 15 digits"))
            }
            None => Ok(format!("+{number}")),
        };
    }

    let national = if let Some(without_trunk) = digits.strip_prefix('0') {
        // `0 21 11 98765-4321`: a 2-digit long-distance carrier code may follow the trunk 0.
        match without_trunk.len() {
            12 | 13 => &without_trunk[2..],
            _ => without_trunk,
        }
    } else if digits.len() == 10 || digits.len() == 11 {
        digits.as_str()
    } else if let Some(national) = digits
        .strip_prefix("55")
        .filter(|_| digits.len() == 12 || digits.len() == 13)
    {
        national
    } else {
        return Err(invalid(
            "without a country code, a number needs a 2-digit area code and 8 or 9 digits",
        ));
    };
    brazilian(national).map_err(invalid)
}

/// Validates area code + subscriber number and returns the E.164 form.
fn brazilian(national: &str) -> std::result::Result<String, &'static str> {
    let bytes = national.as_bytes();
    if bytes.len() != 10 && bytes.len() != 11 {
        return Err("Brazilian numbers have a 2-digit area code and 8 or 9 digits");
    }
    // No DDD contains a 0 in either position (they run 11..=99 skipping multiples of ten).
    if bytes[..2].contains(&b'0') {
        return Err("Brazilian area codes are two digits from 1 to 9, e.g. 11 or 21");
    }
    let subscriber = &bytes[2..];
    match (subscriber.len(), subscriber[0]) {
        (9, b'9') | (8, b'2'..=b'5') => Ok(format!("+55{national}")),
        (9, _) => Err("9-digit Brazilian numbers are mobiles and start with 9"),
        // Mobiles gained their leading 9 by 2016, so an 8-digit number starting with 6-9 is a
        // mobile written the old way (WhatsApp still reports old accounts so): the same
        // subscriber as with the 9, stored with it so both spellings find one contact.
        (8, b'6'..=b'9') => Ok(format!("+55{}9{}", &national[..2], &national[2..])),
        _ => Err("Brazilian landlines start with 2, 3, 4 or 5"),
    }
}

/// A channel's identifier for a contact in its canonical form: a Brazilian mobile number in the
/// old 8-digit form (`551187654321`, `+551187654321`: what WhatsApp reports as the `wa_id` of
/// accounts created before the ninth digit) gets its 9 (`5511987654321`), keeping the `+` or
/// its absence, so both spellings name one identity. Anything else (other countries,
/// landlines, numbers already with the 9, non-numeric ids) is returned unchanged.
pub fn normalize_identity(identifier: &str) -> String {
    let (plus, digits) = identifier
        .strip_prefix('+')
        .map_or(("", identifier), |rest| ("+", rest));
    let bytes = digits.as_bytes();
    let old_mobile = bytes.len() == 12
        && bytes.iter().all(u8::is_ascii_digit)
        && digits.starts_with("55")
        && !bytes[2..4].contains(&b'0')
        && (b'6'..=b'9').contains(&bytes[4]);
    if old_mobile {
        format!("{plus}{}9{}", &digits[..4], &digits[4..])
    } else {
        identifier.to_owned()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// Cadastro de Pessoas Físicas: 11 digits, people.
    Cpf,
    /// Cadastro Nacional da Pessoa Jurídica: 14 digits, companies.
    Cnpj,
}

pub fn document_kind(digits: &str) -> Option<DocumentKind> {
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        11 => Some(DocumentKind::Cpf),
        14 => Some(DocumentKind::Cnpj),
        _ => None,
    }
}

/// Returns the bare digits of a CPF or CNPJ whose check digits match.
///
/// The alphanumeric CNPJ the Receita Federal issues from July 2026 is not accepted yet; when it is,
/// letters count as their ASCII code minus 48 in the same mod-11 sums.
pub fn normalize_document(field: &str, raw: &str) -> Result<String> {
    let Some(digits) = digits_of(raw, ".-/ ") else {
        return Err(Error::invalid(
            field,
            "must be a CPF or CNPJ made of digits, optionally with . - / separators",
        ));
    };
    let Some(kind) = document_kind(&digits) else {
        return Err(Error::refused(
            Reason::DocumentLength,
            field,
            format!(
                "must be a CPF (11 digits) or a CNPJ (14 digits), got {} digits",
                digits.len()
            ),
        ));
    };
    // CPF weights grow 2..=11 from the right; CNPJ weights cycle 2..=9.
    let (label, max_weight) = match kind {
        DocumentKind::Cpf => ("CPF", 11),
        DocumentKind::Cnpj => ("CNPJ", 9),
    };
    let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    // Repeated digits pass the mod-11 check but are never issued; they are typical placeholders.
    if values.iter().all(|&d| d == values[0]) {
        return Err(Error::refused(
            Reason::DocumentRepeatedDigits,
            field,
            format!("{label} cannot be one digit repeated"),
        ));
    }
    let body = values.len() - 2;
    let first = check_digit(&values[..body], max_weight);
    let second = check_digit(&values[..=body], max_weight);
    if values[body..] != [first, second] {
        return Err(Error::refused(
            Reason::DocumentCheckDigits,
            field,
            format!("{label} check digits do not match"),
        ));
    }
    Ok(digits)
}

/// The digits of `raw` once every separator is dropped; `None` if anything else is present.
fn digits_of(raw: &str, separators: &str) -> Option<String> {
    raw.chars()
        .filter(|c| !separators.contains(*c))
        .map(|c| c.is_ascii_digit().then_some(c))
        .collect()
}

fn check_digit(digits: &[u32], max_weight: u32) -> u32 {
    let mut weight = 1;
    let sum: u32 = digits
        .iter()
        .rev()
        .map(|d| {
            weight = if weight == max_weight { 2 } else { weight + 1 };
            d * weight
        })
        .sum();
    match sum % 11 {
        0 | 1 => 0,
        r => 11 - r,
    }
}

/// `123.456.789-09` for a CPF, `12.345.678/0001-95` for a CNPJ, anything else unchanged.
pub fn format_document(digits: &str) -> String {
    let d = digits;
    match document_kind(d) {
        Some(DocumentKind::Cpf) => format!("{}.{}.{}-{}", &d[..3], &d[3..6], &d[6..9], &d[9..]),
        Some(DocumentKind::Cnpj) => {
            format!(
                "{}.{}.{}/{}-{}",
                &d[..2],
                &d[2..5],
                &d[5..8],
                &d[8..12],
                &d[12..]
            )
        }
        None => d.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<String>) -> String {
        let err = result.err();
        err.as_ref()
            .and_then(|e| e.input_refusal("f"))
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("expected a refusal on field f, got {err:?}"))
    }

    #[test]
    fn phones_normalise_to_e164() {
        for (raw, expected) in [
            ("(11) 98765-4321", "+5511987654321"),
            ("11 3456-7890", "+551134567890"),
            ("+55 11 98765-4321", "+5511987654321"),
            ("+55 (21) 2345.6789", "+552123456789"),
            ("0055 11 98765 4321", "+5511987654321"),
            ("+55 (011) 98765-4321", "+5511987654321"),
            ("011 98765-4321", "+5511987654321"),
            ("0 11 3456-7890", "+551134567890"),
            ("0 21 11 98765-4321", "+5511987654321"),
            ("5511987654321", "+5511987654321"),
            ("55 99 2345-6789", "+559923456789"),
            ("55 98765-4321", "+5555987654321"),
            ("  +1 415 555 2671 ", "+14155552671"),
            ("00 44 20 7946 0958", "+442079460958"),
            // Mobiles written without the ninth digit get it; landlines never do.
            ("+55 11 8765-4321", "+5511987654321"),
            ("551187654321", "+5511987654321"),
            ("(11) 8765-4321", "+5511987654321"),
            ("+55 21 6123 4567", "+5521961234567"),
            ("+55 11 2345-6789", "+551123456789"),
            ("+55 11 5345-6789", "+551153456789"),
        ] {
            let got = normalize_phone("f", raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(got, expected, "{raw}");
        }
    }

    #[test]
    fn invalid_phones_say_why_and_show_the_expected_format() {
        for (raw, why) in [
            ("", "no digits"),
            ("+", "no digits"),
            ("call me", "only digits"),
            ("11 9876-543x", "only digits"),
            ("11 98765+4321", "only digits"),
            ("1234567", "without a country code"),
            ("123456789012", "without a country code"),
            ("+1 234 567", "8 to 15 digits"),
            ("+1234567890123456", "8 to 15 digits"),
            ("+0 415 555 2671", "do not start with 0"),
            ("+55 10 98765-4321", "area codes"),
            ("(20) 3456-7890", "area codes"),
            ("+55 11 88765-4321", "start with 9"),
            ("11 1234-5678", "landlines start with 2, 3, 4 or 5"),
            ("+55 11 9876-54321 1", "2-digit area code"),
        ] {
            let m = message(normalize_phone("f", raw));
            assert!(m.starts_with("is not a valid phone number"), "{raw}: {m}");
            assert!(
                m.contains(why) && m.contains("+55 11 98765-4321"),
                "{raw}: {m}"
            );
        }
    }

    #[test]
    fn identities_of_old_brazilian_mobiles_gain_the_ninth_digit() {
        for (raw, expected) in [
            // WhatsApp's wa_id of an account created before the ninth digit.
            ("551187654321", "5511987654321"),
            ("+551187654321", "+5511987654321"),
            ("552161234567", "5521961234567"),
            // Already 13 digits: unchanged.
            ("5511987654321", "5511987654321"),
            ("+5511987654321", "+5511987654321"),
            // Landlines (first digit 2-5) keep their 8 digits.
            ("551123456789", "551123456789"),
            ("551153456789", "551153456789"),
            // Other countries, invalid area codes, other lengths, formatting, non-numeric ids.
            ("441187654321", "441187654321"),
            ("14155552671", "14155552671"),
            ("551087654321", "551087654321"),
            ("55118765432", "55118765432"),
            ("55 11 8765-4321", "55 11 8765-4321"),
            ("visitor-551187654321", "visitor-551187654321"),
            ("", ""),
        ] {
            assert_eq!(normalize_identity(raw), expected, "{raw}");
        }
    }

    #[test]
    fn valid_documents_are_reduced_to_digits() {
        for (raw, expected) in [
            ("529.982.247-25", "52998224725"),
            ("123.456.789-09", "12345678909"),
            ("111 444 777 35", "11144477735"),
            ("11.222.333/0001-81", "11222333000181"),
            ("12.345.678/0001-95", "12345678000195"),
            ("00.000.000/0001-91", "00000000000191"),
            (" 33000167000101 ", "33000167000101"),
        ] {
            let got = normalize_document("f", raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(got, expected, "{raw}");
        }
    }

    #[test]
    fn invalid_documents_carry_a_reason_clients_translate() {
        for (raw, reason) in [
            ("529.982.247-26", Reason::DocumentCheckDigits),
            ("11.222.333/0001-82", Reason::DocumentCheckDigits),
            ("111.111.111-11", Reason::DocumentRepeatedDigits),
            ("529.982.247-2", Reason::DocumentLength),
        ] {
            let err = normalize_document("f", raw).err();
            assert_eq!(err.as_ref().and_then(Error::reason), Some(reason), "{raw}");
            assert_eq!(err.as_ref().and_then(Error::field), Some("f"), "{raw}");
        }
        let err = normalize_phone("f", "12").err();
        assert_eq!(err.and_then(|e| e.reason()), Some(Reason::InvalidPhone));
    }

    #[test]
    fn invalid_documents_get_distinct_messages() {
        for (raw, expected) in [
            ("529.982.247-26", "CPF check digits do not match"),
            ("529.982.247-15", "CPF check digits do not match"),
            ("11.222.333/0001-82", "CNPJ check digits do not match"),
            ("11.222.333/0001-71", "CNPJ check digits do not match"),
            ("111.111.111-11", "CPF cannot be one digit repeated"),
            ("000.000.000-00", "CPF cannot be one digit repeated"),
            ("00.000.000/0000-00", "CNPJ cannot be one digit repeated"),
            ("529.982.247-2", "got 10 digits"),
            ("11.222.333/0001-8", "got 13 digits"),
            ("", "got 0 digits"),
            ("12.ABC.345/01DE-35", "made of digits"),
        ] {
            assert!(
                message(normalize_document("f", raw)).contains(expected),
                "{raw}: expected {expected:?}"
            );
        }
    }

    #[test]
    fn documents_are_formatted_by_kind_and_round_trip() {
        assert_eq!(format_document("12345678909"), "123.456.789-09");
        assert_eq!(format_document("12345678000195"), "12.345.678/0001-95");
        assert_eq!(format_document("123456789"), "123456789");
        assert_eq!(format_document("1234567890a"), "1234567890a");
        assert_eq!(format_document(""), "");
        assert_eq!(document_kind("52998224725"), Some(DocumentKind::Cpf));
        assert_eq!(document_kind("11222333000181"), Some(DocumentKind::Cnpj));
        assert_eq!(document_kind("529.982.247-25"), None);
        assert_eq!(document_kind("5299822472"), None);
        for digits in ["52998224725", "11222333000181", "00000000000191"] {
            let formatted = format_document(digits);
            let back = normalize_document("f", &formatted).unwrap();
            assert_eq!(back, digits);
        }
    }
}
