//! A client for the Huawei Cloud CodeArts APIs (Build, Repo).
//!
//! Operations are generated from the API spec (`src/generated`, by `cargo xtask codegen`);
//! this crate's hand-written runtime builds the [`Client`], checks documented constraints
//! before anything is sent, sends requests and decodes answers into one [`Error`] type.
//!
//! ```no_run
//! # async fn example() -> Result<(), codearts_client::Error> {
//! use codearts_client::{Client, Error};
//!
//! let client = Client::builder()
//!     .region("cn-north-4")
//!     .auth_token(std::env::var("CODEARTS_TOKEN").unwrap_or_default())
//!     .build()?;
//!
//! // Parameters are checked against the documentation before the call is sent: a limit
//! // of 500 would be `Error::InvalidRequest`, listing every broken constraint.
//! match client.list_project_repositories("0123456789abcdef0123456789abcdef").limit(50).send().await {
//!     Ok(repositories) => println!("{} repositories", repositories.len()),
//!     Err(Error::Api(error)) if error.status == 401 => eprintln!("token expired: {error}"),
//!     Err(error) => return Err(error),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! A [`Client`] is cheap to clone and can be shared between tasks. Every error names the
//! operation it belongs to, and no error or `Debug` output contains the token.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

// Generated code is formatted by its generator (prettyplease), not rustfmt, so that a
// rustfmt upgrade never changes checked-in output.
#[rustfmt::skip]
mod generated;

pub mod check;
mod client;
#[doc(hidden)]
pub mod de;
mod error;
#[doc(hidden)]
pub mod http;

mod binary;
mod file_content;

pub use binary::BinaryResponse;
pub use check::Constraint;
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, ConstraintError, Error, Violation};
// Plumbing for generated operations, public so that nothing in it looks unused before
// the operations are generated.
#[doc(hidden)]
pub use error::Violations;
pub use file_content::ContentError;
pub use generated::*;
