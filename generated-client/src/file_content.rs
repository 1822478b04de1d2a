//! Decoding the content of a file read through the Repo API, checked against the hashes
//! that come with it.
//!
//! `show_file` returns the content base64-encoded, together with its size, SHA-256 and git
//! blob id. Checking all three catches a truncated or re-encoded transfer (and a proxy that
//! rewrote it) before the bytes are trusted.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT;
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Why the content of a file could not be decoded or did not match its metadata.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// The response had no `content`.
    #[error("the file has no content")]
    MissingContent,
    /// `content` is not base64 (standard alphabet).
    #[error("the file content is not valid base64: {message}")]
    InvalidBase64 {
        /// What the decoder rejected.
        message: String,
    },
    /// `size` differs from the decoded length.
    #[error("the file content is {actual} bytes long, but its size is given as {expected}")]
    SizeMismatch {
        /// The `size` field.
        expected: i64,
        /// The number of decoded bytes.
        actual: u64,
    },
    /// `content_sha256` differs from the SHA-256 of the decoded bytes.
    #[error("the file content hashes to SHA-256 {actual}, but content_sha256 is {expected}")]
    Sha256Mismatch {
        /// The `content_sha256` field, as sent.
        expected: String,
        /// The SHA-256 of the decoded bytes, lowercase hex.
        actual: String,
    },
    /// `blob_id` differs from the git blob id of the decoded bytes.
    #[error("the file content has git blob id {actual}, but blob_id is {expected}")]
    BlobIdMismatch {
        /// The `blob_id` field, as sent.
        expected: String,
        /// The git blob id of the decoded bytes, lowercase hex.
        actual: String,
    },
}

impl crate::FileContentInfo {
    /// The file's bytes, decoded from base64 and checked against `size`, `content_sha256`
    /// and `blob_id` where the service sent them.
    pub fn decode_content(&self) -> Result<Vec<u8>, ContentError> {
        decode_and_verify(
            self.content.as_deref(),
            self.size,
            self.content_sha256.as_deref(),
            self.blob_id.as_deref(),
        )
    }
}

/// Decodes `content` and checks it against each piece of metadata that is present.
fn decode_and_verify(
    content: Option<&str>,
    size: Option<i64>,
    sha256: Option<&str>,
    blob_id: Option<&str>,
) -> Result<Vec<u8>, ContentError> {
    let content = content.ok_or(ContentError::MissingContent)?;
    // Encoders that wrap lines (MIME, PEM) insert line breaks; they carry no data.
    let compact: String;
    let content = if content.contains(|c: char| c.is_ascii_whitespace()) {
        compact = content
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        compact.as_str()
    } else {
        content
    };
    let bytes =
        STANDARD_PAD_INDIFFERENT
            .decode(content)
            .map_err(|e| ContentError::InvalidBase64 {
                message: e.to_string(),
            })?;

    if let Some(expected) = size {
        let actual = bytes.len() as u64;
        if u64::try_from(expected).ok() != Some(actual) {
            return Err(ContentError::SizeMismatch { expected, actual });
        }
    }
    if let Some(expected) = sha256 {
        let actual = hex(&Sha256::digest(&bytes));
        if !expected.trim().eq_ignore_ascii_case(&actual) {
            return Err(ContentError::Sha256Mismatch {
                expected: expected.to_owned(),
                actual,
            });
        }
    }
    if let Some(expected) = blob_id {
        let actual = git_blob_id(&bytes);
        if !expected.trim().eq_ignore_ascii_case(&actual) {
            return Err(ContentError::BlobIdMismatch {
                expected: expected.to_owned(),
                actual,
            });
        }
    }
    Ok(bytes)
}

/// The id git gives the bytes as a blob: SHA-1 of `blob <len>\0` followed by the bytes.
fn git_blob_id(bytes: &[u8]) -> String {
    let mut hasher = Sha1::new();
    hasher.update(format!("blob {}\0", bytes.len()));
    hasher.update(bytes);
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    // The example response of "Querying a File in a Repository" (repo-v2-show-file).
    const CONTENT: &str = "NDU0NTQ1NDQ1";
    const SHA256: &str = "e16f4f6c41a79d120484774a625bea8a3c3dcb655aa7c7e793ac48639dc63944";
    const BLOB_ID: &str = "3325fa3142fd66fedc8c3a5218b417f561e0ea2f";

    #[test]
    fn documented_example_verifies() {
        let bytes = decode_and_verify(Some(CONTENT), Some(9), Some(SHA256), Some(BLOB_ID)).unwrap();
        assert_eq!(bytes, b"454545445");
    }

    #[test]
    fn hashes_compare_case_insensitively_and_are_optional() {
        let upper = SHA256.to_uppercase();
        assert!(
            decode_and_verify(
                Some(CONTENT),
                None,
                Some(&upper),
                Some(&BLOB_ID.to_uppercase())
            )
            .is_ok()
        );
        assert_eq!(
            decode_and_verify(Some(CONTENT), None, None, None).unwrap(),
            b"454545445"
        );
    }

    #[test]
    fn line_breaks_and_missing_padding_are_tolerated() {
        // "hello world!!" needs padding: "aGVsbG8gd29ybGQhIQ==".
        assert_eq!(
            decode_and_verify(Some("aGVsbG8g\r\nd29ybGQh\nIQ=="), Some(13), None, None).unwrap(),
            b"hello world!!"
        );
        assert_eq!(
            decode_and_verify(Some("aGVsbG8gd29ybGQhIQ"), None, None, None).unwrap(),
            b"hello world!!"
        );
        assert_eq!(
            decode_and_verify(Some(""), Some(0), None, None).unwrap(),
            b""
        );
    }

    #[test]
    fn missing_and_invalid_content() {
        assert_eq!(
            decode_and_verify(None, Some(9), None, None),
            Err(ContentError::MissingContent)
        );
        let error = decode_and_verify(Some("NDU0*NTQ1"), None, None, None).unwrap_err();
        assert!(
            matches!(error, ContentError::InvalidBase64 { .. }),
            "{error:?}"
        );
        // URL-safe characters are not the standard alphabet.
        assert!(decode_and_verify(Some("-_-_"), None, None, None).is_err());
    }

    #[test]
    fn tampered_size() {
        assert_eq!(
            decode_and_verify(Some(CONTENT), Some(10), Some(SHA256), Some(BLOB_ID)),
            Err(ContentError::SizeMismatch {
                expected: 10,
                actual: 9
            })
        );
        assert_eq!(
            decode_and_verify(Some(CONTENT), Some(-9), None, None),
            Err(ContentError::SizeMismatch {
                expected: -9,
                actual: 9
            })
        );
    }

    #[test]
    fn tampered_content_fails_the_hashes() {
        // "NDU0NTQ1NDQ2" is "454545446": same size, different bytes.
        assert_eq!(
            decode_and_verify(Some("NDU0NTQ1NDQ2"), Some(9), Some(SHA256), None),
            Err(ContentError::Sha256Mismatch {
                expected: SHA256.into(),
                actual: hex(&Sha256::digest(b"454545446")),
            })
        );
        let error =
            decode_and_verify(Some("NDU0NTQ1NDQ2"), Some(9), None, Some(BLOB_ID)).unwrap_err();
        let ContentError::BlobIdMismatch { expected, actual } = error else {
            panic!("{error:?}")
        };
        assert_eq!(expected, BLOB_ID);
        assert_ne!(actual, BLOB_ID);
    }

    #[test]
    fn blob_id_is_what_git_computes() {
        // `printf '' | git hash-object --stdin` and `echo hello | git hash-object --stdin`.
        assert_eq!(git_blob_id(b""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
        assert_eq!(
            git_blob_id(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
    }

    #[test]
    fn sha256_of_the_empty_string() {
        assert_eq!(
            hex(&Sha256::digest(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
