//! Who the client is: an IAM token sent in a header, or an access key pair that signs
//! every request (`SDK-HMAC-SHA256`, see [`crate::signing`]).
//!
//! The spec declares which [`AuthScheme`]s each operation accepts, and generated code puts
//! them in [`RequestParts::auth`](crate::http::RequestParts::auth); the runtime matches them
//! against the [`Credentials`] the client holds. No secret (token, secret key, security
//! token) is ever shown by `Debug`, `Display` or an error.

use std::fmt;

use reqwest::header::HeaderValue;

use crate::error::Error;

/// A way an operation accepts credentials, as the spec declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthScheme {
    /// An IAM token in a request header ([`Credentials::token`]).
    TokenHeader {
        /// The header, e.g. `X-Auth-Token`.
        header: &'static str,
    },
    /// API Gateway signing with an access key pair ([`Credentials::access_key`]): the
    /// `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` header of
    /// the official Huawei Cloud SDKs.
    SdkHmacSha256,
}

impl fmt::Display for AuthScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthScheme::TokenHeader { header } => write!(f, "an IAM token in {header}"),
            AuthScheme::SdkHmacSha256 => f.write_str("AK/SK signing (SDK-HMAC-SHA256)"),
        }
    }
}

/// What the client authenticates with; give it to
/// [`ClientBuilder::credentials`](crate::ClientBuilder::credentials).
///
/// ```
/// use codearts_client::{Client, Credentials};
///
/// // A long-lived access key pair: every request is signed, nothing expires.
/// let client = Client::builder()
///     .region("cn-north-4")
///     .credentials(Credentials::access_key("HPUAEXAMPLEACCESSKEY", "secret-key"))
///     .build()?;
///
/// // Temporary credentials from IAM or STS carry a security token; an IAM project id is
/// // sent as `X-Project-Id` for the services that want one.
/// let temporary = Credentials::access_key("HPUAEXAMPLEACCESSKEY", "secret-key")
///     .security_token("gQpjbi1ub3J0aC00...")
///     .project_id("0a1b2c3d4e5f60718293a4b5c6d7e8f9");
/// # let _ = (client, temporary);
/// # Ok::<(), codearts_client::Error>(())
/// ```
///
/// `Debug` shows which kind of credentials it holds, the access key id and the project id,
/// never the token, the secret key or the security token.
#[derive(Clone)]
pub struct Credentials {
    kind: Kind,
}

#[derive(Clone)]
enum Kind {
    Token(String),
    AccessKey(AccessKey),
}

impl Credentials {
    /// An IAM token (the `X-Subject-Token` of IAM's token API), sent in the header the
    /// operation documents (`X-Auth-Token`). Tokens expire after 24 hours.
    pub fn token(token: impl Into<String>) -> Self {
        Credentials {
            kind: Kind::Token(token.into()),
        }
    }

    /// An access key id and its secret key: each request is signed with them
    /// (`SDK-HMAC-SHA256`), and the secret key never leaves the machine. Add a
    /// [`security_token`](AccessKey::security_token) for temporary credentials and a
    /// [`project_id`](AccessKey::project_id) to send `X-Project-Id`.
    pub fn access_key(access_key: impl Into<String>, secret_key: impl Into<String>) -> AccessKey {
        AccessKey {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            security_token: None,
            project_id: None,
        }
    }

    /// The token, for token credentials.
    pub(crate) fn token_value(&self) -> Option<&str> {
        match &self.kind {
            Kind::Token(token) => Some(token),
            Kind::AccessKey(_) => None,
        }
    }

    /// The secret that crosses the wire and that a service could echo in an error body,
    /// to scrub from what errors repeat: the token, or the security token. The secret key
    /// is never sent, so no body can hold it.
    pub(crate) fn echoed_secret(&self) -> &str {
        match &self.kind {
            Kind::Token(token) => token,
            Kind::AccessKey(key) => key.security_token.as_deref().unwrap_or(""),
        }
    }

    /// What makes these credentials unusable, for `ClientBuilder::build`. Never repeats a
    /// secret.
    pub(crate) fn problems(&self) -> Vec<String> {
        match &self.kind {
            Kind::Token(token) if token.is_empty() => {
                vec!["no auth token: call `ClientBuilder::auth_token`".to_owned()]
            }
            Kind::Token(_) => Vec::new(),
            Kind::AccessKey(key) => key.problems(),
        }
    }

    /// How a request of `operation`, which accepts `accepted`, carries these credentials.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the operation and the schemes it accepts, when none of
    /// them takes the kind of credentials the client holds.
    pub(crate) fn authorization(
        &self,
        operation: &'static str,
        accepted: &'static [AuthScheme],
    ) -> Result<Authorization<'_>, Error> {
        if accepted.is_empty() {
            return Ok(Authorization::None);
        }
        let found = accepted
            .iter()
            .find_map(|scheme| match (scheme, &self.kind) {
                (AuthScheme::TokenHeader { header }, Kind::Token(token)) => {
                    Some(Authorization::Header {
                        name: header,
                        token,
                    })
                }
                (AuthScheme::SdkHmacSha256, Kind::AccessKey(_)) => Some(Authorization::Sign),
                _ => None,
            });
        found.ok_or_else(|| {
            let held = match self.kind {
                Kind::Token(_) => "an IAM token (`ClientBuilder::auth_token`)",
                Kind::AccessKey(_) => "an access key (`Credentials::access_key`)",
            };
            let accepted: Vec<String> = accepted.iter().map(ToString::to_string).collect();
            Error::Config(format!(
                "{operation} accepts {}, but the client holds {held}",
                accepted.join(" or ")
            ))
        })
    }

    /// Whether the client signs its requests. A signature covers the URL, so a request
    /// sent on to a redirect's URL with it would be refused there.
    pub(crate) fn signs(&self) -> bool {
        matches!(self.kind, Kind::AccessKey(_))
    }

    /// The access key that signs requests of an operation accepting `accepted`.
    pub(crate) fn signer(&self, accepted: &[AuthScheme]) -> Option<&AccessKey> {
        match &self.kind {
            Kind::AccessKey(key) if accepted.contains(&AuthScheme::SdkHmacSha256) => Some(key),
            _ => None,
        }
    }
}

impl From<AccessKey> for Credentials {
    fn from(key: AccessKey) -> Self {
        Credentials {
            kind: Kind::AccessKey(key),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Token(_) => f.debug_tuple("Token").field(&"<redacted>").finish(),
            Kind::AccessKey(key) => key.fmt(f),
        }
    }
}

/// An access key pair, with optional temporary-credential token and IAM project id; made
/// by [`Credentials::access_key`], turned into [`Credentials`] with `.into()` (which
/// [`ClientBuilder::credentials`](crate::ClientBuilder::credentials) does for you).
#[derive(Clone)]
pub struct AccessKey {
    access_key: String,
    secret_key: String,
    security_token: Option<String>,
    project_id: Option<String>,
}

impl AccessKey {
    /// The security token of temporary credentials (from IAM or STS), sent as
    /// `X-Security-Token` and signed.
    pub fn security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// An IAM project id, sent as `X-Project-Id` and signed.
    ///
    /// This is the project of the region in IAM, not a CodeArts project: operations that
    /// address a CodeArts project take its id as an argument, and the client never fills
    /// one from the other (the official Python SDK does; see the README).
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The access key id (not a secret: every signed request carries it).
    pub fn access_key_id(&self) -> &str {
        &self.access_key
    }

    pub(crate) fn secret_key(&self) -> &str {
        &self.secret_key
    }

    pub(crate) fn security_token_value(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    pub(crate) fn project_id_value(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        // The id goes into `Authorization: ... Access=<id>, SignedHeaders=...`.
        if self.access_key.is_empty()
            || !self
                .access_key
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b',')
        {
            problems.push(format!(
                "the access key id {:?} is not an access key id such as \"HPUAEXAMPLEACCESSKEY\" \
                 (printable ASCII without spaces or commas)",
                self.access_key
            ));
        }
        if self.secret_key.is_empty() {
            problems.push("the secret key is empty".to_owned());
        }
        // Values are not repeated: the token is a secret, and both are checked alike.
        for (what, value) in [
            ("security token", &self.security_token),
            ("project id", &self.project_id),
        ] {
            match value.as_deref() {
                Some("") => problems.push(format!("the {what} is empty")),
                Some(v) if v.trim() != v || HeaderValue::from_str(v).is_err() => {
                    problems.push(format!(
                        "the {what} cannot be sent in a header (control characters, or \
                         spaces at either end)"
                    ));
                }
                _ => {}
            }
        }
        problems
    }
}

impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKey")
            .field("access_key", &self.access_key)
            .field("secret_key", &"<redacted>")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .field("project_id", &self.project_id)
            .finish()
    }
}

/// How one request carries the client's credentials.
pub(crate) enum Authorization<'a> {
    /// The operation takes none.
    None,
    /// A token in a header.
    Header { name: &'static str, token: &'a str },
    /// Signed with the access key (see [`Credentials::signer`]), as the last step before
    /// each attempt.
    Sign,
}

impl Authorization<'_> {
    /// The credential header to set with the other headers, if any.
    pub(crate) fn header(&self) -> Option<(&'static str, &str)> {
        match self {
            Authorization::Header { name, token } => Some((name, token)),
            Authorization::None | Authorization::Sign => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN_HEADER: AuthScheme = AuthScheme::TokenHeader {
        header: "X-Auth-Token",
    };
    const BOTH: &[AuthScheme] = &[TOKEN_HEADER, AuthScheme::SdkHmacSha256];
    const SECRET: &str = "sk-0123456789-secret";
    const SECURITY_TOKEN: &str = "st-0123456789-security";

    fn key() -> AccessKey {
        Credentials::access_key("HPUAEXAMPLEACCESSKEY", SECRET)
            .security_token(SECURITY_TOKEN)
            .project_id("0a1b2c3d")
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let credentials: Credentials = key().into();
        let token = Credentials::token("tok-0123456789");
        for debug in [
            format!("{credentials:?}"),
            format!("{credentials:#?}"),
            format!("{:?}", key()),
            format!("{token:?}"),
        ] {
            for secret in [SECRET, SECURITY_TOKEN, "tok-0123456789"] {
                assert!(!debug.contains(secret), "{debug}");
            }
            assert!(debug.contains("<redacted>"), "{debug}");
        }
        assert_eq!(
            format!("{credentials:?}"),
            "AccessKey { access_key: \"HPUAEXAMPLEACCESSKEY\", secret_key: \"<redacted>\", \
             security_token: Some(\"<redacted>\"), project_id: Some(\"0a1b2c3d\") }"
        );
    }

    #[test]
    fn each_kind_meets_its_scheme() {
        let token = Credentials::token("tok");
        let header = token
            .authorization("op", BOTH)
            .unwrap()
            .header()
            .map(|(n, t)| (n, t.to_owned()));
        assert_eq!(header, Some(("X-Auth-Token", "tok".to_owned())));
        assert!(token.signer(BOTH).is_none());

        let signed: Credentials = key().into();
        assert!(matches!(
            signed.authorization("op", BOTH),
            Ok(Authorization::Sign)
        ));
        assert!(signed.signer(BOTH).is_some());
        assert!(signed.signer(&[TOKEN_HEADER]).is_none());
        assert!(matches!(
            signed.authorization("op", &[]),
            Ok(Authorization::None)
        ));
    }

    #[test]
    fn a_scheme_the_operation_does_not_accept_is_a_config_error() {
        let signed: Credentials = key().into();
        let Err(error) = signed.authorization("list_project_repositories", &[TOKEN_HEADER]) else {
            panic!("accepted")
        };
        assert_eq!(
            error.to_string(),
            "invalid client configuration: list_project_repositories accepts an IAM token in \
             X-Auth-Token, but the client holds an access key (`Credentials::access_key`)"
        );
        let Err(error) =
            Credentials::token("t").authorization("download_archive", &[AuthScheme::SdkHmacSha256])
        else {
            panic!("accepted")
        };
        assert_eq!(
            error.to_string(),
            "invalid client configuration: download_archive accepts AK/SK signing \
             (SDK-HMAC-SHA256), but the client holds an IAM token (`ClientBuilder::auth_token`)"
        );
    }

    #[test]
    fn problems_never_repeat_a_secret() {
        let bad: Credentials = Credentials::access_key("HPUA, X", "")
            .security_token(" secret\n")
            .project_id("")
            .into();
        let problems = bad.problems();
        assert_eq!(
            problems,
            [
                "the access key id \"HPUA, X\" is not an access key id such as \
                 \"HPUAEXAMPLEACCESSKEY\" (printable ASCII without spaces or commas)",
                "the secret key is empty",
                "the security token cannot be sent in a header (control characters, or \
                 spaces at either end)",
                "the project id is empty",
            ]
        );
        assert!(Credentials::from(key()).problems().is_empty());
        assert!(Credentials::token("t").problems().is_empty());
        assert_eq!(
            Credentials::token("").problems(),
            ["no auth token: call `ClientBuilder::auth_token`"]
        );
    }

    #[test]
    fn only_secrets_that_cross_the_wire_are_scrubbed_from_bodies() {
        assert_eq!(Credentials::token("tok").echoed_secret(), "tok");
        assert_eq!(Credentials::from(key()).echoed_secret(), SECURITY_TOKEN);
        assert_eq!(
            Credentials::from(Credentials::access_key("AK", SECRET)).echoed_secret(),
            ""
        );
    }
}
