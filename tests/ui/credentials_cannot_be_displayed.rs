//! Credentials hold secrets: they have no `Display`, so they cannot end up in a message
//! (their `Debug` redacts the secrets).

fn main() {
    let credentials = codearts_client::Credentials::access_key("AK", "SK");
    let _ = format!("{credentials}");
}
