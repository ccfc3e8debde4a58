//! What a file really is, from its first bytes: the type a sender declares is only believed when
//! the content agrees, so an HTML page cannot pass for a picture.

use crate::error::{Error, Reason, Result};

/// What WhatsApp and the agent console can show: pictures, PDF, voice and audio, video, text.
pub const DEFAULT_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "application/pdf",
    "audio/ogg",
    "audio/mpeg",
    "audio/mp4",
    "audio/aac",
    "video/mp4",
    "text/plain",
];

/// How much of the start of a file is looked at (`infer` needs less than this for every type).
pub const SNIFF_LEN: usize = 8192;

/// Lower case, without parameters, and with the usual aliases folded into one name, so that
/// `audio/ogg; codecs=opus` and `image/jpg` compare as `audio/ogg` and `image/jpeg`.
pub fn normalize_type(content_type: &str) -> String {
    let base = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let folded = match base.as_str() {
        "image/jpg" | "image/pjpeg" => "image/jpeg",
        "audio/mp3" | "audio/x-mp3" | "audio/mpeg3" | "audio/x-mpeg" => "audio/mpeg",
        // An M4A is an MP4 container holding audio.
        "audio/m4a" | "audio/x-m4a" => "audio/mp4",
        // Opus voice notes travel in an Ogg container.
        "audio/opus" | "audio/x-opus+ogg" => "audio/ogg",
        "audio/x-aac" | "audio/aacp" => "audio/aac",
        "video/x-m4v" => "video/mp4",
        "application/x-pdf" => "application/pdf",
        other => other,
    };
    folded.to_owned()
}

/// Whether [`detect`] can ever answer `content_type` (normalized): an allow-list entry that it
/// cannot would refuse every file.
pub fn recognisable(content_type: &str) -> bool {
    // `audio/mp4` is what `infer`'s `audio/m4a` folds into.
    content_type == "text/plain"
        || content_type == "audio/mp4"
        || (infer::is_mime_supported(content_type) && normalize_type(content_type) == content_type)
}

/// The type the content's first bytes show, normalized. Plain text has no signature: it is
/// UTF-8 without NUL bytes (a character cut at the end of `head` is fine).
pub fn detect(head: &[u8]) -> Option<String> {
    if let Some(kind) = infer::get(head) {
        return Some(normalize_type(kind.mime_type()));
    }
    let text = !head.contains(&0)
        && match std::str::from_utf8(head) {
            Ok(_) => true,
            Err(err) => err.error_len().is_none(),
        };
    text.then(|| "text/plain".to_owned())
}

/// The type to store: what the content is, when the sender's declaration (if any) agrees and
/// the allow-list has it. Refusals name the `file` argument.
pub fn resolve(head: &[u8], declared: Option<&str>, allowed: &[String]) -> Result<String> {
    let declared = declared
        .map(normalize_type)
        .filter(|t| !t.is_empty() && t != "application/octet-stream");
    let found = detect(head);
    let content_type = match (found, declared) {
        (None, Some(declared)) => {
            return Err(Error::refused(
                Reason::FileTypeMismatch,
                "file",
                format!("is declared as {declared} but its content is not"),
            ));
        }
        (None, None) => return Err(Error::invalid("file", "is of an unknown type")),
        (Some(found), Some(declared)) if found == declared || same_container(&found, &declared) => {
            declared
        }
        (Some(found), Some(declared)) => {
            return Err(Error::refused(
                Reason::FileTypeMismatch,
                "file",
                format!("is declared as {declared} but its content is {found}"),
            ));
        }
        (Some(found), None) => found,
    };
    if !allowed.contains(&content_type) {
        return Err(Error::refused(
            Reason::FileTypeNotAccepted,
            "file",
            format!(
                "{content_type} files are not accepted (accepted: {})",
                allowed.join(", ")
            ),
        ));
    }
    Ok(content_type)
}

/// Audio-only and video MP4 files share one container; which it is, the sender knows better than
/// the brand in the header.
fn same_container(found: &str, declared: &str) -> bool {
    matches!(
        (found, declared),
        ("video/mp4", "audio/mp4") | ("audio/mp4", "video/mp4")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
    const OGG_OPUS: &[u8] =
        b"OggS\0\x02\0\0\0\0\0\0\0\0\x01\x02\x03\x04\0\0\0\0\0\0\0\0\x01\x13OpusHead\x01\x01";
    const M4A: &[u8] = b"\0\0\0\x20ftypM4A \0\0\0\0";
    const MP4: &[u8] = b"\0\0\0\x20ftypisom\0\0\x02\0";

    fn defaults() -> Vec<String> {
        DEFAULT_TYPES.iter().map(|t| (*t).to_owned()).collect()
    }

    fn ok(head: &[u8], declared: Option<&str>) -> String {
        resolve(head, declared, &defaults()).unwrap()
    }

    fn refused(head: &[u8], declared: Option<&str>) -> String {
        let err = resolve(head, declared, &defaults()).err();
        err.as_ref()
            .and_then(|e| e.input_refusal("file"))
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("expected a refusal, got {err:?}"))
    }

    #[test]
    fn the_content_decides_and_must_agree_with_the_declaration() {
        assert_eq!(ok(PNG, Some("image/png")), "image/png");
        assert_eq!(ok(PNG, None), "image/png");
        assert_eq!(ok(PDF, Some("application/octet-stream")), "application/pdf");
        assert_eq!(ok(b"Bom dia, segue o comprovante.\n", None), "text/plain");
        assert_eq!(
            ok("conexão caiu".as_bytes(), Some("text/plain; charset=utf-8")),
            "text/plain"
        );
        assert!(refused(PNG, Some("application/pdf")).contains("content is image/png"));
        assert!(
            refused(b"<html><script>alert(1)</script>", Some("image/png")).contains("image/png")
        );
        assert!(refused(b"\0\x01\x02\x03binary", Some("image/png")).contains("content is not"));
        assert!(refused(b"\0\x01\x02\x03binary", None).contains("unknown type"));
    }

    #[test]
    fn aliases_and_containers_are_understood() {
        assert_eq!(ok(OGG_OPUS, Some("audio/ogg; codecs=opus")), "audio/ogg");
        assert_eq!(ok(OGG_OPUS, None), "audio/ogg");
        assert_eq!(ok(M4A, Some("audio/x-m4a")), "audio/mp4");
        assert_eq!(ok(MP4, Some("audio/mp4")), "audio/mp4");
        assert_eq!(ok(MP4, None), "video/mp4");
        assert_eq!(
            ok(b"\xff\xd8\xff\xe0\0\x10JFIF", Some("image/jpg")),
            "image/jpeg"
        );
    }

    #[test]
    fn types_off_the_list_are_refused_even_when_honest() {
        let zip = b"PK\x03\x04\x14\0\0\0\x08\0";
        assert!(refused(zip, Some("application/zip")).contains("not accepted"));
        assert!(refused(b"<!DOCTYPE html><html>", Some("text/html")).contains("not accepted"));
        assert!(
            refused(b"<!DOCTYPE html><html>", Some("text/plain")).contains("content is text/html")
        );
    }

    #[test]
    fn only_types_the_sniffer_can_answer_are_recognisable() {
        for t in DEFAULT_TYPES {
            assert!(recognisable(t), "{t}");
        }
        assert!(recognisable("application/zip"));
        assert!(!recognisable("text/csv"));
        assert!(!recognisable("audio/opus"));
    }
}
