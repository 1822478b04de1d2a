//! `Error` is `#[non_exhaustive]`: a match must have a wildcard arm, so a kind of error
//! added later is not a breaking change.

fn describe(error: &codearts_client::Error) -> &'static str {
    match error {
        codearts_client::Error::InvalidRequest { .. } => "invalid",
        codearts_client::Error::Config(_) => "config",
    }
}

fn main() {
    let _ = describe(&codearts_client::Error::Config(String::new()));
}
