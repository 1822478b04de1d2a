//! A client for the Huawei Cloud CodeArts APIs; its README lists the services and the
//! operations.
//!
//! Operations are generated from the API spec (`src/generated`, by `cargo xtask codegen`);
//! this crate's hand-written runtime builds the [`Client`], checks documented constraints
//! before anything is sent, sends requests and decodes answers into one [`Error`] type.
//!
//! A client for a region and a token, and a call (the example is generated with the
//! crate, so that it names an operation the spec has):
//!
#![doc = include_str!("generated/crate_example.md")]
//!
//! A [`Client`] is cheap to clone and can be shared between tasks. Every error names the
//! operation it belongs to, and no error, `Debug` output or trace contains the token.
//!
//! - [`Credentials`]: an IAM token, or an access key pair (with an optional security token
//!   and IAM project id) that signs every request as the official SDKs do
//!   (`SDK-HMAC-SHA256`); each operation says which it accepts ([`AuthScheme`]).
//! - [`ClientBuilder`] sets the region or per-service endpoints, timeouts (connect, per
//!   attempt, read), the [`RetryPolicy`], a JSON body size limit and an app name for the
//!   `User-Agent`; only HTTPS endpoints are accepted unless
//!   [`allow_http`](ClientBuilder::allow_http) is on.
//! - Connection failures and HTTP 429 are retried with backoff, honouring `Retry-After`;
//!   idempotent operations also after timeouts and HTTP 502, 503 and 504 (see
//!   [`RetryPolicy`]); the final error says how many attempts were made.
//! - Downloads stream to disk with [`BinaryResponse::save_to`], which leaves nothing behind
//!   when the body is cut short; [`Progress`] reports how far it has got.
//! - Each call is a `tracing` span named `request` with the operation, method, URL path,
//!   attempt, status and elapsed time.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

// Generated code is formatted by its generator (prettyplease), not rustfmt, so that a
// rustfmt upgrade never changes checked-in output.
#[rustfmt::skip]
mod generated;

#[cfg(feature = "catalogue")]
#[doc(hidden)]
pub mod catalogue;
pub mod check;
mod client;
mod credentials;
#[doc(hidden)]
pub mod de;
mod deadline;
mod error;
#[doc(hidden)]
pub mod http;
mod retry;
mod scrub;
mod signing;
#[cfg(test)]
mod testing;

mod binary;
mod builder;
mod download;
mod file_content;
mod paginate;

pub use binary::BinaryResponse;
pub use builder::ClientBuilder;
pub use check::Constraint;
pub use client::Client;
pub use credentials::{AccessKey, AuthScheme, Credentials};
pub use download::{Progress, SavedFile};
pub use error::{ApiError, ConstraintError, Error, TimeLimit, Violation, Waiting};
// Plumbing for generated operations, public so that nothing in it looks unused before
// the operations are generated.
#[doc(hidden)]
pub use error::Violations;
pub use file_content::ContentError;
pub use generated::*;
pub use paginate::Items;
pub use retry::RetryPolicy;
