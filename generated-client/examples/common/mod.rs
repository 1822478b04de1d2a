//! What every example shares: a client built from the environment, arguments read from
//! `CODEARTS_*` variables, and saving a download. Written by hand; the examples beside it
//! are generated.
//!
//! - `CODEARTS_TOKEN`: the IAM token; or
//! - `CODEARTS_AK` and `CODEARTS_SK`: an access key pair, which signs each request, with
//!   `CODEARTS_SECURITY_TOKEN` for temporary credentials and `CODEARTS_IAM_PROJECT_ID` to
//!   send `X-Project-Id` (never a CodeArts project id: that is an argument).
//! - `CODEARTS_REGION`: the region whose default endpoints to use, e.g. `cn-north-4`; or
//! - `CODEARTS_ENDPOINT`: one endpoint for every service (a proxy, a test server); a plain
//!   `http://` one is accepted only with `CODEARTS_ALLOW_HTTP=1`.
//! - `CODEARTS_MAX_ITEMS`: how many items a paged listing prints (default 50).

// Each example uses a different part of this module.
#![allow(dead_code)]

use std::error::Error;
use std::fmt::Display;
use std::str::FromStr;

use codearts_client::{BinaryResponse, Client, Credentials, Service};

/// A client for the region or endpoint named by the environment.
pub fn client() -> Result<Client, Box<dyn Error>> {
    let mut builder = Client::builder();
    builder = match std::env::var("CODEARTS_AK") {
        Ok(ak) => {
            let mut key = Credentials::access_key(ak, required("CODEARTS_SK")?);
            if let Ok(token) = std::env::var("CODEARTS_SECURITY_TOKEN") {
                key = key.security_token(token);
            }
            if let Ok(project_id) = std::env::var("CODEARTS_IAM_PROJECT_ID") {
                key = key.project_id(project_id);
            }
            builder.credentials(key)
        }
        Err(_) => builder.auth_token(required("CODEARTS_TOKEN")?),
    };
    if let Ok(region) = std::env::var("CODEARTS_REGION") {
        builder = builder.region(region);
    }
    if let Ok(endpoint) = std::env::var("CODEARTS_ENDPOINT") {
        for &service in Service::ALL {
            builder = builder.endpoint(service, endpoint.clone());
        }
    }
    if std::env::var("CODEARTS_ALLOW_HTTP").is_ok_and(|v| v == "1") {
        builder = builder.allow_http(true);
    }
    Ok(builder.build()?)
}

/// The argument in variable `name`, parsed.
pub fn arg<T>(name: &str) -> Result<T, Box<dyn Error>>
where
    T: FromStr,
    T::Err: Display,
{
    let text = required(name)?;
    text.parse()
        .map_err(|e| format!("{name}={text:?}: {e}").into())
}

/// The JSON in variable `name`, read as `T` (a request body).
pub fn json_arg<T: serde::de::DeserializeOwned>(name: &str) -> Result<T, Box<dyn Error>> {
    let text = required(name)?;
    serde_json::from_str(&text).map_err(|e| format!("{name}: {e}").into())
}

/// How many items a paged listing prints.
pub fn max_items() -> Result<usize, Box<dyn Error>> {
    match std::env::var("CODEARTS_MAX_ITEMS") {
        Ok(_) => arg("CODEARTS_MAX_ITEMS"),
        Err(_) => Ok(50),
    }
}

/// Streams a download into the current directory under the server's file name, printing
/// progress; the file appears only once the whole body has arrived.
pub async fn save(response: BinaryResponse) -> Result<(), Box<dyn Error>> {
    let saved = response
        .save_into_dir_with_progress(".", |progress| match progress.total {
            Some(total) => eprint!("\r{} of {total} bytes", progress.bytes),
            None => eprint!("\r{} bytes", progress.bytes),
        })
        .await?;
    eprintln!();
    println!("saved {} bytes to {}", saved.bytes, saved.path.display());
    Ok(())
}

fn required(name: &str) -> Result<String, Box<dyn Error>> {
    std::env::var(name).map_err(|_| format!("set {name} (see examples/common/mod.rs)").into())
}
